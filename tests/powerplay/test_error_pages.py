"""A request the site cannot understand gets the branded 400 page, in the right language."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.i18n import reverse_in
from core.languages import language_codes
from tests.factories import client_for, make_staff

LANGUAGES = language_codes()


def get(path: str, client: Client | None = None, **headers):
    client = client or Client()
    # As a WSGI server sees it: any exception is an answer, never a raise.
    client.raise_request_exception = False
    response = client.get(path, **headers)
    return response, response.content.decode()


def assert_branded_400(response, html: str, language: str) -> None:
    assert response.status_code == 400
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert f'<html lang="{language}">' in html
    # The site's layout, with its links in the page's language.
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert f'href="{reverse_in(language, "authors:list")}"' in html
    assert f'<a href="{reverse_in(language, "home")}">' in html
    assert '<meta name="robots" content="noindex">' in html
    assert "Traceback" not in html and "NUL" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
class TestBadRequestPage:
    def test_a_nul_in_the_address_gets_the_branded_page_in_its_language(self, language):
        response, html = get(f"/{language}/articles/%00/")

        assert_branded_400(response, html, language)

    def test_the_language_is_the_addresses_whatever_the_server_served_before(self, language):
        """The NUL check runs before the language is chosen: the path's prefix decides."""
        other = next(code for code in LANGUAGES if code != language)

        with translation.override(other):
            response, html = get(f"/{language}/sujets/a%00b/")

        assert_branded_400(response, html, language)

    def test_an_address_without_a_language_gets_the_default_one(self, language):
        with translation.override(language):
            response, html = get("/calendar/%00.ics", HTTP_ACCEPT_LANGUAGE="en")

        assert_branded_400(response, html, "fr")

    def test_a_foreign_host_gets_the_branded_page(self, language):
        response, html = get(reverse_in(language, "home"), HTTP_HOST="evil.example")

        assert_branded_400(response, html, language)
        assert "evil.example" not in html

    def test_a_bad_request_in_the_admin_speaks_the_editors_language(
        self, editor_client, language
    ):
        editor_client.defaults["HTTP_ACCEPT_LANGUAGE"] = language

        response, html = get(reverse("admin:articles_article_changelist") + "?q=%00",
                             client=editor_client)

        assert_branded_400(response, html, language)


def test_the_english_page_says_what_happened(db):
    _, html = get("/en/articles/%00/")

    assert "<h1>Invalid request</h1>" in html
    assert "Go to the home page" in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
class TestAccessDeniedPages:
    """A 403 is the site's page in the interface's language, not Django's bare English one."""

    def test_a_page_the_login_may_not_open(self, language):
        author = make_staff("Author")
        client = client_for(author, language)
        client.raise_request_exception = False

        response = client.get(reverse("admin:auth_user_changelist"))
        html = response.content.decode()

        assert response.status_code == 403
        assert f'<html lang="{language}">' in html
        assert 'class="site-header"' in html
        with translation.override(language):
            assert translation.gettext("Access denied") in html
        assert "403 Forbidden" not in html

    def test_a_form_sent_without_its_security_cookie(self, language):
        client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)

        response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})
        html = response.content.decode()

        assert response.status_code == 403
        assert f'<html lang="{language}">' in html
        with translation.override(language):
            assert translation.gettext("The form could not be sent") in html
        assert "CSRF" not in html
