"""The metadata of an author's page (see core.metadata)."""

from collections.abc import Iterable

from django.core.paginator import Page
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import pgettext

from core.markdown import plain_text
from core.metadata import PageMetadata, absolute, breadcrumbs, page_metadata, person
from images.renditions import og_image


def author_person(request: HttpRequest, author, text=None, *, full: bool = False) -> dict:
    """An author as a schema.org Person; `full` adds what only the author's page shows."""
    data = person(
        url=absolute(request, author.get_absolute_url()), name=author.name,
        honours=author.honours,
    )
    if not full:
        return data
    same_as = [author.website] if author.website else []
    same_as += [link.url for link in author.links.all()]
    if same_as:
        data["sameAs"] = same_as
    if text is not None and text.role:
        data["jobTitle"] = text.role
    if text is not None and text.bio:
        data["description"] = plain_text(text.bio)
    image = og_image(request, author.portrait, author.portrait_renditions)
    if image:
        data["image"] = image.as_json_ld()
    return data


def author_metadata(
    request: HttpRequest, author, text=None, *, page: Page, languages: Iterable[str] = ()
) -> PageMetadata:
    """An author's page: a profile, with the author as a schema.org Person; `languages`
    are those the page exists in."""
    if text is not None and text.bio:
        description = plain_text(text.bio)
    elif text is not None and text.role:
        description = f"{author.name}, {text.role}"
    else:
        description = author.display_name
    image = og_image(request, author.portrait, author.portrait_renditions, alt=author.name)
    trail = [(pgettext("navigation", "Authors"), reverse("authors:list")),
             (author.name, author.get_absolute_url())]
    return page_metadata(
        request, title=author.name, description=description, page=page, og_type="profile",
        languages=languages, image=image,
        nodes=[author_person(request, author, text, full=True), breadcrumbs(request, trail)],
    )
