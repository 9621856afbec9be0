"""The body's Markdown editor: its live preview is the site's own rendering, for writers only."""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from articles.models import Status
from core.markdown import MAX_SOURCE_CHARS
from tests.accessibility import accessible_name, parse
from tests.factories import client_for, make_article, make_author, make_staff

PREVIEW = "admin:articles_articletranslation_markdown_preview"


def preview(client: Client, payload, **extra):
    data = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return client.post(reverse(PREVIEW), data, content_type="application/json", **extra)


@pytest.fixture
def people(db):
    ada = make_author("Ada")
    return {
        "ada": ada,
        "editor": make_staff("Editor", username="eve"),
        "writer": make_staff("Author", author=ada, username="ada"),
    }


class TestPreview:
    def test_the_preview_is_what_the_public_page_shows(self, people):
        """Same HTML, outline, word count and reading time as the saved version's page."""
        body = (
            "# Une ouverture\n\nDu *texte* avec un [lien](https://example.org/).\n\n"
            "## Une suite\n\n- un\n- deux\n\n" + "mot " * 500
        )
        article = make_article(authors=[people["ada"]], versions={"fr": {"body": body}})
        saved = article.versions.get()
        page = client_for(language="fr").get(saved.get_absolute_url())

        answer = preview(client_for(people["editor"]), {"body": body, "language": "fr"}).json()

        assert answer["html"] == saved.body_html
        assert answer["html"] in page.content.decode()
        assert answer["headings"] == saved.headings == [
            {"level": 2, "text": "Une ouverture", "anchor": "une-ouverture"},
            {"level": 2, "text": "Une suite", "anchor": "une-suite"},
        ]
        assert answer["word_count"] == saved.word_count == 511
        assert answer["reading_minutes"] == saved.reading_minutes == 3

    @pytest.mark.parametrize("language", ["fr", "en"])
    def test_an_image_of_the_library_is_previewed_as_its_figure(self, people, language):
        """The figure readers will see, with the texts of the version's language."""
        from tests.images.test_library import make_image

        image = make_image()
        body = f"Avant.\n\n![label](image:{image.pk})\n\nAprès."

        answer = preview(client_for(people["editor"]), {"body": body, "language": language})

        html = answer.json()["html"]
        assert "<figure" in html and f'alt="Alt {language}"' in html
        assert f"Caption {language}" in html and "image:" not in html

    def test_script_and_raw_html_never_reach_the_preview(self, people):
        body = (
            "<script>alert(1)</script>\n\n[clic](javascript:alert(2))\n\n"
            '<img src=x onerror="alert(3)">\n\n**gras**'
        )
        answer = preview(client_for(people["writer"]), {"body": body}).json()

        assert "<script" not in answer["html"]
        assert "href=\"javascript" not in answer["html"].replace("'", "\"")
        assert "<img" not in answer["html"] and "&lt;img" in answer["html"]
        assert "&lt;script&gt;" in answer["html"]
        assert "<strong>gras</strong>" in answer["html"]

    @pytest.mark.parametrize(("language", "words", "reading"), [
        ("fr", "1\N{NO-BREAK SPACE}234 mots", "6 minutes de lecture"),
        ("en", "1,234 words", "6 minute read"),
    ])
    def test_the_counts_speak_the_editors_language(self, people, language, words, reading):
        answer = preview(client_for(people["editor"], language), {"body": "mot " * 1234}).json()

        assert (answer["words_label"], answer["reading_label"]) == (words, reading)

    def test_one_word_is_singular(self, people):
        answer = preview(client_for(people["editor"], "fr"), {"body": "Bonjour"}).json()

        assert (answer["words_label"], answer["reading_label"]) == (
            "1 mot", "1 minute de lecture"
        )

    def test_it_reads_no_content_from_the_database(self, people, django_assert_max_num_queries):
        client = client_for(people["editor"])
        # The session, the user, the user's profile (time zone) and permissions (two).
        with django_assert_max_num_queries(5):
            response = preview(client, {"body": "## Titre\n\n" + "mot " * 3000})
        assert response.status_code == 200


class TestPermissions:
    def test_visitors_are_sent_to_the_login_page(self, people):
        response = preview(client_for(), {"body": "texte"})

        assert response.status_code == 302 and "/login/" in response["Location"]

    def test_staff_who_may_not_write_versions_are_refused(self, people):
        from django.contrib.auth import get_user_model

        clerk = get_user_model().objects.create_user("clerk", password="pw", is_staff=True)
        response = preview(client_for(clerk), {"body": "texte"})

        assert response.status_code == 403
        assert response.json()["error"]

    def test_without_the_csrf_token_nothing_is_rendered(self, people):
        client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(people["writer"])
        response = preview(client, {"body": "texte"})

        assert response.status_code == 403
        assert "<p>texte</p>" not in response.content.decode()

    def test_with_the_pages_csrf_token_it_renders(self, people):
        client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(people["writer"])
        page = client.get(reverse("admin:articles_articletranslation_add"))
        token = next(field for field in parse(page.content).iter("input")
                     if field.get("name") == "csrfmiddlewaretoken")
        response = preview(client, {"body": "texte"}, HTTP_X_CSRFTOKEN=token.get("value"))

        assert response.status_code == 200
        assert response.json()["html"] == "<p>texte</p>\n"

    def test_only_posts_are_answered(self, people):
        response = client_for(people["editor"]).get(reverse(PREVIEW))

        assert response.status_code == 405


class TestBadInput:
    @pytest.mark.parametrize("payload", [
        "not json", "[1, 2]", "null", '"texte"', {"body": ["a list"]}, {"body": 42},
        {"body": "texte", "language": "xx"}, {},
    ])
    def test_a_clear_400_in_the_editors_language(self, people, payload):
        errors = {}
        for language in ("fr", "en"):
            response = preview(client_for(people["editor"], language), payload)
            assert response.status_code == 400
            assert response["Content-Type"] == "application/json"
            errors[language] = response.json()["error"]

        assert errors["fr"] and errors["en"] and errors["fr"] != errors["en"]

    def test_odd_characters_are_answered_as_saving_would(self, people):
        """A lone surrogate renders, replaced; a NUL character, which saving refuses, too."""
        client = client_for(people["editor"])
        surrogate = preview(client, {"body": "avant \ud800 après"})
        nul = preview(client, {"body": "avant \x00 après"})

        assert surrogate.status_code == 200
        assert surrogate.json()["html"] == "<p>avant \N{REPLACEMENT CHARACTER} après</p>\n"
        assert nul.status_code == 400 and nul.json()["error"]

    def test_a_body_longer_than_a_version_may_be_is_refused(self, people):
        too_long = {"body": "a" * (MAX_SOURCE_CHARS + 1)}
        response = preview(client_for(people["editor"], "fr"), too_long)

        assert response.status_code == 400
        assert f"au plus {MAX_SOURCE_CHARS}" in response.json()["error"]

    def test_a_request_over_the_upload_limit_is_a_400_not_a_500(self, people, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
        response = preview(client_for(people["editor"]), {"body": "a" * 2000})

        assert response.status_code == 400
        assert response.json()["error"] == "This text is too long to preview."


class TestEditorOnTheForms:
    def test_the_body_is_the_editors_textarea_on_both_forms(self, people):
        article = make_article(authors=[people["ada"]], versions={
            "fr": {"status": Status.DRAFT, "publish_at": None}})
        version = article.versions.get()
        client = client_for(people["editor"])
        pages = {
            "version": client.get(reverse(
                "admin:articles_articletranslation_change", args=[version.pk])),
            "article": client.get(reverse("admin:articles_article_change", args=[article.pk])),
        }
        for name, page in pages.items():
            html = parse(page.content)
            editors = [div for div in html.iter("div") if div.get("class") == "pp-md"]
            # The article's page has a row per language, and the blank row to add one.
            assert len(editors) == (1 if name == "version" else len(settings.LANGUAGES) + 1)
            for editor in editors:
                assert editor.get("data-preview-url") == reverse(PREVIEW)
                body = editor.find(".//textarea")
                assert body.get("data-markdown-editor") is not None
                # The plain textarea, labelled, is what a browser without scripts shows.
                assert accessible_name(html, body) == "Body:"
            scripts = [script.get("src", "") for script in html.iter("script")]
            assert any(src.endswith("editorial/markdown-editor.js") for src in scripts), name

    def test_the_toolbar_speaks_the_admins_language(self, people):
        for language, bold, heading in [("fr", "Gras", "Intertitre (H2)"),
                                        ("en", "Bold", "Section heading (H2)")]:
            page = client_for(people["writer"], language).get(
                reverse("admin:articles_articletranslation_add"))
            html = parse(page.content)
            assert next(html.iter("md-bold")).get("aria-label") == bold
            assert next(html.iter("md-header")).get("aria-label") == heading


def test_the_vendored_toolbar_is_the_version_package_lock_pins():
    """What the site serves is the npm package package-lock.json pins, licence included."""
    root = settings.BASE_DIR
    lock = json.loads((root / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/@github/markdown-toolbar-element"]["version"]
    vendored = root / "editorial/static/editorial/vendor/markdown-toolbar-element"
    assert (vendored / "LICENSE").read_text().startswith("Copyright (c) 2017-2018 GitHub")
    installed = root / "node_modules/@github/markdown-toolbar-element"
    if not installed.exists():
        pytest.skip("npm ci has not installed node_modules/ here")
    assert json.loads((installed / "package.json").read_text())["version"] == pinned
    assert (vendored / "index.js").read_bytes() == (installed / "dist/index.js").read_bytes()
