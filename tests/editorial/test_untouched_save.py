"""Saving a form without touching it changes nothing, whatever line endings the text had.

A browser sends a text area's lines ended by CRLF, and text stored with bare line feeds
(the demo, imported archives) or with trailing spaces comes back different, character
for character, from what is stored. The admin compares and saves the text normalised
(core.text), so the untouched save is no change at all.
"""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article, ArticleTranslation
from core.languages import language_codes
from editorial.translating import missing_and_outdated
from tests.factories import (
    client_for,
    make_article,
    make_author,
    make_series,
    make_staff,
    rendered_form_data,
)

# As stored by an import: bare line feeds, a line with trailing spaces, a final newline.
BODY = "## Part one\n\nFirst paragraph,   \nstill the first.\n\n- a\n- b\n"


def as_browser_sends(data: dict) -> dict:
    """The form data with every line of text ended by CRLF, as browsers send text areas."""
    return {
        name: value.replace("\r\n", "\n").replace("\n", "\r\n") if isinstance(value, str)
        else value
        for name, value in data.items()
    }


@pytest.fixture
def published(db):
    past = timezone.now() - timedelta(days=30)
    article = make_article(versions={
        code: {"title": f"Title {code}", "slug": f"title-{code}", "body": BODY,
               "standfirst": "A standfirst.\nOn two lines.\n", "publish_at": past}
        for code in language_codes()
    })
    return article


def save_as_browser(obj, user, bodies=None) -> None:
    """Open the object's change form, type `bodies` (language: body) and save, as a
    browser would; an editor publishes the typed bodies directly (a small fix)."""
    client = client_for(user)
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = rendered_form_data(client.get(url))
    for language, body in (bodies or {}).items():
        prefix = next(name.removesuffix("-language") for name, value in data.items()
                      if name.startswith("versions-") and name.endswith("-language")
                      and value == language)
        data[f"{prefix}-body"] = body
        data[f"{prefix}-publish_directly"] = "on"
    response = client.post(url, as_browser_sends(data))
    assert response.status_code == 302, response.content.decode()[:2000]


def last_change_message(obj) -> str:
    return LogEntry.objects.filter(object_id=str(obj.pk)).latest("action_time").change_message


def test_an_untouched_save_of_a_published_article_changes_nothing(published):
    """No "Updated on", no stale translation, no changed field in the history."""
    editor = make_staff("Editor")
    before = {v.pk: v for v in published.versions.all()}
    text_before = {pk: (v.body, v.standfirst) for pk, v in before.items()}

    save_as_browser(published, editor)

    for version in ArticleTranslation.objects.filter(article=published):
        assert version.is_revised is False, version.language
        assert version.revised_at == before[version.pk].revised_at
        assert version.text_changed_at == before[version.pk].text_changed_at
        assert (version.body, version.standfirst) == text_before[version.pk]
    _, outdated = missing_and_outdated(Article.objects.filter(pk=published.pk))
    assert outdated == []
    assert last_change_message(published) == "[]"  # "No fields changed."
    for code in language_codes():
        page = client_for(None, code).get(published.versions.get(language=code).get_absolute_url())
        with translation.override(code):
            assert translation.gettext("Updated on") not in page.content.decode()


def test_a_typed_change_is_still_a_change_stored_with_line_feeds(published):
    """The edited version is revised and its text stored without CR; the others stay."""
    editor = make_staff("Editor")
    first = language_codes()[0]
    version = published.versions.get(language=first)
    other_dates = {v.pk: v.text_changed_at for v in published.versions.exclude(pk=version.pk)}

    save_as_browser(published, editor, {first: BODY + "\nA new line.\n"})

    version.refresh_from_db()
    assert version.body == BODY + "\nA new line."
    assert version.is_revised
    assert {v.pk: v.text_changed_at
            for v in published.versions.exclude(pk=version.pk)} == other_dates
    # Named by its verbose name as written in the code: read in each reader's language.
    assert '"fields": ["body"]' in last_change_message(published)


def test_trailing_spaces_typed_at_a_line_end_are_a_change(published):
    """Two spaces at a line's end are a Markdown line break: typed, they are kept."""
    editor = make_staff("Editor")
    first = language_codes()[0]
    typed = BODY.replace("- a\n", "- a  \n")

    save_as_browser(published, editor, {first: typed})

    assert published.versions.get(language=first).body == typed.rstrip()


def test_untouched_saves_of_a_series_and_an_author_change_nothing(db):
    """Their texts in every language too, stored with bare line feeds."""
    editor = make_staff("Editor")
    series = make_series(**{
        code: {"title": f"Series {code}", "slug": f"series-{code}",
               "blurb": "A theme,\nover two lines.\n"}
        for code in language_codes()
    })
    author = make_author(bios={code: "A bio.\n\nIn two paragraphs.\n" for code in language_codes()})
    for obj, texts in ((series, series.translations), (author, author.translations)):
        stored = list(texts.order_by("pk").values())

        save_as_browser(obj, editor)

        assert last_change_message(obj) == "[]"
        assert list(texts.order_by("pk").values()) == stored
