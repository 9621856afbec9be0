"""The translation status page: missing versions, stale translations, one-click drafts."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version as RevisionRecord

from articles.models import ArticleTranslation, Status
from core.languages import language_codes
from editorial.services import VersionRefused, version_create
from tests.accessibility import by_id, parse, text
from tests.factories import client_for, make_article, make_series

PARIS = ZoneInfo("Europe/Paris")
DRAFT = {"status": Status.DRAFT, "publish_at": None}


def status_page(user):
    return client_for(user).get(reverse("admin:translation_status"))


def missing_titles(response, language: str) -> list[str]:
    [group] = [g for g in response.context["missing"] if g["code"] == language]
    return [item["article"].in_language_or_any().title for item in group["items"]]


def missing_section(html: str, language: str) -> str:
    """The part of the page about the articles without a version in `language`."""
    return html.split(f'id="missing-{language}"')[1].split('<div class="module" id="missing-')[0]


def set_text_changed(version, at: datetime) -> None:
    ArticleTranslation.objects.filter(pk=version.pk).update(text_changed_at=at)


@pytest.mark.django_db
class TestMissingVersions:
    def test_each_language_lists_the_articles_without_a_version_in_it(self, people):
        make_article(versions={"fr": {"title": "Seulement en français"}})
        make_article(versions={"en": {"title": "English only", **DRAFT}})
        make_article(versions={"fr": {"title": "Les deux"}, "en": {"title": "Both"}})
        make_article()  # nothing to translate from yet

        response = status_page(people["editor"])

        assert missing_titles(response, "en") == ["Seulement en français"]
        assert missing_titles(response, "fr") == ["English only"]
        section = missing_section(response.text, "en")
        assert "Seulement en français" in section
        assert ">FR</abbr></a> (published, " in section
        assert "Create the missing version" in section

    @pytest.mark.parametrize(("browser", "captions", "complete"), [
        ("en", ["French: articles without a version", "French: series without a title and blurb",
                "French: authors without a biography",
                "English: articles without a version", "English: series without a title and blurb",
                "English: authors without a biography"],
         "Every article has a version in this language."),
        ("fr", ["Français : articles sans version", "Français : séries sans titre ni présentation",
                "Français : auteurs sans biographie",
                "Anglais : articles sans version", "Anglais : séries sans titre ni présentation",
                "Anglais : auteurs sans biographie"],
         "Chaque article a une version dans cette langue."),
    ])
    def test_tables_are_captioned_by_their_language_written_as_a_label(
        self, people, browser, captions, complete
    ):
        """A language's name starts the caption: French never reads "en Anglais"."""
        make_article(versions={"fr": {"title": "Seulement en français"}})
        client = Client(HTTP_ACCEPT_LANGUAGE=browser)
        client.force_login(people["editor"])

        page = parse(client.get(reverse("admin:translation_status")).content.decode())

        main = by_id(page, "content-main")
        found = [text(caption) for caption in main.iter("caption")]
        assert found[:6] == captions
        # Any other language of the site follows, captioned the same way.
        tails = [caption.split(":", 1)[1] for caption in captions[:3]]
        assert [caption.split(":", 1)[1] for caption in found] == tails * len(language_codes())
        assert complete in [text(cell) for cell in main.iter("td")]

    def test_authors_see_only_the_articles_they_sign(self, people):
        make_article(authors=[people["ada"]], versions={"fr": {"title": "D’Ada", **DRAFT}})
        make_article(authors=[people["bob"]], versions={"fr": {"title": "De Bob", **DRAFT}})

        response = status_page(people["writer"])

        assert missing_titles(response, "en") == ["D’Ada"]
        assert "De Bob" not in response.text

    def test_query_count_does_not_grow_with_articles(self, people):
        def build(n: int):
            series = make_series()
            for i in range(n):
                make_article(series=series, part=i + 1, authors=[people["ada"]],
                             versions={"fr": {}})
                make_article(authors=[people["ada"]], versions={"fr": {}, "en": {}})

        def count(user) -> int:
            client = client_for(user)
            client.get(reverse("admin:translation_status"))
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("admin:translation_status")).status_code == 200
            return len(queries)

        build(1)
        small = [count(people["editor"]), count(people["writer"])]
        build(4)

        assert [count(people["editor"]), count(people["writer"])] == small


@pytest.mark.django_db
class TestOutOfDate:
    def test_a_translation_older_than_its_originals_text_is_flagged(self, people):
        article = make_article(versions={"fr": {"title": "Original"},
                                         "en": {"title": "Translation"}})
        original = article.versions.get(language="fr")
        translation = article.versions.get(language="en")
        set_text_changed(original, datetime(2030, 3, 10, 9, 0, tzinfo=PARIS))
        set_text_changed(translation, datetime(2030, 3, 5, 9, 0, tzinfo=PARIS))

        response = status_page(people["editor"])

        [item] = response.context["outdated"]
        assert (item["version"], item["original"]) == (translation, original)
        section = response.text.split('id="outdated"')[1]
        assert "Translation" in section and "Original" in section
        assert "translation may be out of date" in section
        assert "March 10, 2030" in section and "March 5, 2030" in section

    def test_a_translation_newer_than_its_original_is_not_flagged(self, people):
        article = make_article(versions={"fr": {"title": "Original"},
                                         "en": {"title": "Translation"}})
        set_text_changed(article.versions.get(language="fr"),
                         datetime(2030, 3, 1, 9, 0, tzinfo=PARIS))
        set_text_changed(article.versions.get(language="en"),
                         datetime(2030, 3, 2, 9, 0, tzinfo=PARIS))

        response = status_page(people["editor"])

        assert response.context["outdated"] == []
        assert "Every translation is newer than its original" in response.text

    def test_editing_the_original_flags_the_translation(self, people):
        article = make_article(versions={"fr": {"title": "Original"},
                                         "en": {"title": "Translation"}})
        original = article.versions.get(language="fr")
        assert status_page(people["editor"]).context["outdated"] == []

        original.body = "A new paragraph."
        original.save()

        [item] = status_page(people["editor"]).context["outdated"]
        assert item["version"].language == "en"


def create(client, source, language="en"):
    return client.post(reverse("admin:version_create"),
                       {"source": source.pk, "language": language})


@pytest.mark.django_db
class TestCreateMissingVersion:
    @pytest.fixture
    def source(self, people):
        article = make_article(authors=[people["ada"]], versions={"fr": {
            "title": "Pourquoi ouvrir", "slug": "why-open", "standfirst": "Un chapeau.",
            "body": "## Un\n\nTexte.", "hero_alt": "Une photo.",
            "source_name": "The Review", "source_url": "https://example.org/a",
            "source_licence": "CC BY 4.0",
        }})
        version = article.versions.get()
        version.tags.set(["stratégie", "éducation", "OpenAI"])
        # English versions already use one of those tags; the title's slug is taken in
        # English by another article: the copy needs its own.
        make_article(versions={"en": {"slug": "pourquoi-ouvrir"}}).versions.get().tags.set(
            ["OpenAI"])
        return version

    def test_creates_a_draft_prefilled_from_the_other_language(self, people, source):
        response = create(client_for(people["editor"]), source)

        new = ArticleTranslation.objects.get(article=source.article, language="en")
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "admin:articles_articletranslation_change", args=[new.pk])
        assert new.status == Status.DRAFT and new.publish_at is None
        assert (new.title, new.standfirst, new.body, new.hero_alt) == (
            "Pourquoi ouvrir", "Un chapeau.", "## Un\n\nTexte.", "Une photo.")
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert any("EN version is ready as a draft" in m for m in messages)

    def test_the_copy_starts_clean_of_what_belongs_to_the_other_language(self, people, source):
        """Its slug comes from its title, not the other slug; only tags its language
        already uses are kept, the others named for the translator; where the other
        version first appeared is not copied."""
        response = create(client_for(people["editor"]), source)

        new = ArticleTranslation.objects.get(article=source.article, language="en")
        assert new.slug == "pourquoi-ouvrir-2"
        assert (new.source_name, new.source_url, new.source_licence) == ("", "", "")
        assert [tag.name for tag in new.tags.all()] == ["OpenAI"]
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert any("Tags to name in EN" in m and "stratégie, éducation" in m
                   for m in messages), messages

    def test_the_slug_counts_up_until_it_is_free(self, people, source):
        make_article(versions={"en": {"slug": "pourquoi-ouvrir-2"}})

        create(client_for(people["editor"]), source)

        assert source.article.versions.get(language="en").slug == "pourquoi-ouvrir-3"

    def test_records_a_revision_by_the_person_who_asked(self, people, source):
        create(client_for(people["writer"]), source)

        new = source.article.versions.get(language="en")
        [revision] = [v.revision for v in RevisionRecord.objects.get_for_object(new)]
        assert revision.user == people["writer"]
        assert "FR" in revision.comment

    def test_refuses_a_language_that_already_has_a_version(self, people, source):
        client = client_for(people["editor"])
        create(client, source)

        response = create(client, source)

        assert source.article.versions.filter(language="en").count() == 1
        assert response["Location"] == reverse("admin:translation_status")
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert any("already has a version in EN" in m for m in messages)

    def test_refuses_an_author_who_does_not_sign_the_article(self, people):
        bobs = make_article(authors=[people["bob"]], versions={"fr": {"slug": "de-bob"}})

        response = create(client_for(people["writer"]), bobs.versions.get())

        assert not bobs.versions.filter(language="en").exists()
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert any("articles you sign" in m for m in messages)

    @pytest.mark.parametrize("language", ["xx", "", "fr"])
    def test_refuses_an_unknown_or_taken_language(
        self, people, source, language
    ):
        with pytest.raises(VersionRefused):
            version_create(article=source.article, language=language, source=source,
                               by=people["editor"])

        assert source.article.versions.count() == 1

    def test_refuses_a_source_from_another_article(self, people, source):
        other = make_article(versions={"fr": {"slug": "autre"}})

        with pytest.raises(VersionRefused):
            version_create(article=other, language="en", source=source,
                               by=people["editor"])

    def test_only_by_post(self, people, source):
        response = client_for(people["editor"]).get(
            reverse("admin:version_create"), {"source": source.pk, "language": "en"})

        assert response.status_code == 405

    @pytest.mark.parametrize("source_value", ["", "nonsense", "999999"])
    def test_a_missing_source_is_a_message_not_an_error_page(self, people, source_value):
        response = client_for(people["editor"]).post(
            reverse("admin:version_create"), {"source": source_value, "language": "en"})

        assert response.status_code == 302
        assert ArticleTranslation.objects.filter(language="en").count() == 0

    def test_the_button_on_the_page_creates_the_version(self, people, source):
        page = status_page(people["writer"])
        assert f'name="source" value="{source.pk}"' in page.text

        create(client_for(people["writer"]), source)

        after = status_page(people["writer"])
        assert "Pourquoi ouvrir" not in missing_section(after.text, "en")

