"""Whatever a request carries, the site answers it: 4xx at worst, never a 500.

Property-based: hypothesis throws malformed paths, slugs, language prefixes, query
strings and headers at the public site and the JSON API. Every answer must be below
500, carry no traceback, and never echo the markup it was sent unescaped.
"""

import json
import os
import string
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.http.request import split_domain_port, validate_host
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core.i18n import reverse_in
from tests.factories import make_article, make_author, make_series

# Markup a hostile visitor hopes to see executed when the page echoes it.
HOSTILE = ("<script>alert(1)</script>", '"><svg onload=alert(1)>')
TRACEBACK_MARKS = ("Traceback", 'File "')

# FUZZ_EXAMPLES=2000 for a longer hunt; the default keeps the file under half a minute.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Segments that have broken URL handling elsewhere: traversal, empty segments,
# percent-encodings valid and invalid, overlong UTF-8, NUL, sheer length.
ODD_SEGMENTS = [
    "..", ".", "", "%", "%zz", "%c3%28", "%c0%ae%c0%ae", "%e0%80%af", "%ff%fe", "%00",
    "\x00", "a\x00b", "%2e%2e", "%2f", "%5c..%5c", "..%2f..%2f", "~", "é", "%C3%A9",
    "\u2028", "\ufeff", "𝔘𝔫𝔦", "a" * 5000, "%41" * 1000, *HOSTILE,
]
LANGUAGE_PREFIXES = ["fr", "en", "xx", "FR", "En", "fr-ca", "fr_FR", "../fr", "fr%00", "zh-hant"]

# Hostile markup inside random text, so an echo cannot hide behind a neighbour.
hostile_text = st.builds(
    lambda before, payload, after: before + payload + after,
    st.text(max_size=8), st.sampled_from(HOSTILE), st.text(max_size=8),
)
segment = st.one_of(
    st.sampled_from(ODD_SEGMENTS),
    hostile_text,
    st.text(min_size=1, max_size=30),
    st.text(alphabet=string.printable, min_size=1, max_size=30),
)
odd_value = st.one_of(
    st.sampled_from([
        "-1", "0", "abc", "99999999999999999999", "1e309", "NaN", "inf", "1.5", "0x10",
        "", " ", "\x00", "1\x00", "%00", "٣", "²", "1" * 400, *HOSTILE,
    ]),
    st.text(max_size=50),
    hostile_text,
)
long_query = st.builds(
    lambda text, times: (text * times)[:10_000],
    st.text(min_size=1, max_size=40).map(lambda text: text + "<script>\x00\u2028%"),
    st.integers(min_value=1, max_value=500),
)


def is_allowed_host(host: str) -> bool:
    """Django's own verdict; the port is not part of it ("testserver:99999" is the site)."""
    domain, _port = split_domain_port(host)
    return bool(domain) and validate_host(domain, django_settings.ALLOWED_HOSTS)


def assert_sound(response) -> None:
    """A client error at worst, no traceback, and no hostile markup echoed back."""
    assert response.status_code < 500, response.status_code
    body = b"".join(response) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    for mark in TRACEBACK_MARKS:
        assert mark not in text
    for payload in HOSTILE:
        assert payload not in text


@pytest.fixture
def site(db):
    """Content behind every kind of public page: a series, an author, tags, two versions."""
    series = make_series(
        fr={"title": "Jeux de pouvoir", "slug": "jeux-de-pouvoir"},
        en={"title": "Power Play", "slug": "power-play"},
    )
    author = make_author("Ada Lovelace", slug="ada-lovelace", bios={"fr": "Ada.", "en": "Ada."})
    article = make_article(series=series, part=1, authors=[author], versions={
        "fr": {"title": "Pourquoi ouvrir", "slug": "pourquoi-ouvrir"},
        "en": {"title": "Why open", "slug": "why-open"},
    })
    article.versions.get(language="fr").tags.set(["stratégie"])
    article.versions.get(language="en").tags.set(["strategy"])
    return {"article": article, "series": series, "author": author}


# Each public address whose last word is a slug, in both languages, with the slug
# replaced by what hypothesis draws.
SLUG_PAGES = [
    ("articles:detail", "why-open"),
    ("series:detail", "power-play"),
    ("series:feed-rss", "power-play"),
    ("series:feed-atom", "power-play"),
    ("authors:detail", "ada-lovelace"),
    ("authors:feed-rss", "ada-lovelace"),
    ("authors:feed-atom", "ada-lovelace"),
    ("articles:tag", "strategy"),
    ("articles:tag-feed-rss", "strategy"),
    ("articles:tag-feed-atom", "strategy"),
]
LIST_PAGES = [
    ("home", {}),
    ("articles:list", {}),
    ("series:list", {}),
    ("authors:list", {}),
    ("search", {}),
    ("articles:feed-rss", {}),
    ("articles:feed-atom", {}),
    ("series:detail", {"slug": "power-play"}),
    ("authors:detail", {"slug": "ada-lovelace"}),
    ("articles:tag", {"slug": "strategy"}),
]
API_PATHS = [
    "/api/v1/", "/api/v1/articles/", "/api/v1/series/", "/api/v1/authors/", "/api/v1/tags/",
]


@FUZZ
@given(
    prefix=st.sampled_from(LANGUAGE_PREFIXES),
    segments=st.lists(segment, min_size=0, max_size=4),
    encode=st.booleans(),
    trailing_slash=st.booleans(),
)
@example(prefix="en", segments=["topics", "\x00"], encode=False, trailing_slash=True)
@example(prefix="fr", segments=["sujets", "a\x00b", "flux", "rss"], encode=False,
         trailing_slash=True)
@example(prefix="../fr", segments=["..", "articles", ".."], encode=False, trailing_slash=True)
@example(prefix="fr", segments=["%c3%28"], encode=False, trailing_slash=False)
def test_malformed_paths_are_client_errors(site, client, prefix, segments, encode,
                                           trailing_slash):
    """Odd language prefixes and random path segments never make the site fail."""
    words = [quote(word, safe="") if encode else word for word in segments]
    path = "/" + "/".join([prefix, *words]) + ("/" if trailing_slash else "")
    assert_sound(client.get(path))


@FUZZ
@given(
    page=st.sampled_from(SLUG_PAGES),
    language=st.sampled_from(["fr", "en"]),
    slug=segment,
    encode=st.booleans(),
)
def test_malformed_slugs_are_client_errors(site, client, page, language, slug, encode):
    """A slug that names nothing, or cannot be a slug at all, is a 404, not a crash."""
    name, real_slug = page
    path = reverse_in(language, name, slug=real_slug).replace(
        real_slug, quote(slug, safe="") if encode else slug, 1
    )
    response = client.get(path)
    assert_sound(response)


@FUZZ
@given(
    page=st.sampled_from(LIST_PAGES),
    language=st.sampled_from(["fr", "en"]),
    values=st.lists(odd_value, min_size=1, max_size=3),
    query=st.one_of(odd_value, long_query),
)
@example(page=("articles:list", {}), language="fr", values=[""] * 100, query="")
@example(page=("search", {}), language="en", values=["99999999999999999999"],
         query="x" * 10_000)
@example(page=("search", {}), language="fr", values=["1e309"], query="\x00<script>")
def test_odd_query_parameters_are_answered(site, client, page, language, values, query):
    """`page` and `q` values of any shape and length give a page, never an error."""
    name, kwargs = page
    params = [("page", value) for value in values] + [("q", query), (query[:50], "1")]
    response = client.get(reverse_in(language, name, **kwargs), params)
    assert_sound(response)


@FUZZ
@given(
    path=st.sampled_from([
        "/sitemap.xml", "/sitemap-articles.xml", "/sitemap-tags.xml", "/sitemap-pages.xml",
        "/robots.txt", "/healthz", "/readyz", "/",
    ]),
    params=st.lists(st.tuples(st.sampled_from(["p", "page", "q", "lang"]), odd_value),
                    max_size=4),
)
@example(path="/sitemap-articles.xml", params=[("p", "99999999999999999999")])
@example(path="/sitemap-articles.xml", params=[("p", "1e309")])
def test_odd_parameters_outside_the_reading_pages_are_answered(site, client, path, params):
    assert_sound(client.get(path, params))


@FUZZ
@given(
    path=st.sampled_from(API_PATHS),
    params=st.lists(
        st.tuples(
            st.sampled_from(
                ["page", "page_size", "language", "series", "author", "tag", "x\x00"]
            ),
            odd_value,
        ),
        max_size=6,
    ),
)
@example(path="/api/v1/articles/", params=[("page", "99999999999999999999")])
@example(path="/api/v1/articles/", params=[("series", "99999999999999999999")])
@example(path="/api/v1/authors/", params=[("language", "\x00")])
def test_odd_api_parameters_are_client_errors(site, client, path, params):
    """Every API list answers a bad parameter with a JSON error, not a server error."""
    response = client.get(path, params)
    assert_sound(response)
    assert response["Content-Type"] == "application/json"


@FUZZ
@given(
    segments=st.lists(segment, min_size=1, max_size=3),
    trailing_slash=st.booleans(),
)
@example(segments=["articles", "99999999999999999999"], trailing_slash=True)
@example(segments=["authors", "\x00"], trailing_slash=True)
@example(segments=["series", "-1"], trailing_slash=True)
def test_malformed_api_paths_are_client_errors(site, client, segments, trailing_slash):
    path = "/api/v1/" + "/".join(segments) + ("/" if trailing_slash else "")
    assert_sound(client.get(path))


@FUZZ
@given(
    template=st.sampled_from([
        "/{}", "/{}/", "/calendar/{}.ics", "/share/{}/", "/sitemap-{}.xml", "/admin/{}/",
        "/fr/articles/non-disponible/{}/", "/en/articles/not-available/{}/", "/static/{}",
        "/media/{}",
    ]),
    word=st.one_of(segment, st.sampled_from(["-1", "99999999999999999999", "0"])),
    encode=st.booleans(),
)
@example(template="/calendar/{}.ics", word="\x00", encode=False)
@example(template="/share/{}/", word="a" * 5000, encode=False)
@example(template="/en/articles/not-available/{}/", word="99999999999999999999", encode=False)
def test_addresses_outside_the_reading_pages_are_client_errors(site, client, template, word,
                                                                encode):
    """Calendar tokens, share links, sitemaps, admin and static paths: 4xx at worst."""
    assert_sound(client.get(template.format(quote(word, safe="") if encode else word)))


ACCEPT_LANGUAGE = st.one_of(
    st.sampled_from([
        ";;;q=x,fr;q=2", "fr;q=abc", "*;q=1e309", "en-US,en;q=0.9," * 700, "xx",
        "fr-ca", "fr_FR", ",,,,", "q=1", "\x00", *HOSTILE,
    ]),
    st.text(alphabet=string.printable, max_size=200),
    st.text(alphabet=string.printable, max_size=20).map(lambda text: (text + ",") * 600),
)
HTTP_DATE = st.one_of(
    st.sampled_from([
        "yesterday", "Mon, 32 Foo 2020 25:61:61 GMT", "0", "-1", "9" * 40,
        "Sun, 06 Nov 1994 08:49:37 GMT", "Sat, 01 Jan 10000 00:00:00 GMT", "",
    ]),
    st.text(alphabet=string.printable, max_size=60),
)
ETAGS = st.one_of(
    st.sampled_from(['"', '""', "*", 'W/"', ',,', '"a", W/', "W/W/W/"]),
    st.text(alphabet=string.printable, max_size=60),
)
HOSTS = st.one_of(
    st.sampled_from([
        "evil.example", "testserver:abc", "[::1", "a b", "", "..",
        "testserver.evil.example", "localhost\x00evil", "xn--", "-" * 300, "bücher.example",
        "testserver\u2028", "testserver@evil.example", "evil.example#testserver",
    ]),
    st.text(alphabet=string.ascii_letters + string.digits + ".-:[]_@", max_size=40),
).filter(lambda host: not is_allowed_host(host))
FORWARDED_FOR = st.one_of(
    st.sampled_from(["", ",", "unknown", "999.999.999.999", "::::", "1.2.3.4, , ,", "\x00"]),
    st.text(alphabet=string.printable, max_size=80),
)
COOKIES = st.one_of(
    st.sampled_from([
        "sessionid=" + "x" * 10_000, "django_language=xx", "django_language=<script>",
        "csrftoken=;;;;", "=; =; =", "sessionid=../../etc/passwd", "a=" + "b" * 30_000,
    ]),
    st.text(alphabet=string.printable, max_size=100),
)


@FUZZ
@given(
    page=st.sampled_from([*LIST_PAGES, ("articles:detail", {"slug": "why-open"})]),
    language=st.sampled_from(["fr", "en"]),
    accept_language=ACCEPT_LANGUAGE,
    modified_since=HTTP_DATE,
    none_match=ETAGS,
    forwarded_for=FORWARDED_FOR,
    cookie=COOKIES,
)
def test_odd_headers_are_answered(site, page, language, accept_language, modified_since,
                                  none_match, forwarded_for, cookie):
    """Malformed or oversized request headers never make a page fail."""
    name, kwargs = page
    response = Client().get(reverse_in(language, name, **kwargs), headers={
        "accept-language": accept_language,
        "if-modified-since": modified_since,
        "if-none-match": none_match,
        "x-forwarded-for": forwarded_for,
        "cookie": cookie,
    })
    assert_sound(response)


@FUZZ
@given(accept_language=ACCEPT_LANGUAGE, cookie=COOKIES)
def test_the_root_redirect_survives_odd_headers(site, accept_language, cookie):
    response = Client().get("/", headers={"accept-language": accept_language, "cookie": cookie})
    assert_sound(response)
    assert response.status_code == 302


@FUZZ
@given(host=HOSTS)
def test_a_foreign_or_malformed_host_is_a_bad_request(site, host):
    """Only the site's own host names are served; any other is a 400."""
    response = Client().get(reverse_in("en", "home"), headers={"host": host})
    assert_sound(response)
    assert response.status_code == 400


@FUZZ
@given(forwarded_for=FORWARDED_FOR, username=odd_value)
def test_admin_login_survives_odd_input(site, forwarded_for, username):
    """Sign-in attempts with garbage names and forwarded addresses get a form, not a crash."""
    # Behind two proxies, so the throttle reads X-Forwarded-For.
    with override_settings(TRUSTED_PROXY_COUNT=2):
        response = Client().post(
            "/admin/login/",
            {"username": username, "password": "wrong", "next": username},
            headers={"x-forwarded-for": forwarded_for},
        )
    assert_sound(response)


# The nastiest cases once more, against the full request handler with exceptions turned
# into responses, as a WSGI server would see them: a 500 there is an answer, not a raise.
RAW_CASES = [
    ("/en/topics/%00/", {}),
    ("/fr/sujets/a%00b/flux/atom/", {}),
    ("/en/topics/\x00/", {}),
    ("/en/articles/%c3%28/", {}),
    ("/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", {}),
    ("/../fr/", {}),
    ("/fr_FR/", {}),
    ("/en/articles/?page=99999999999999999999", {}),
    ("/en/articles/?page=1e309", {}),
    ("/en/search/?q=%00%3Cscript%3E", {}),
    ("/api/v1/articles/99999999999999999999/", {}),
    ("/api/v1/articles/?tag=%00", {}),
    ("/api/v1/authors/%00/", {}),
    ("/en/", {"HTTP_HOST": "evil.example"}),
    ("/en/", {"HTTP_ACCEPT_LANGUAGE": "fr;q=1," * 1500}),
    ("/en/feeds/rss/", {"HTTP_IF_MODIFIED_SINCE": "garbage", "HTTP_IF_NONE_MATCH": '"'}),
    ("/en/", {"HTTP_COOKIE": "sessionid=" + "x" * 10_000}),
]


@pytest.mark.parametrize(("path", "headers"), RAW_CASES)
def test_the_request_handler_never_answers_500(site, path, headers):
    raw = Client(raise_request_exception=False)
    assert_sound(raw.get(path, **headers))


# Bugs the properties above found, pinned down.


@pytest.mark.parametrize("path", [
    "/en/topics/a%00b/",
    "/fr/sujets/%00/flux/rss/",
    "/en/topics/%00/feeds/atom/",
    "/calendar/%00.ics",
])
def test_a_nul_in_the_path_is_a_bad_request(site, path):
    """PostgreSQL refuses text holding NUL: tag and calendar look-ups once answered 500."""
    response = Client(raise_request_exception=False).get(path)
    assert response.status_code == 400


@pytest.mark.parametrize("params", [
    {"language": "\x00"},
    {"status": "\x00"},
    {"q": "a\x00"},
])
def test_a_nul_in_an_admin_query_is_a_bad_request(site, editor, params):
    """The admin's list filters compared it with text columns and answered 500."""
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_changelist"), params)
    assert response.status_code == 400


def test_a_nul_in_an_autocomplete_term_is_a_bad_request(site, editor):
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    response = client.get(reverse("admin:autocomplete"), {
        "term": "\x00", "app_label": "articles", "model_name": "articleauthor",
        "field_name": "author",
    })
    assert response.status_code == 400


def test_the_api_echoes_a_bad_value_as_escaped_json(site, client):
    """The error names the value sent, as JSON data that no browser could take for HTML."""
    response = client.get("/api/v1/articles/", {"language": HOSTILE[0]})

    assert response.status_code == 400
    assert b"<" not in response.content and b">" not in response.content
    assert b"\\u003cscript\\u003e" in response.content
    assert HOSTILE[0] in json.loads(response.content)["error"]
