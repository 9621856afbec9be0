"""The API answers in JSON, errors included, all in one shape: {"error": "…"}.

Not only the errors its views raise: a malformed request stopped before any view (400),
an address under /api/ that names nothing (404), a method it does not take (405), a bug
(500) and a database outage (503, tests/powerplay/test_faults.py) are JSON too, never a
site page. The API throttles nobody, so it has no 429 of its own.
"""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def assert_json_error(response, status: int) -> str:
    """The one shape of the API's errors; returns the message."""
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert list(body) == ["error"]
    assert isinstance(body["error"], str) and body["error"]
    assert "<html" not in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    return body["error"]


@pytest.mark.django_db
class TestErrorsOutsideTheViews:
    @pytest.mark.parametrize("path", ["/api/v1/articles/%00/", "/api/v1/tags/\x00/"])
    def test_a_nul_in_the_address_is_a_json_400(self, path):
        assert_json_error(Client(HTTP_ACCEPT_LANGUAGE="en").get(path), 400)

    def test_a_foreign_host_is_a_json_400(self):
        response = Client(HTTP_HOST="evil.example").get("/api/v1/")
        assert_json_error(response, 400)

    @pytest.mark.parametrize("path", ["/api/", "/api/v2/", "/api/v2/articles/",
                                      "/api/v1x", "/api/v1/nothing/here/"])
    def test_an_address_naming_nothing_is_a_json_404(self, path):
        response = Client(HTTP_ACCEPT_LANGUAGE="en").get(path)
        assert "endpoints are listed at" in assert_json_error(response, 404)

    @pytest.mark.parametrize("method", ["TRACE", "OPTIONS", "PUT", "DELETE", "PATCH", "POST"])
    def test_a_refused_method_is_a_json_405(self, method):
        response = Client().generic(method, "/api/v1/articles/")
        assert_json_error(response, 405)
        assert response["Allow"] == "GET, HEAD"

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_errors_are_in_the_client_s_language(self, language):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        for path, status, expected in [
            ("/api/v1/articles/%00/", 400,
             "This request is malformed; check its address and parameters."),
            ("/api/v1/articles/", 405, "This API is read-only: use GET."),
        ]:
            method = "TRACE" if status == 405 else "GET"
            message = assert_json_error(client.generic(method, path), status)
            with translation.override(language):
                assert message == translation.gettext(expected)

    def test_the_site_keeps_its_pages(self):
        """Outside /api/, the same errors are the site's branded pages."""
        for language in LANGUAGES:
            response = Client().get(f"/{language}/topics/%00/")
            assert response.status_code == 400
            assert f'<html lang="{language}">' in response.content.decode()
            missing = Client().get(f"/{language}/no-such-page/")
            assert missing.status_code == 404
            assert "text/html" in missing["Content-Type"]


@pytest.mark.django_db
@pytest.mark.urls("tests.api.urls")
def test_a_bug_in_an_endpoint_is_a_json_500():
    response = Client(raise_request_exception=False).get("/api/v1/broken/")

    assert_json_error(response, 500)
    assert "RuntimeError" not in response.content.decode()
