"""Translations start clean: the slug follows the translated title, and publishing a
version whose surrounding texts are missing in its language tells the editor which."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from articles.models import Status
from authors.models import AuthorTranslation
from core.languages import language_codes
from series.models import SeriesTranslation
from tests.factories import (
    client_for,
    loaded,
    make_article,
    make_author,
    make_series,
    make_version,
    rendered_form_data,
)

DRAFT = {"status": Status.DRAFT, "publish_at": None}


def change_url(version):
    return reverse("admin:articles_articletranslation_change", args=[version.pk])


def save_title(client, version, title, **changes):
    data = rendered_form_data(client.get(change_url(version)))
    data.update({"title": title, **changes})
    response = client.post(change_url(version), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    version.refresh_from_db()
    return version


@pytest.fixture
def created(people):
    """An English version just created from the French one by "Create the missing version"."""
    article = make_article(authors=[people["ada"]], versions={"fr": {
        "title": "Pourquoi ouvrir", "slug": "pourquoi-ouvrir-les-modeles"}})
    client = client_for(people["editor"])
    client.post(reverse("admin:version_create"),
                {"source": article.versions.get().pk, "language": "en"})
    return {"client": client, "version": article.versions.get(language="en")}


@pytest.mark.django_db
def test_the_slug_of_a_new_translation_follows_its_translated_title(created):
    version = save_title(created["client"], created["version"], "Why open the models")

    assert version.slug == "why-open-the-models"
    version = save_title(created["client"], version, "Why open them")
    assert version.slug == "why-open-them"


@pytest.mark.django_db
def test_a_slug_someone_typed_stays(created):
    version = save_title(created["client"], created["version"], "Why open the models",
                         slug="open-models")

    assert version.slug == "open-models"
    assert save_title(created["client"], version, "Why open").slug == "open-models"


@pytest.mark.django_db
def test_the_slug_readers_know_stays_when_the_title_changes(people):
    version = make_version(make_article(), "en", title="Open models", slug="open-models")

    version = save_title(client_for(people["editor"]), version, "Opening the models")

    assert version.slug == "open-models"


@pytest.mark.django_db
def test_a_followed_slug_never_takes_another_versions(created):
    make_version(make_article(), "en", slug="why-open-the-models")

    version = save_title(created["client"], created["version"], "Why open the models")

    assert version.slug == "why-open-the-models-2"


# Publishing with texts missing in the version's language ---------------------------------


def publish(client, version):
    response = client.post(
        reverse("admin:articles_articletranslation_workflow", args=[version.pk]),
        {"transition": "publish", **loaded(version)},
    )
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def unfinished(people):
    """A series told in the first language only, part 1 of it with a version in every
    language, a byline author with a biography in the first language only, and an
    announced follow-up with a version in the first language only."""
    first, *others = language_codes()
    series = make_series(**{first: {"title": "Jeux de pouvoir"}})
    author = make_author("Ada Lovelace", bios={first: "Une pionnière."})
    article = make_article(series=series, part=1, authors=[author], versions={
        code: {"title": f"Part one ({code})", **DRAFT} for code in language_codes()})
    make_article(series=series, part=2, announced=True, versions={
        first: {"title": "Titre de travail", **DRAFT}})
    return {"article": article, "series": series, "author": author, "first": first,
            "others": others}


@pytest.mark.django_db
def test_publishing_a_version_with_missing_texts_warns_the_editor_naming_them(
    people, unfinished
):
    for code in unfinished["others"]:
        version = unfinished["article"].versions.get(language=code)

        shown = publish(client_for(people["editor"]), version)

        version.refresh_from_db()
        assert version.status == Status.PUBLISHED  # a warning, not a refusal
        [warning] = [text for level, text in shown if level == "warning"]
        assert "Jeux de pouvoir" in warning
        assert "Ada Lovelace" in warning
        assert "Titre de travail" in warning


@pytest.mark.django_db
def test_publishing_with_every_text_written_says_nothing_more(people, unfinished):
    for code in unfinished["others"]:
        SeriesTranslation.objects.create(series=unfinished["series"], language=code,
                                         title=f"Power play {code}", slug=f"power-{code}")
        AuthorTranslation.objects.create(author=unfinished["author"], language=code,
                                         bio="A pioneer.")
        follow_up = unfinished["series"].articles.get(part=2)
        make_version(follow_up, code, title=f"Working title {code}", **DRAFT)

    for code in unfinished["others"]:
        version = unfinished["article"].versions.get(language=code)
        shown = publish(client_for(people["editor"]), version)
        assert [level for level, _text in shown] == ["success"]


@pytest.mark.django_db
def test_publishing_in_the_language_everything_is_written_in_gives_no_warning(
    people, unfinished
):
    version = unfinished["article"].versions.get(language=unfinished["first"])

    shown = publish(client_for(people["editor"]), version)

    assert [level for level, _text in shown] == ["success"]


@pytest.mark.django_db
def test_the_translation_status_page_lists_series_and_authors_missing_a_text(
    people, unfinished
):
    page = client_for(people["editor"]).get(reverse("admin:translation_status"))
    html = page.content.decode()

    first = unfinished["first"]
    for code in language_codes():
        series_table = html.split(f'id="missing-{code}-series"')[1].split("</table>")[0]
        authors_table = html.split(f'id="missing-{code}-authors"')[1].split("</table>")[0]
        assert ("Jeux de pouvoir" in series_table) is (code != first)
        assert ("Ada Lovelace" in authors_table) is (code != first)
        # Ada (people) has no biography at all: missing everywhere.
        assert "Ada</a>" in authors_table
