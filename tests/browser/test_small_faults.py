"""What a person sees in a browser of the small faults of issue 16: the admin's slugs
follow the site's slug rule as the title is typed, the related-articles picker leaves the
article out and tells namesakes apart, and an author without a portrait gets the whole
width on a phone."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from articles.models import Status
from core.slugs import slug_of
from tests.browser.conftest import PHONE
from tests.factories import make_article, make_author, make_series, make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = [code for code, _ in settings.LANGUAGES]


@pytest.mark.parametrize("title", [
    "Les jeux de pouvoir de l’IA", "L'été des modèles ouverts", "Œuvres d’art & IA",
    "Don't panic: Ærø's data", "  Tirets -- et   espaces  ",
])
def test_the_admins_slug_follows_the_sites_slug_rule(open_page, title):
    """Typing a series title fills in the slug the site itself would make: "l-ia"."""
    editor = make_staff("Editor")
    page = open_page(reverse("admin:series_series_add"), user=editor)

    title_field = page.locator('[name="translations-0-title"]')
    title_field.fill(title)
    title_field.dispatch_event("change")

    expect(page.locator('[name="translations-0-slug"]')).to_have_value(slug_of(title))


def test_a_tags_slug_keeps_taggits_unicode_rule(open_page):
    """Tags' slugs keep their accents, as taggit makes them for tags typed on a version."""
    page = open_page(reverse("admin:taggit_tag_add"), user=make_staff("Editor"))

    page.locator('[name="name"]').fill("Modèles d’IA")
    page.locator('[name="name"]').dispatch_event("change")

    expect(page.locator('[name="slug"]')).to_have_value("modèles-dia")


def test_the_related_articles_picker_leaves_the_article_out_and_tells_namesakes_apart(
    open_page,
):
    editor = make_staff("Editor")
    series = make_series(fr={"title": "Jeux de pouvoir"})
    article = make_article(series=series, part=1, versions={
        "fr": {"title": "Pourquoi ouvrir"}})
    make_article(series=series, part=2, versions={
        "fr": {"title": "Pourquoi ouvrir", "status": Status.DRAFT, "publish_at": None}})
    make_article(versions={"fr": {"title": "Pourquoi ouvrir"}})
    page = open_page(reverse("admin:articles_article_change", args=[article.pk]), user=editor)

    page.locator("#id_related_articles + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill("Pourquoi")
    options = page.locator(".select2-results__option:not(.loading-results)")
    expect(options).to_have_count(2)

    assert sorted(options.all_inner_texts()) == [
        "Pourquoi ouvrir (part 2) — Jeux de pouvoir — fr: draft",
        "Pourquoi ouvrir — no series — fr: published",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_author_without_portrait_gets_the_whole_width_on_a_phone(open_page, language):
    author = make_author("Sans Portrait", bios={language: "Une biographie assez longue."})
    version = make_article(authors=[author], versions={language: {}}).versions.get()
    page = open_page(version.get_absolute_url(), viewport=PHONE)

    note = page.locator(".author-note").bounding_box()
    heading = page.locator(".author-note h3").bounding_box()
    bio = page.locator(".author-note__bio").bounding_box()

    assert abs(heading["x"] - note["x"]) <= 1
    assert abs(bio["x"] - note["x"]) <= 1
    assert bio["width"] >= note["width"] - 1
