"""Small helpers that make valid objects, and the data the admin's forms post.

Tests override only what they are about.
"""

import itertools
from datetime import timedelta

import html5lib
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

from articles.models import Article, ArticleAuthor, ArticleTranslation, Status
from authors.models import Author, AuthorTranslation
from series.models import Series, SeriesTranslation

_numbers = itertools.count(1)


def make_series(**texts) -> Series:
    """A series with a text per language given as make_series(fr={...}, en={...})."""
    series = Series.objects.create()
    texts = texts or {"fr": {}, "en": {}}
    for language, overrides in texts.items():
        n = next(_numbers)
        SeriesTranslation.objects.create(
            series=series,
            language=language,
            **{"title": f"Série {n}", "slug": f"serie-{n}", "blurb": "un thème", **overrides},
        )
    return series


def make_author(name: str | None = None, bios: dict | None = None, **overrides) -> Author:
    n = next(_numbers)
    author = Author.objects.create(
        **{"name": name or f"Author {n}", "slug": f"author-{n}", **overrides}
    )
    for language, bio in (bios or {}).items():
        AuthorTranslation.objects.create(author=author, language=language, bio=bio)
    return author


def make_article(*, authors=(), versions=None, **overrides) -> Article:
    """An article; versions maps a language to overrides of make_version()."""
    article = Article.objects.create(**overrides)
    for position, author in enumerate(authors, start=1):
        ArticleAuthor.objects.create(article=article, author=author, position=position)
    for language, version_overrides in (versions or {}).items():
        make_version(article, language, **version_overrides)
    return article


def make_version(article: Article, language: str, **overrides) -> ArticleTranslation:
    n = next(_numbers)
    fields = {
        "title": f"Title {n}",
        "slug": f"title-{n}",
        "standfirst": "A standfirst.",
        "body": "Some body.",
        "status": Status.PUBLISHED,
        "publish_at": timezone.now() - timedelta(days=1),
    }
    fields.update(overrides)
    return ArticleTranslation.objects.create(article=article, language=language, **fields)


def make_staff(role: str, author: Author | None = None, username: str | None = None, **extra):
    """A staff login in the "Editor" or "Author" group, signing as `author` if given."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from editorial.models import EditorProfile

    n = next(_numbers)
    user = get_user_model().objects.create_user(
        username or f"{role.lower()}-{n}", password="pw", is_staff=True, **extra
    )
    user.groups.add(Group.objects.get(name=role))
    EditorProfile.objects.create(user=user, author=author)
    return user


# Browsers -------------------------------------------------------------------------------


def client_for(user=None, language: str = "en") -> Client:
    """A browser that asks for `language`, signed in as `user` unless None (a visitor)."""
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


# What the admin's forms post -----------------------------------------------------------


def formset(prefix: str, rows: list[dict], initial: int = 0) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def article_form(*, series=None, part="", authors=(), versions=()) -> dict:
    """The article add page's form: shared fields, the byline, one row per version."""
    data = {"series": series.pk if series else "", "part": part, "target_date": ""}
    data |= formset(
        "bylines",
        [{"author": author.pk, "position": position} for position, author in
         enumerate(authors, start=1)],
    )
    rows = []
    for version in versions:
        rows.append({
            "language": version["language"],
            "title": version.get("title", "Un titre"),
            "slug": version.get("slug", "un-titre"),
            "status": version.get("status", Status.DRAFT),
            "publish_at_0": version.get("publish_at_0", ""),
            "publish_at_1": version.get("publish_at_1", ""),
            "standfirst": "",
            "body": version.get("body", ""),
            "tags": version.get("tags", ""),
        })
    return data | formset("versions", rows)


def change_post(world, title="Changed by a crafted POST", status=Status.DRAFT):
    """The article change page's form for world's article, its French version retitled.

    `world` holds "article" (part 1 of "series", signed by "ada" alone) and "version",
    its French version with the slug "ada".
    """
    version = world["version"]
    data = article_form(series=world["series"], part=1, authors=[world["ada"]])
    data |= formset("bylines", [{"id": world["article"].bylines.get().pk,
                                 "article": world["article"].pk,
                                 "author": world["ada"].pk, "position": 1}], initial=1)
    data |= formset("versions", [{
        "id": version.pk, "article": world["article"].pk, "language": "fr",
        "title": title, "slug": "ada", "status": status, "standfirst": "", "body": "",
        "tags": "", "loaded_version": version.updated_at.isoformat(),
    }], initial=1)
    data["loaded_version"] = world["article"].updated_at.isoformat()
    return data


def action_post(action: str, objects, **extra) -> dict:
    """A list action on `objects` as the list page posts it: each row with its version marker."""
    from editorial.forms import edit_token

    objects = list(objects)
    data = {"action": action, "_selected_action": [obj.pk for obj in objects]}
    data |= {f"token-{obj.pk}": edit_token(obj) for obj in objects}
    return data | extra


def loaded(obj) -> dict:
    """The version marker a change form of `obj`, opened now, posts with its fields."""
    from editorial.forms import edit_token

    return {"loaded_version": edit_token(obj)}


# Inputs a browser does not send with the fields: files go apart, and of the buttons only
# the one the form was submitted with (a test posts without one).
UNSENT_INPUTS = {"file", "submit", "button", "reset", "image"}


def rendered_form_data(page: HttpResponse) -> dict:
    """What a browser would send back from the page's main form, untouched.

    The main form is the admin's (its id ends in "_form"), read as a browser reads it:
    a checkbox or radio only when checked ("on" when it has no value), every selected
    option of a multiple select (a list), the selected option of another select (else
    its first), a textarea's text. Disabled controls (their fields keep their values
    anyway), file inputs, buttons and the admin's templates for new inline rows (names
    with __prefix__) are left out. A name sent more than once maps to the list of its
    values.
    """
    assert page.status_code == 200, page.status_code
    document = html5lib.parse(page.content.decode(), namespaceHTMLElements=False)
    forms = [form for form in document.iter("form")
             if (form.get("id") or "").endswith("_form")]
    assert len(forms) == 1, [form.get("id") for form in document.iter("form")]
    sent: dict[str, list[str]] = {}
    lists: set[str] = set()
    for field in forms[0].iter():
        if field.tag not in {"input", "select", "textarea"}:
            continue
        name = field.get("name")
        kind = (field.get("type") or "text").lower()
        if (not name or "__prefix__" in name or field.get("disabled") is not None
                or (field.tag == "input" and kind in UNSENT_INPUTS)):
            continue
        if field.tag == "textarea":
            values = [field.text or ""]
        elif field.tag == "select":
            options = [option for option in field.iter("option")
                       if option.get("disabled") is None]
            chosen = [option for option in options if option.get("selected") is not None]
            if field.get("multiple") is not None:
                lists.add(name)
            else:
                chosen = chosen[-1:] or options[:1]
            values = [option.get("value", " ".join((option.text or "").split()))
                      for option in chosen]
        elif kind in {"checkbox", "radio"}:
            values = [field.get("value", "on")] if field.get("checked") is not None else []
        else:
            values = [field.get("value", "")]
        sent.setdefault(name, []).extend(values)
    return {name: values if name in lists or len(values) > 1 else values[0]
            for name, values in sent.items() if values}
