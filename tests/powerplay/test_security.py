"""Headers, cookies and settings a hostile visitor meets; no open redirect; slow guessing."""

import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import html5lib
import pytest
import reversion
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from articles.models import Status
from core.languages import language_codes
from editorial import login_throttle
from series.models import SeriesTranslation
from tests.factories import make_article, make_author, make_series

ROOT = Path(__file__).resolve().parents[2]
XHTML = "{http://www.w3.org/1999/xhtml}"
# Script elements that hold data, which browsers never run and CSP does not block.
DATA_SCRIPT_TYPES = {"application/ld+json", "application/json"}
HOSTILE_NEXT = [
    "//evil.example",
    "https://evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "%2F%2Fevil.example",
    "javascript:alert(1)",
    "http:evil.example",
    " //evil.example",
    "///evil.example",
]


# Settings, read in a fresh process as production or development would ------------------

SETTINGS_ENV = {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DJANGO_SETTINGS_MODULE", "MEDIA_URL",
                "CSP_IMG_SRC", "TRUSTED_PROXY_COUNT", "REDIS_URL"}
SETTINGS_PREFIXES = ("SECURE_", "SESSION_", "CSRF_")


def production_env(**extra: str) -> dict[str, str]:
    clean = {key: value for key, value in os.environ.items()
             if key not in SETTINGS_ENV and not key.startswith(SETTINGS_PREFIXES)}
    return clean | {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50),
                    "ALLOWED_HOSTS": "www.example.org"} | extra


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)


def settings_in_process(env: dict[str, str]) -> dict:
    names = ["DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
             "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER",
             "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
             "CSRF_COOKIE_HTTPONLY", "SECURE_CONTENT_TYPE_NOSNIFF", "SECURE_REFERRER_POLICY",
             "X_FRAME_OPTIONS", "SECURE_CROSS_ORIGIN_OPENER_POLICY", "CONTENT_SECURITY_POLICY"]
    code = ("import django, json; django.setup(); from django.conf import settings as s; "
            f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}, default=str))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=60,
                            env=env | {"DJANGO_SETTINGS_MODULE": "powerplay.settings"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_finds_nothing_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_check_deploy_finds_nothing_when_the_site_joins_the_hsts_preload_list():
    result = manage("check", "--deploy", "--fail-level", "WARNING",
                    env=production_env(SECURE_HSTS_PRELOAD="1"))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_defaults_are_https_only():
    live = settings_in_process(production_env())

    assert live["SECURE_SSL_REDIRECT"] is True
    assert live["SECURE_HSTS_SECONDS"] == 31536000
    assert live["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert live["SECURE_HSTS_PRELOAD"] is False
    assert live["SECURE_PROXY_SSL_HEADER"] is None
    assert live["SESSION_COOKIE_SECURE"] is True
    assert live["CSRF_COOKIE_SECURE"] is True
    assert live["SESSION_COOKIE_HTTPONLY"] is True
    assert live["CSRF_COOKIE_HTTPONLY"] is True
    assert live["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert live["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert live["X_FRAME_OPTIONS"] == "DENY"
    assert live["SECURE_CROSS_ORIGIN_OPENER_POLICY"] == "same-origin"


def test_development_serves_plain_http_on_loopback():
    """`make run`: no https redirect, no HSTS, cookies a plain-http browser keeps."""
    env = production_env(DEBUG="1")
    del env["ALLOWED_HOSTS"]
    live = settings_in_process(env)

    assert live["SECURE_SSL_REDIRECT"] is False
    assert live["SECURE_HSTS_SECONDS"] == 0
    assert live["SESSION_COOKIE_SECURE"] is False
    assert live["CSRF_COOKIE_SECURE"] is False


def test_behind_a_load_balancer_the_forwarded_protocol_is_trusted_only_when_told():
    live = settings_in_process(production_env(SECURE_PROXY_SSL_HEADER="1"))

    assert live["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_images_from_object_storage_are_allowed_by_the_policy():
    live = settings_in_process(production_env(MEDIA_URL="https://media.example.org/pp/"))

    images = live["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert images == ["'self'", "data:", "https://media.example.org"]


# Headers and cookies on the responses ------------------------------------------------

@pytest.fixture
def site(db, editor):
    ada = make_author("Ada Lovelace", bios={"fr": "Ada écrit.", "en": "Ada writes."})
    series = make_series(fr={"title": "Jeux", "slug": "jeux"},
                         en={"title": "Games", "slug": "games"})
    article = make_article(series=series, part=1, authors=[ada], versions={
        "fr": {"title": "Ouvrir", "slug": "ouvrir", "body": "## Un\n\nTexte."},
        "en": {"title": "Open", "slug": "open", "body": "## One\n\nText."},
    })
    make_article(series=series, part=2, announced=True, versions={
        "fr": {"title": "La suite", "slug": "suite", "status": Status.PLANNED,
               "publish_at": None}})
    article.versions.get(language="en").tags.set(["power"])
    for title in ["Open, revised", "Open, revised again"]:
        with reversion.create_revision():
            version = article.versions.get(language="en")
            version.title = title
            version.save()
            article.save()
    return {"article": article, "version": article.versions.get(language="en"),
            "series": series, "author": ada}


def public_pages(site) -> list[str]:
    with translation.override("en"):
        return [
            "/en/",
            site["version"].get_absolute_url(),
            SeriesTranslation.objects.get(series=site["series"], language="en").get_absolute_url(),
            site["author"].get_absolute_url(language="en"),
            reverse("articles:list"),
            reverse("articles:tag", kwargs={"slug": "power"}),
            reverse("search") + "?q=open",
            "/en/no-such-page/",
        ]


def admin_pages(site) -> list[str]:
    article, version = site["article"], site["version"]
    newer, older = reversion.models.Version.objects.get_for_object(article)[:2]
    return [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_history", args=[article.pk]),
        reverse("admin:articles_article_compare", args=[article.pk])
        + f"?from={older.pk}&to={newer.pk}",
        reverse("admin:articles_articletranslation_changelist"),
        reverse("admin:articles_articletranslation_change", args=[version.pk]),
        reverse("admin:articles_articletranslation_delete", args=[version.pk]),
        reverse("admin:authors_author_change", args=[site["author"].pk]),
        reverse("admin:series_series_change", args=[site["series"].pk]),
        reverse("admin:calendar"),
        reverse("admin:translation_status"),
    ]


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_strict_policy(response) -> None:
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["font-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


def inline_code(html: str) -> list[str]:
    """What a strict policy would block: inline scripts and styles, handlers, javascript: links."""
    found = []
    for element in html5lib.parse(html).iter():
        tag = str(element.tag).removeprefix(XHTML)
        if (tag == "script" and not element.get("src")
                and element.get("type") not in DATA_SCRIPT_TYPES):
            found.append(f"inline script: {(element.text or '')[:60]!r}")
        if tag == "style":
            found.append(f"style element: {(element.text or '')[:60]!r}")
        for name, value in element.attrib.items():
            if name == "style" or name.startswith("on"):
                found.append(f"{tag} {name}={value[:60]!r}")
            if name in {"href", "src", "action"} and value.strip().lower().startswith(
                    "javascript:"):
                found.append(f"{tag} {name}={value[:60]!r}")
    return found


def test_public_pages_send_a_strict_content_security_policy(site):
    client = Client()
    for path in public_pages(site):
        response = client.get(path)
        assert response.status_code in {200, 404}, path

        assert_strict_policy(response)
        assert inline_code(response.content.decode()) == [], path


def test_the_article_page_keeps_its_structured_data_as_a_data_block(site):
    response = Client().get(site["version"].get_absolute_url())

    scripts = [element for element in html5lib.parse(response.content.decode()).iter()
               if str(element.tag) == f"{XHTML}script"]
    assert [script.get("type") for script in scripts] == ["application/ld+json"]


def test_admin_pages_send_the_same_policy_and_carry_no_inline_code(site, editor_client):
    for path in [reverse("admin:login"), *admin_pages(site)]:
        client = Client() if path == reverse("admin:login") else editor_client
        response = client.get(path)
        assert response.status_code == 200, path

        assert_strict_policy(response)
        assert inline_code(response.content.decode()) == [], path


def test_every_response_refuses_sniffing_framing_and_leaky_referrers(site):
    response = Client().get(site["version"].get_absolute_url())

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_https_responses_ask_browsers_to_stay_on_https(site):
    response = Client().get("/en/", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_readers_on_plain_http_are_sent_to_https_in_production(site, settings):
    settings.SECURE_SSL_REDIRECT = True
    path = site["version"].get_absolute_url()

    response = Client().get(path)

    assert response.status_code == 301
    assert response["Location"] == f"https://testserver{path}"


def test_behind_the_load_balancer_https_is_recognised_and_not_redirected(site, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    response = Client().get("/en/", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 200
    assert "Strict-Transport-Security" in response


def test_sign_in_cookies_are_secure_and_out_of_reach_of_scripts(site, editor):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    form = client.get(reverse("admin:login"))
    token = form.context["csrf_token"]

    response = client.post(reverse("admin:login"), {
        "username": "editor", "password": "pw", "csrfmiddlewaretoken": str(token),
        "next": reverse("admin:index"),
    })

    assert response.status_code == 302
    assert stays_on_site(response)
    for name in ["sessionid", "csrftoken"]:
        cookie = client.cookies[name]
        assert cookie["httponly"] is True, name
        assert cookie["secure"] is True, name
    # The admin works with a CSRF cookie no script can read: forms carry the token.
    assert client.get(reverse("admin:articles_article_change",
                              args=[site["article"].pk])).status_code == 200


# No open redirect ---------------------------------------------------------------------

def stays_on_site(response) -> bool:
    """Where a browser goes from this redirect, parsing Location as browsers do.

    Browsers drop surrounding spaces and control characters, ignore tabs and newlines
    inside, and read a backslash as a slash in http(s) addresses.
    """
    location = response["Location"].strip("".join(map(chr, range(0x21))))
    location = location.replace("\t", "").replace("\n", "").replace("\r", "")
    location = location.replace("\\", "/")
    landing = urlsplit(urljoin(response.wsgi_request.build_absolute_uri(), location))
    return landing.scheme in {"http", "https"} and landing.netloc == "testserver"


def test_django_s_set_language_view_is_not_routed(db):
    with pytest.raises(NoReverseMatch):
        reverse("set_language")
    response = Client().post("/i18n/setlang/", {"language": "en", "next": "//evil.example"})

    assert response.status_code == 404


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_the_root_sends_readers_to_a_home_page_of_the_site(target, db):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/", {"next": target})

    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_the_language_switcher_links_stay_on_the_site(site):
    html = Client().get(site["version"].get_absolute_url()).content.decode()
    switch = [element for element in html5lib.parse(html).iter()
              if element.get("class") == "language-switch"]
    links = [a.get("href") for a in switch[0].iter(f"{XHTML}a")]

    # The French version, then a page of the site for each language without one.
    assert links[0] == site["article"].versions.get(language="fr").get_absolute_url()
    assert [link.split("/")[1] for link in links] == [
        code for code in language_codes() if code != "en"
    ]
    assert all(link.startswith("/") and not link.startswith("//") for link in links)


@pytest.mark.parametrize("path", ["//evil.example", "//evil.example/", "/\\evil.example/",
                                  "///evil.example/", "/%2F%2Fevil.example/"])
def test_odd_paths_are_never_redirected_off_site(path, db):
    response = Client().get(path)

    location = response.get("Location", "")
    assert response.status_code in {301, 302, 404}
    if location:
        assert location.startswith("/")
        assert not location.startswith(("//", "/\\"))


def test_admin_sign_in_follows_a_next_address_on_the_site(editor):
    response = Client().post(
        reverse("admin:login"),
        {"username": "editor", "password": "pw", "next": "/admin/articles/article/"},
    )

    assert response["Location"] == "/admin/articles/article/"


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_admin_sign_in_never_sends_the_editor_off_site(target, editor):
    response = Client().post(
        reverse("admin:login") + "?" + f"next={target}",
        {"username": "editor", "password": "pw", "next": target},
    )

    assert response.status_code == 302
    assert stays_on_site(response)


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_workflow_buttons_never_send_the_editor_off_site(target, site, editor_client):
    version = site["version"]

    response = editor_client.post(
        reverse("admin:articles_articletranslation_revoke", args=[version.pk, 999999]),
        {"next": target},
    )

    assert response.status_code == 302
    assert stays_on_site(response)


def test_workflow_buttons_return_to_the_page_they_were_pressed_on(site, editor_client):
    back = reverse("admin:articles_article_change", args=[site["article"].pk])

    response = editor_client.post(
        reverse("admin:articles_articletranslation_revoke", args=[site["version"].pk, 999999]),
        {"next": back},
    )

    assert response["Location"] == back


# Sign-in throttling -------------------------------------------------------------------

THROTTLED = "Too many failed attempts to sign in."


def sign_in(username: str, password: str, address: str = "192.0.2.10", **headers: str):
    client = Client(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=address, **headers)
    return client.post(reverse("admin:login"), {"username": username, "password": password,
                                                "next": reverse("admin:index")})


def form_errors(response) -> list[str]:
    return list(response.context["form"].non_field_errors())


def fail(times: int, username: str, address: str = "192.0.2.10", **headers: str) -> None:
    for _ in range(times):
        response = sign_in(username, "wrong", address, **headers)
        assert response.status_code == 200


def test_an_unknown_user_and_a_wrong_password_get_the_same_answer(editor):
    unknown, wrong = sign_in("nobody", "wrong"), sign_in("editor", "wrong")

    assert unknown.status_code == wrong.status_code == 200
    assert form_errors(unknown) == form_errors(wrong)
    assert THROTTLED not in form_errors(wrong)[0]


def test_after_five_failures_even_the_right_password_is_refused(editor):
    fail(login_throttle.FAILURES_PER_ACCOUNT - 1, "editor")
    assert sign_in("editor", "wrong").status_code == 200

    response = sign_in("editor", "pw")

    assert response.status_code == 429
    assert "_auth_user_id" not in response.wsgi_request.session
    assert form_errors(response) == [THROTTLED + " Wait 15 minutes, then try again."]


def test_a_locked_out_unknown_user_gets_the_same_answer_as_a_locked_out_editor(editor):
    fail(login_throttle.FAILURES_PER_ACCOUNT, "editor", "192.0.2.10")
    fail(login_throttle.FAILURES_PER_ACCOUNT, "nobody", "192.0.2.11")

    known, unknown = sign_in("editor", "pw", "192.0.2.10"), sign_in("nobody", "x", "192.0.2.11")

    assert known.status_code == unknown.status_code == 429
    assert form_errors(known) == form_errors(unknown)
    assert THROTTLED in form_errors(known)[0]


def test_a_locked_out_sign_in_is_a_429_saying_when_to_come_back(editor):
    fail(login_throttle.FAILURES_PER_ACCOUNT, "editor")

    response = sign_in("editor", "pw")

    assert response.status_code == 429
    assert response["Retry-After"] == str(login_throttle.WINDOW_SECONDS)
    assert "no-cache" in response["Cache-Control"]
    assert THROTTLED in response.content.decode()


def test_the_wait_shrinks_as_the_window_passes(editor):
    start = time.time()
    with time_machine.travel(start, tick=False) as clock:
        fail(login_throttle.FAILURES_PER_ACCOUNT, "editor")
        clock.shift(login_throttle.WINDOW_SECONDS - 4 * 60 - 30)

        response = sign_in("editor", "pw")

    assert response.status_code == 429
    assert response["Retry-After"] == str(4 * 60 + 30)
    assert form_errors(response) == [THROTTLED + " Wait 5 minutes, then try again."]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_locked_out_editor_reads_how_long_to_wait_in_their_language(editor, language):
    fail(login_throttle.FAILURES_PER_ACCOUNT, "editor")
    client = Client(HTTP_ACCEPT_LANGUAGE=language, REMOTE_ADDR="192.0.2.10")

    response = client.post(reverse("admin:login"), {"username": "editor", "password": "pw"})

    assert response.status_code == 429
    with translation.override(language):
        expected = login_throttle.throttled_message(login_throttle.WINDOW_SECONDS)
    assert form_errors(response) == [expected]
    assert "15" in expected
    if language != "en":  # English is the source language: the others are translated
        with translation.override("en"):
            assert expected != login_throttle.throttled_message(login_throttle.WINDOW_SECONDS)


def test_each_refused_sign_in_is_logged_with_username_and_address_not_password(
    editor, caplog
):
    fail(login_throttle.FAILURES_PER_ACCOUNT, "editor", "198.51.100.23")
    assert not [r for r in caplog.records if r.levelname == "WARNING"]

    with caplog.at_level("WARNING", logger="editorial.login_throttle"):
        sign_in("editor", "Secret-pw-123", "198.51.100.23")

    [record] = [r for r in caplog.records if r.name == "editorial.login_throttle"]
    assert record.levelname == "WARNING"
    message = record.getMessage()
    assert "'editor'" in message
    assert "198.51.100.23" in message
    assert "Secret-pw-123" not in message
    assert "wrong" not in message


def test_a_made_up_username_cannot_forge_a_log_line(editor, caplog):
    forged = "x\nWARNING Sign-in succeeded for admin"
    fail(login_throttle.FAILURES_PER_ACCOUNT, forged)

    with caplog.at_level("WARNING", logger="editorial.login_throttle"):
        sign_in(forged, "wrong")

    [record] = [r for r in caplog.records if r.name == "editorial.login_throttle"]
    assert "\n" not in record.getMessage()


def test_the_username_s_case_does_not_buy_more_guesses(editor):
    for name in ["editor", "Editor", "EDITOR", "eDitor", "ediTOR"]:
        fail(1, name)

    assert THROTTLED in form_errors(sign_in("editor", "pw"))[0]


def test_the_same_account_from_another_address_is_not_locked_out(editor):
    fail(login_throttle.FAILURES_PER_ACCOUNT, "editor", "192.0.2.10")

    assert sign_in("editor", "pw", "198.51.100.7").status_code == 302


def test_one_address_trying_many_usernames_is_stopped(editor):
    for n in range(login_throttle.FAILURES_PER_ADDRESS):
        fail(1, f"guess-{n}")

    assert THROTTLED in form_errors(sign_in("editor", "pw"))[0]
    assert sign_in("editor", "pw", "198.51.100.7").status_code == 302


def test_a_successful_sign_in_forgets_earlier_typos(editor):
    fail(login_throttle.FAILURES_PER_ACCOUNT - 1, "editor")
    assert sign_in("editor", "pw").status_code == 302

    fail(login_throttle.FAILURES_PER_ACCOUNT - 1, "editor")

    assert sign_in("editor", "pw").status_code == 302


def test_the_lock_opens_again_when_the_window_has_passed(editor, monkeypatch):
    monkeypatch.setattr(login_throttle, "WINDOW_SECONDS", 1)
    fail(login_throttle.FAILURES_PER_ACCOUNT, "editor")
    assert THROTTLED in form_errors(sign_in("editor", "pw"))[0]

    time.sleep(1.2)

    assert sign_in("editor", "pw").status_code == 302


def test_a_forged_forwarded_for_header_does_not_dodge_the_lock(editor):
    for n in range(login_throttle.FAILURES_PER_ACCOUNT):
        fail(1, "editor", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")

    assert THROTTLED in form_errors(
        sign_in("editor", "pw", HTTP_X_FORWARDED_FOR="203.0.113.99"))[0]


def test_behind_a_trusted_proxy_each_client_is_counted_apart(editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "192.0.2.1"
    for n in range(login_throttle.FAILURES_PER_ACCOUNT):
        # The left part is the client's own claim; the proxy appended what it saw.
        fail(1, "editor", proxy, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}, 198.51.100.1")

    assert THROTTLED in form_errors(
        sign_in("editor", "pw", proxy, HTTP_X_FORWARDED_FOR="198.51.100.1"))[0]
    assert sign_in("editor", "pw", proxy,
                   HTTP_X_FORWARDED_FOR="198.51.100.1, 198.51.100.2").status_code == 302


def test_sign_in_works_while_the_cache_is_down(editor, settings):
    """The throttle fails open: a Redis outage must not lock every editor out."""
    settings.CACHES = {"default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
    }}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"

    assert sign_in("editor", "wrong").status_code == 200
    assert sign_in("editor", "pw").status_code == 302
