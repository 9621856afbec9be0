"""The article admin: editing shared fields and every language version on one page."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleTranslation, Status
from authors.models import Author
from core.languages import language_codes
from pagecache.state import current_state
from tests.factories import (
    action_post,
    article_form,
    change_post,
    formset,
    loaded,
    make_article,
    make_author,
    make_series,
)

ADD_URL = reverse("admin:articles_article_add")


@pytest.mark.django_db
class TestArticleAddForm:
    def test_editor_creates_article_with_two_versions_and_ordered_byline(self, editor_client):
        series = make_series()
        zoe, adam = make_author("Zoé"), make_author("Adam")

        response = editor_client.post(ADD_URL, article_form(
            series=series, part=1, authors=[zoe, adam],
            versions=[
                {"language": "fr", "title": "Pourquoi ouvrir", "slug": "pourquoi-ouvrir",
                 "tags": "éducation, stratégie"},
                {"language": "en", "title": "Why open", "slug": "why-open",
                 "tags": "education"},
            ],
        ))

        assert response.status_code == 302, response.context["errors"]
        article = Article.objects.get()
        assert article.byline() == [zoe, adam]
        french = article.versions.get(language="fr")
        assert french.title == "Pourquoi ouvrir"
        assert sorted(french.tags.names()) == ["stratégie", "éducation"]
        assert list(article.versions.get(language="en").tags.names()) == ["education"]

    def test_two_versions_in_one_language_is_a_form_error(self, editor_client):
        response = editor_client.post(ADD_URL, article_form(versions=[
            {"language": "fr", "slug": "un"},
            {"language": "fr", "slug": "deux"},
        ]))

        assert response.status_code == 200
        assert "Each language can have only one version" in response.content.decode()
        assert not Article.objects.exists()

    def test_slug_taken_in_the_same_language_is_a_form_error(self, editor_client):
        make_article(versions={"fr": {"slug": "deja-pris"}})

        response = editor_client.post(ADD_URL, article_form(versions=[
            {"language": "fr", "slug": "deja-pris"},
        ]))

        assert response.status_code == 200
        assert "Another article already uses this slug in this language." in (
            response.content.decode()
        )
        assert Article.objects.count() == 1

    def test_slug_taken_in_another_language_is_accepted(self, editor_client):
        make_article(versions={"fr": {"slug": "ia"}})

        response = editor_client.post(ADD_URL, article_form(versions=[
            {"language": "en", "slug": "ia"},
        ]))

        assert response.status_code == 302
        assert ArticleTranslation.objects.filter(slug="ia").count() == 2

    def test_part_taken_in_the_series_is_a_form_error(self, editor_client):
        series = make_series()
        make_article(series=series, part=3)

        response = editor_client.post(ADD_URL, article_form(series=series, part=3))

        assert response.status_code == 200
        assert "Another article already has this part number in this series." in (
            response.content.decode()
        )

    def test_part_without_series_is_a_form_error(self, editor_client):
        response = editor_client.post(ADD_URL, article_form(part=2))

        assert response.status_code == 200
        assert "A part number needs a series." in response.content.decode()

    def test_a_new_version_cannot_be_created_published(self, editor_client):
        """Publishing goes through the workflow: a new version starts planned or draft."""
        response = editor_client.post(ADD_URL, article_form(versions=[
            {"language": "fr", "status": Status.PUBLISHED,
             "publish_at_0": "2026-01-01", "publish_at_1": "09:00"},
        ]))

        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert not Article.objects.exists()

    def test_published_version_without_time_is_a_validation_error(self):
        """The database rule is also reported as a form-style error before saving."""
        from django.core.exceptions import ValidationError

        version = ArticleTranslation(
            article=make_article(), language="fr", title="T", slug="t",
            status=Status.PUBLISHED, publish_at=None,
        )
        with pytest.raises(ValidationError) as error:
            version.full_clean()

        assert "A scheduled or published version needs a publish time." in str(error.value)

    @pytest.mark.parametrize("target", ["0001-01-01", "9999-12-31"])
    def test_a_target_date_decades_away_is_a_form_error(self, editor_client, target):
        data = article_form(versions=[{"language": "fr"}]) | {"target_date": target}

        response = editor_client.post(ADD_URL, data)

        assert response.status_code == 200
        assert "within ten years of today" in response.content.decode()
        assert not Article.objects.exists()

    def test_a_tag_longer_than_a_tag_can_be_is_a_form_error(self, editor_client):
        word = "x" * 150
        data = article_form(versions=[{"language": "fr", "tags": f"court, {word}"}])

        response = editor_client.post(ADD_URL, data)

        assert response.status_code == 200
        assert "A tag is at most 100 characters long: shorten “xxxxx" in (
            response.content.decode()
        )
        assert not Article.objects.exists()

    def test_add_page_offers_one_form_per_language(self, editor_client):
        response = editor_client.get(ADD_URL)

        formset = next(
            f for f in response.context["inline_admin_formsets"]
            if f.formset.prefix == "versions"
        )
        assert [form.initial.get("language") for form in formset.formset.forms] == (
            language_codes()
        )


@pytest.mark.django_db
class TestAuthorDeletionInAdmin:
    def test_deleting_author_of_published_article_is_refused_with_a_message(self, editor_client):
        author = make_author("Ada Lovelace")
        make_article(authors=[author], versions={"fr": {"title": "Publié"}})
        url = reverse("admin:authors_author_delete", args=[author.pk])

        page = editor_client.get(url)
        response = editor_client.post(url, {"post": "yes"})

        assert page.status_code == 200
        assert "would require deleting the following protected related objects" in (
            page.content.decode()
        )
        assert response.status_code in (200, 403)
        assert Author.objects.filter(pk=author.pk).exists()

    def test_bulk_delete_of_author_of_published_article_is_refused(self, editor_client):
        author = make_author()
        make_article(authors=[author], versions={"fr": {}})

        response = editor_client.post(
            reverse("admin:authors_author_changelist"),
            action_post("delete_selected", [author], post="yes"),
        )

        assert response.status_code == 200
        assert "protected" in response.content.decode()
        assert Author.objects.filter(pk=author.pk).exists()

    def test_author_of_planned_follow_up_only_can_be_deleted(self, editor_client):
        author = make_author()
        make_article(authors=[author], versions={"fr": {"status": Status.PLANNED,
                                                        "publish_at": None}})

        response = editor_client.post(
            reverse("admin:authors_author_delete", args=[author.pk]), {"post": "yes"}
        )

        assert response.status_code == 302
        assert not Author.objects.filter(pk=author.pk).exists()


@pytest.mark.django_db
class TestArticleList:
    @pytest.fixture
    def articles(self):
        series = make_series(fr={"title": "Jeux de pouvoir"}, en={"title": "Power Play"})
        ada = make_author("Ada Lovelace")
        soon = timezone.now() + timedelta(days=2)
        both = make_article(series=series, part=1, authors=[ada], versions={
            "fr": {"title": "Ouvert", "status": Status.PUBLISHED},
            "en": {"title": "Open", "status": Status.SCHEDULED, "publish_at": soon},
        })
        french_draft = make_article(series=series, part=2, versions={
            "fr": {"title": "Brouillon", "status": Status.DRAFT, "publish_at": None},
            "en": {"title": "Published", "status": Status.PUBLISHED},
        })
        return {"both": both, "french_draft": french_draft, "soon": soon}

    def test_list_shows_series_part_languages_status_and_next_publication(
        self, editor_client, articles
    ):
        response = editor_client.get(
            reverse("admin:articles_article_changelist"), HTTP_ACCEPT_LANGUAGE="en"
        )
        html = response.content.decode()

        assert "Jeux de pouvoir, part 1" in html or "Power Play, part 1" in html
        row = response.context["cl"].result_list
        assert [a.next_publish_at for a in row if a == articles["both"]] == [articles["soon"]]
        assert '<strong>FR</strong> published' in html
        assert '<strong>EN</strong> scheduled' in html
        assert '<strong>FR</strong> draft' in html

    def test_status_filter_applies_to_the_chosen_language(self, editor_client, articles):
        url = reverse("admin:articles_article_changelist")

        french_drafts = editor_client.get(url, {"status": "draft", "language": "fr"})
        english_drafts = editor_client.get(url, {"status": "draft", "language": "en"})
        published_anywhere = editor_client.get(url, {"status": "published"})

        assert list(french_drafts.context["cl"].result_list) == [articles["french_draft"]]
        assert list(english_drafts.context["cl"].result_list) == []
        assert set(published_anywhere.context["cl"].result_list) == {
            articles["both"], articles["french_draft"]
        }

    def test_series_filter(self, editor_client, articles):
        other = make_article(series=make_series(), part=1)
        url = reverse("admin:articles_article_changelist")

        response = editor_client.get(url, {"series__id__exact": other.series_id})

        assert list(response.context["cl"].result_list) == [other]

    def test_search_by_title_and_by_author_name(self, editor_client, articles):
        url = reverse("admin:articles_article_changelist")

        by_title = editor_client.get(url, {"q": "Brouillon"})
        by_author = editor_client.get(url, {"q": "Lovelace"})

        assert list(by_title.context["cl"].result_list) == [articles["french_draft"]]
        assert list(by_author.context["cl"].result_list) == [articles["both"]]

    def test_list_query_count_does_not_grow_with_articles(
        self, editor_client, articles, django_assert_max_num_queries
    ):
        for part in range(3, 23):
            make_article(series=articles["both"].series, part=part,
                         versions={"fr": {}, "en": {}})
        # Found once per change for every page (pagecache.state), not by this one.
        current_state(timezone.now())
        with django_assert_max_num_queries(12):
            editor_client.get(reverse("admin:articles_article_changelist"))


@pytest.mark.django_db
class TestAdminComfort:
    @pytest.mark.parametrize("model", ["series", "author", "article"])
    def test_autocomplete_answers_for_series_authors_and_related_articles(
        self, editor_client, model
    ):
        series = make_series(fr={"title": "Jeux de pouvoir"})
        make_author("Ada Lovelace")
        make_article(series=series, part=1, versions={"fr": {"title": "Pourquoi ouvrir"}})
        field = {"series": ("article", "series"), "author": ("articleauthor", "author"),
                 "article": ("article", "related_articles")}[model]
        term = {"series": "Jeux", "author": "Love", "article": "ouvrir"}[model]

        response = editor_client.get(reverse("admin:autocomplete"), {
            "app_label": "articles", "model_name": field[0], "field_name": field[1],
            "term": term,
        })

        assert response.status_code == 200
        assert len(response.json()["results"]) == 1

    def test_view_on_site_only_for_a_public_version(self, editor_client):
        article = make_article(versions={
            "fr": {"slug": "en-ligne", "status": Status.PUBLISHED},
            "en": {"slug": "not-yet", "status": Status.DRAFT, "publish_at": None},
        })

        html = editor_client.get(
            reverse("admin:articles_article_change", args=[article.pk])
        ).content.decode()

        assert 'href="/fr/articles/en-ligne/"' in html
        assert "/en/articles/not-yet/" not in html

    def test_admin_speaks_french_to_a_french_browser(self, editor_client):
        make_article(versions={"fr": {}})
        response = editor_client.get(
            reverse("admin:articles_article_changelist"), HTTP_ACCEPT_LANGUAGE="fr"
        )
        html = response.content.decode()

        assert '<html lang="fr"' in html
        assert "Prochaine publication" in html
        assert "Langues" in html

    def test_admin_speaks_english_to_an_english_browser(self, editor_client):
        make_article(versions={"fr": {}})
        response = editor_client.get(
            reverse("admin:articles_article_changelist"), HTTP_ACCEPT_LANGUAGE="en"
        )

        assert "Next publication" in response.content.decode()


@pytest.mark.django_db
class TestMessagesNameTheSavedObject:
    """After a rename, the success message and the history name the new title."""

    def test_article_renamed_through_its_version(self, editor_client):
        ada = make_author("Ada")
        series = make_series()
        article = make_article(series=series, part=1, authors=[ada], versions={
            "fr": {"title": "Ancien titre", "slug": "ada", "status": Status.DRAFT,
                   "publish_at": None}})
        world = {"article": article, "series": series, "ada": ada,
                 "version": article.versions.get()}

        response = editor_client.post(
            reverse("admin:articles_article_change", args=[article.pk]),
            change_post(world, title="Nouveau titre"), follow=True,
        )

        [message] = [str(m) for m in response.context["messages"]]
        assert "Nouveau titre" in message
        assert "Ancien titre" not in message
        assert LogEntry.objects.get().object_repr == "Nouveau titre (part 1)"

    def test_series_renamed(self, editor_client):
        series = make_series(fr={"title": "Ancienne série", "slug": "serie"})
        row = series.translations.get()
        url = reverse("admin:series_series_change", args=[series.pk])
        data = {
            **formset("translations", [{
                "id": row.pk, "series": series.pk, "language": "fr",
                "title": "Nouvelle série", "slug": "serie", "blurb": "", **loaded(row),
            }], initial=1),
        }
        form = editor_client.get(url).context["adminform"].form
        data |= {name: value for name, value in form.initial.items()
                 if name not in ("cover_image",) and value is not None}

        response = editor_client.post(url, data, follow=True)

        assert response.redirect_chain, response.context["errors"]
        [message] = [str(m) for m in response.context["messages"]]
        assert "Nouvelle série" in message
        assert "Ancienne série" not in message
