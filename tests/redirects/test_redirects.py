"""A renamed page's old address answers 301 to the new one, for good."""

import itertools

import pytest
from django.test import Client
from django.urls import reverse
from taggit.models import Tag

from articles.models import ArticleTranslation, Status
from redirects.models import Redirect
from redirects.services import redirect_record
from series.models import SeriesTranslation
from tests.factories import make_article, make_author, make_series, rendered_form_data


def inline_row(data: dict, prefix: str, language: str) -> str:
    """The prefix of the inline form holding the row in `language`, e.g. versions-0."""
    for key, value in data.items():
        row = key.removesuffix("-language")
        if (key.startswith(f"{prefix}-") and key != row and value == language
                and data.get(f"{row}-id")):
            return row
    raise AssertionError(f"no saved {prefix} row in {language}")


def rename_version(client: Client, version: ArticleTranslation, slug: str) -> None:
    """An editor renames a live version on the article's page, for readers at once
    ("publish directly"; otherwise the new slug waits as a pending change)."""
    url = reverse("admin:articles_article_change", args=[version.article_id])
    data = rendered_form_data(client.get(url))
    row = inline_row(data, 'versions', version.language)
    data[f"{row}-slug"] = slug
    data[f"{row}-publish_directly"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    version.refresh_from_db()
    assert version.slug == slug


def article_url(language: str, slug: str) -> str:
    return ArticleTranslation(language=language, slug=slug).get_absolute_url()


@pytest.fixture
def article(db):
    return make_article(versions={
        "fr": {"title": "Pourquoi ouvrir", "slug": "pourquoi-ouvrir"},
        "en": {"title": "Why open", "slug": "why-open"},
    })


@pytest.mark.django_db
class TestArticleSlugChanges:
    def test_old_address_of_a_public_version_answers_301_to_the_new_one(
        self, editor_client, article
    ):
        rename_version(editor_client, article.versions.get(language="fr"), "ouvrir")

        response = Client().get("/fr/articles/pourquoi-ouvrir/")

        assert response.status_code == 301
        assert response["Location"] == "/fr/articles/ouvrir/"
        assert Client().get("/fr/articles/ouvrir/").status_code == 200
        assert Client().get("/en/articles/why-open/").status_code == 200

    def test_query_string_is_kept(self, editor_client, article):
        rename_version(editor_client, article.versions.get(language="en"), "open")

        response = Client().get("/en/articles/why-open/?page=2&ref=news")

        assert response.status_code == 301
        assert response["Location"] == "/en/articles/open/?page=2&ref=news"

    def test_twice_renamed_sends_both_old_addresses_straight_to_the_last(
        self, editor_client, article
    ):
        version = article.versions.get(language="en")
        rename_version(editor_client, version, "open-b")
        rename_version(editor_client, version, "open-c")

        for old in ("why-open", "open-b"):
            response = Client().get(article_url("en", old))
            assert response.status_code == 301, old
            assert response["Location"] == article_url("en", "open-c")

    def test_renaming_back_leaves_no_loop(self, editor_client, article):
        version = article.versions.get(language="en")
        rename_version(editor_client, version, "open-b")
        rename_version(editor_client, version, "why-open")

        assert Client().get(article_url("en", "why-open")).status_code == 200
        back = Client().get(article_url("en", "open-b"))
        assert back.status_code == 301
        assert back["Location"] == article_url("en", "why-open")
        assert not Redirect.objects.filter(old_path=article_url("en", "why-open")).exists()

    def test_a_drafts_slug_changes_freely(self, editor_client):
        article = make_article(versions={
            "fr": {"slug": "brouillon", "status": Status.DRAFT, "publish_at": None},
        })

        rename_version(editor_client, article.versions.get(), "brouillon-deux")

        assert not Redirect.objects.exists()
        assert Client().get(article_url("fr", "brouillon")).status_code == 404

    def test_renaming_in_the_language_version_admin_redirects_too(self, editor_client, article):
        version = article.versions.get(language="fr")
        url = reverse("admin:articles_articletranslation_change", args=[version.pk])
        data = rendered_form_data(editor_client.get(url)) | {"slug": "ouvrir-enfin",
                                                             "publish_directly": "on"}

        response = editor_client.post(url, data)

        assert response.status_code == 302, response.context["errors"]
        old = Client().get("/fr/articles/pourquoi-ouvrir/")
        assert old.status_code == 301
        assert old["Location"] == "/fr/articles/ouvrir-enfin/"

    def test_a_renaming_kept_pending_moves_readers_once_published(self, editor_client, article):
        version = article.versions.get(language="fr")
        url = reverse("admin:articles_articletranslation_change", args=[version.pk])
        data = rendered_form_data(editor_client.get(url)) | {"slug": "ouvrir-enfin"}

        assert editor_client.post(url, data).status_code == 302
        assert Client().get("/fr/articles/pourquoi-ouvrir/").status_code == 200
        assert Client().get("/fr/articles/ouvrir-enfin/").status_code == 404
        assert not Redirect.objects.exists()

        data = rendered_form_data(editor_client.get(url)) | {
            "_workflow": f"publish_changes:{version.pk}"}
        assert editor_client.post(url, data).status_code == 302
        old = Client().get("/fr/articles/pourquoi-ouvrir/")
        assert old.status_code == 301
        assert old["Location"] == "/fr/articles/ouvrir-enfin/"


@pytest.mark.django_db
def test_series_slug_changes_redirect_in_every_language(editor_client):
    series = make_series(fr={"slug": "jeux"}, en={"slug": "games"})
    # A series has pages once it has a public part in their language.
    make_article(series=series, part=1, versions={"fr": {}, "en": {}})
    url = reverse("admin:series_series_change", args=[series.pk])
    data = rendered_form_data(editor_client.get(url))
    data[f"{inline_row(data, 'translations', 'fr')}-slug"] = "jeux-de-pouvoir"
    data[f"{inline_row(data, 'translations', 'en')}-slug"] = "power-play"

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    for language, old, new in [("fr", "jeux", "jeux-de-pouvoir"), ("en", "games", "power-play")]:
        old_url = SeriesTranslation(language=language, slug=old).get_absolute_url()
        new_url = SeriesTranslation(language=language, slug=new).get_absolute_url()
        answer = Client().get(old_url)
        assert answer.status_code == 301, old_url
        assert answer["Location"] == new_url
        assert Client().get(new_url).status_code == 200


@pytest.mark.django_db
def test_author_slug_change_redirects_in_every_language(editor_client):
    author = make_author("Ada Lovelace", slug="ada")
    # An author has pages once they sign a public version in their language.
    make_article(authors=[author], versions={"fr": {}, "en": {}})
    url = reverse("admin:authors_author_change", args=[author.pk])
    data = rendered_form_data(editor_client.get(url)) | {"slug": "ada-lovelace"}

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    author.refresh_from_db()
    for old, new in [("/fr/auteurs/ada/", "/fr/auteurs/ada-lovelace/"),
                     ("/en/authors/ada/", "/en/authors/ada-lovelace/")]:
        answer = Client().get(old)
        assert answer.status_code == 301, old
        assert answer["Location"] == new
        assert Client().get(new).status_code == 200


@pytest.mark.django_db
def test_saving_without_changing_a_slug_records_nothing(editor_client, article):
    url = reverse("admin:articles_article_change", args=[article.pk])

    response = editor_client.post(url, rendered_form_data(editor_client.get(url)))

    assert response.status_code == 302, response.context["errors"]
    assert not Redirect.objects.exists()


@pytest.mark.django_db
def test_an_address_without_redirect_stays_a_404():
    redirect_record(old_path="/en/articles/old/", new_path="/en/articles/new/")

    assert Client().get("/en/articles/never-existed/").status_code == 404


@pytest.mark.django_db
def test_a_live_page_wins_over_a_redirect_from_its_address(article):
    Redirect.objects.create(old_path="/en/articles/why-open/", new_path="/en/articles/other/")

    assert Client().get("/en/articles/why-open/").status_code == 200


@pytest.mark.django_db
class TestRedirectRecord:
    def pairs(self) -> set[tuple[str, str]]:
        return set(Redirect.objects.values_list("old_path", "new_path"))

    def test_chains_collapse_to_the_last_address(self):
        redirect_record(old_path="/a/", new_path="/b/")
        redirect_record(old_path="/b/", new_path="/c/")
        redirect_record(old_path="/c/", new_path="/d/")

        assert self.pairs() == {("/a/", "/d/"), ("/b/", "/d/"), ("/c/", "/d/")}

    def test_moving_back_drops_the_redirect_from_the_live_address(self):
        redirect_record(old_path="/a/", new_path="/b/")
        redirect_record(old_path="/b/", new_path="/c/")
        redirect_record(old_path="/c/", new_path="/a/")

        assert self.pairs() == {("/b/", "/a/"), ("/c/", "/a/")}

    def test_no_redirect_ever_leads_to_another_or_to_itself(self):
        moves = ["/a/", "/b/", "/a/", "/c/", "/b/", "/b/", "/a/"]
        for old, new in itertools.pairwise(moves):
            redirect_record(old_path=old, new_path=new)

        pairs = self.pairs()
        assert all(old != new for old, new in pairs)
        assert not {new for _old, new in pairs} & {old for old, _new in pairs}
        assert {new for _old, new in pairs} == {"/a/"}


@pytest.mark.django_db
def test_tag_slug_change_redirects_in_every_language(editor_client):
    make_article(versions={"fr": {"slug": "un"}, "en": {"slug": "one"}})
    for version in ArticleTranslation.objects.all():
        version.tags.add("AI")
    tag = Tag.objects.get(name="AI")
    url = reverse("admin:taggit_tag_change", args=[tag.pk])
    data = rendered_form_data(editor_client.get(url)) | {"name": "IA", "slug": "ia"}

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    for old, new in [("/fr/sujets/ai/", "/fr/sujets/ia/"), ("/en/topics/ai/", "/en/topics/ia/")]:
        answer = Client().get(old)
        assert answer.status_code == 301, old
        assert answer["Location"] == new
        assert Client().get(new).status_code == 200


@pytest.mark.django_db
def test_a_published_version_moved_to_another_language_leaves_a_301(editor_client):
    article = make_article(versions={"fr": {"slug": "pourquoi-ouvrir"}})
    version = article.versions.get()
    url = reverse("admin:articles_articletranslation_change", args=[version.pk])
    # Moving a live version is for readers at once: only with "publish directly".
    data = rendered_form_data(editor_client.get(url)) | {"language": "en",
                                                         "publish_directly": "on"}

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    old = Client().get("/fr/articles/pourquoi-ouvrir/")
    assert old.status_code == 301
    assert old["Location"] == "/en/articles/pourquoi-ouvrir/"


@pytest.mark.django_db
def test_a_series_text_moved_to_another_language_leaves_a_301(editor_client):
    series = make_series(fr={"slug": "jeux"})
    url = reverse("admin:series_series_change", args=[series.pk])
    data = rendered_form_data(editor_client.get(url))
    data[f"{inline_row(data, 'translations', 'fr')}-language"] = "en"

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    old = Client().get(SeriesTranslation(language="fr", slug="jeux").get_absolute_url())
    assert old.status_code == 301
    assert old["Location"] == SeriesTranslation(language="en", slug="jeux").get_absolute_url()


@pytest.mark.django_db
def test_restoring_an_older_slug_sends_the_newer_address_to_it(editor_client, article):
    from reversion.models import Version as RevisionRecord

    change_url = reverse("admin:articles_article_change", args=[article.pk])
    response = editor_client.post(change_url, rendered_form_data(editor_client.get(change_url)))
    assert response.status_code == 302
    first = RevisionRecord.objects.get_for_object(article).get()
    rename_version(editor_client, article.versions.get(language="en"), "open")
    restore_url = reverse("admin:articles_article_revision", args=[article.pk, first.pk])

    response = editor_client.post(restore_url, rendered_form_data(editor_client.get(restore_url)))

    assert response.status_code == 302, response.context["errors"]
    assert Client().get("/en/articles/why-open/").status_code == 200
    newer = Client().get("/en/articles/open/")
    assert newer.status_code == 301
    assert newer["Location"] == "/en/articles/why-open/"
