"""What editors type is shown as text everywhere: pages, feeds, sitemap, JSON-LD, API, admin.

Every editor-written field holds hostile strings (script tags, attribute breakers, template
syntax, a CDATA end, a line separator). Each surface that shows them is parsed the way a
browser or a feed reader would, and must hold nothing that runs: no unknown script
element, no event-handler attribute, no javascript: link, no evaluated template.
"""

import io
import json
import re
from datetime import timedelta
from xml.etree import ElementTree

import html5lib
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from reversion.models import Version as RevisionRecord
from taggit.models import Tag

from articles.models import Article, ArticleTranslation, Status
from articles.views import unavailable_url
from authors.models import Author, AuthorLink, AuthorTranslation
from core.i18n import reverse_in
from tests.factories import (
    article_form,
    formset,
    make_article,
    make_author,
    make_series,
    make_version,
)

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
CLOSE_SCRIPT = "</script><script>alert(1)</script>"
JS_URL = "javascript:alert(1)"
QUOTE = "'-alert(1)-'"
TEMPLATE = "{{ 7*7 }}"
TEMPLATE_TAG = "{% debug %}"
CDATA_END = "]]>"
LINE_SEPARATOR = "\u2028"


def hostile(label: str, short: bool = False) -> str:
    """A field's value: its label, to find it again, then every hostile string that fits."""
    if short:  # For 100-character fields.
        return f"{label} {SCRIPT}{IMG}{TEMPLATE}{CDATA_END}"
    return (
        f"{label} {SCRIPT} {IMG} {CLOSE_SCRIPT} {JS_URL} {QUOTE} {TEMPLATE} {TEMPLATE_TAG} "
        f"{CDATA_END} {LINE_SEPARATOR}end"
    )


TITLE = hostile("Title")
HOSTILE_MARKDOWN = f"""{hostile("Body")}

## Heading {SCRIPT}

<script>alert(1)</script>
<img src=x onerror=alert(1)>
<a href="javascript:alert(1)">raw link</a>
<svg onload=alert(1)></svg>
<iframe src="javascript:alert(1)"></iframe>

[a link](javascript:alert(1)) [another]( JaVaScRiPt:alert(1) ) ![an image](javascript:alert(1))

<div style="x" onclick="alert(1)">{TEMPLATE} {TEMPLATE_TAG}</div>
"""
# Valid URLs (the URL field accepts them) that try to break out of an attribute.
BREAKOUT_URL = 'https://example.org/"><svg/onload=alert(1)>'

EXPECTED_INLINE_SCRIPT_TYPES = {"application/ld+json", "application/json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}
ASCII_CONTROL_AND_SPACE = "".join(chr(code) for code in range(0x21))


def jpeg(width: int = 600, height: int = 400) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, "JPEG")
    return buffer.getvalue()


def html_body(response) -> str:
    content = b"".join(response) if response.streaming else response.content
    return content.decode()


def assert_inert(html: str, where: str = "") -> None:
    """No markup a browser would run: the known script kinds only, no handlers, no js: URLs."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    for element in document.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""
        if tag == "script":
            kind = (element.get("type") or "").lower()
            if kind in EXPECTED_INLINE_SCRIPT_TYPES:
                json.loads(element.text or "null")
            else:
                src = element.get("src") or ""
                known = src.startswith(settings.STATIC_URL) or src == reverse("admin:jsi18n")
                assert known, (where, "unexpected script", src, element.text)
                assert not (element.text or "").strip(), (where, "inline script", element.text)
        assert tag not in {"iframe", "object", "embed", "base"}, (where, tag)
        for name, value in element.attrib.items():
            name = name.rsplit("}", 1)[-1].lower()
            assert not name.startswith("on"), (where, tag, name, value)
            if name in URL_ATTRIBUTES:
                cleaned = "".join(ch for ch in value if ch not in ASCII_CONTROL_AND_SPACE)
                assert not cleaned.lower().startswith("javascript:"), (where, tag, name, value)
    # hostile() puts {{ 7*7 }} right after an alert(1): evaluated, it would read "… 49".
    text = "".join(document.itertext())
    assert not re.search(r"alert\(1\)\S{0,3}\s?49\b", text), where


def page_text(html: str) -> str:
    document = html5lib.parse(html, namespaceHTMLElements=False)
    for element in document.iter():
        if element.tag in ("script", "style"):
            element.text = ""
    return "".join(document.itertext())


def message_text(html: str) -> str:
    """The text of the admin's messages: a title shown whole there was escaped, not parsed."""
    document = html5lib.parse(html, namespaceHTMLElements=False)
    lists = [ul for ul in document.iter("ul") if "messagelist" in (ul.get("class") or "")]
    assert lists, "no message shown"
    return "".join(text for ul in lists for text in ul.itertext())


def json_ld_blocks(html: str) -> list:
    """Each JSON-LD block, cut out of the raw HTML the way a browser ends a script element."""
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script', html, flags=re.DOTALL | re.I
    )
    return [json.loads(block) for block in blocks]


def all_strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [text for value in data.values() for text in all_strings(value)]
    if isinstance(data, list):
        return [text for value in data for text in all_strings(value)]
    return []


@pytest.mark.parametrize("markup", [
    SCRIPT,
    IMG,
    CLOSE_SCRIPT,
    '<a href=" JaVaScRiPt:alert(1)">x</a>',
    "<svg><a xlink:href='javascript:alert(1)'>x</a></svg>",
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    "<iframe src=/></iframe>",
    "<p>'-alert(1)-' 49 {% debug %}</p>",
])
def test_the_inertness_check_catches_live_markup(markup):
    """The check below fails on each hostile string when it is not escaped."""
    with pytest.raises(AssertionError):
        assert_inert(f"<!DOCTYPE html><html><body><p>x</p>{markup}</body></html>")


class HostileContent(TestCase):
    """One series, author, article and its neighbours, every editor field hostile."""

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.series = make_series(
            fr={"title": hostile("SérieFR"), "slug": "serie", "blurb": hostile("BlurbFR"),
                "cover_alt": hostile("CoverFR")},
            en={"title": hostile("SeriesEN"), "slug": "series", "blurb": hostile("BlurbEN"),
                "cover_alt": hostile("CoverEN")},
        )
        cls.author = make_author(
            hostile("Author"), slug="author", honours=hostile("Hon", short=True),
            website=BREAKOUT_URL,
        )
        cls.author.portrait.save("p.jpg", SimpleUploadedFile("p.jpg", jpeg(300, 300)))
        for language in ("fr", "en"):
            AuthorTranslation.objects.create(
                author=cls.author, language=language, role=hostile(f"Role{language}"),
                bio=HOSTILE_MARKDOWN,
            )
        AuthorLink.objects.create(
            author=cls.author, label=hostile("Label", short=True), url=BREAKOUT_URL
        )
        version_fields = {
            "standfirst": hostile("Standfirst"),
            "body": HOSTILE_MARKDOWN,
            "hero_alt": hostile("Alt"),
            "source_name": hostile("Outlet"),
            "source_url": BREAKOUT_URL,
            "source_licence": hostile("Licence"),
        }
        cls.article = make_article(
            series=cls.series, part=1, authors=[cls.author], announced=True,
            versions={
                "fr": {"title": TITLE, "slug": "titre", **version_fields},
                "en": {"title": TITLE, "slug": "title", **version_fields},
            },
        )
        cls.article.hero_image.save("h.jpg", SimpleUploadedFile("h.jpg", jpeg()))
        cls.tag_names = [
            hostile("Tag", short=True), TEMPLATE, f"{CDATA_END} x", QUOTE, TEMPLATE_TAG,
            f"a{LINE_SEPARATOR}b",
        ]
        for version in cls.article.versions.all():
            version.tags.set(cls.tag_names)
        # The second part: public, so the first part links to it and shares its tags.
        second = make_article(series=cls.series, part=2, authors=[cls.author], versions={
            "fr": {"title": hostile("Second"), "slug": "deux", **version_fields},
            "en": {"title": hostile("Second"), "slug": "two", **version_fields},
        })
        for version in second.versions.all():
            version.tags.set(cls.tag_names)
        # Coming next, and in the calendar: announced, planned, then scheduled.
        cls.planned = make_article(
            series=cls.series, part=3, announced=True, target_date=timezone.localdate(now),
            versions={
                "fr": {"title": hostile("Planned"), "slug": "prevu", "status": Status.PLANNED,
                       "publish_at": None},
                "en": {"title": hostile("Scheduled"), "slug": "scheduled",
                       "status": Status.SCHEDULED, "publish_at": now + timedelta(hours=2)},
            },
        )
        # French only: the English switcher leads to the not-available page.
        cls.french_only = make_article(authors=[cls.author], versions={
            "fr": {"title": hostile("Seul"), "slug": "seul", **version_fields},
        })
        cls.tag = Tag.objects.get(name=cls.tag_names[0])
        cls.editor = get_user_model().objects.create_superuser(
            "xss-editor", "e@example.org", "pw"
        )

    def get(self, path: str, client: Client | None = None, **params):
        response = (client or Client()).get(path, params)
        assert response.status_code == 200, (path, response.status_code)
        return response

    def editor_client(self) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(self.editor)
        return client


class TestPublicPages(HostileContent):
    def public_pages(self, language: str) -> list[str]:
        version = self.article.versions.get(language=language)
        return [
            reverse_in(language, "home"),
            reverse_in(language, "articles:list"),
            reverse_in(language, "series:list"),
            reverse_in(language, "authors:list"),
            version.get_absolute_url(),
            self.series.in_language(language).get_absolute_url(),
            self.author.get_absolute_url(language),
            reverse_in(language, "articles:tag", slug=self.tag.slug),
            reverse_in(language, "search") + "?q=alert",
        ]

    def test_every_page_shows_the_hostile_text_as_inert_text(self):
        """Titles, standfirsts, bodies, alt texts, tags, bios and links never run."""
        for language in ("fr", "en"):
            for path in self.public_pages(language):
                with self.subTest(path=path):
                    html = html_body(self.get(path))
                    assert_inert(html, path)
                    assert "alert(1)" in html, path  # The text is there, only inert.

    def test_the_article_page_shows_each_field_whole(self):
        """The text survives as typed: escaped, never cut at a tag nor evaluated."""
        html = html_body(self.get(self.article.versions.get(language="en")
                                  .get_absolute_url()))
        text = page_text(html)
        for label in ("Title", "Standfirst", "SeriesEN", "BlurbEN", "Author", "Roleen",
                      "Outlet", "Licence"):
            assert hostile(label) in text or hostile(label, short=True) in text, label
        assert hostile("Hon", short=True) in text
        for name in self.tag_names:
            assert name in text, name
        assert f'alt="{hostile("Alt")}"' not in html  # Never unescaped in the attribute.
        document = html5lib.parse(html, namespaceHTMLElements=False)
        alts = [img.get("alt") for img in document.iter("img")]
        assert hostile("Alt") in alts

    def test_the_author_page_links_are_inert(self):
        html = html_body(self.get(self.author.get_absolute_url("fr")))
        document = html5lib.parse(html, namespaceHTMLElements=False)
        hrefs = [a.get("href") for a in document.iter("a")]
        assert BREAKOUT_URL in hrefs
        assert hostile("Label", short=True) in page_text(html)

    def test_the_not_available_page_is_inert(self):
        path = unavailable_url(self.french_only, "en")
        html = html_body(self.get(path))
        assert_inert(html, path)
        assert hostile("Seul") in page_text(html)

    def test_search_results_quote_the_hostile_text_as_text(self):
        for query in ("alert", SCRIPT, IMG, TEMPLATE):
            with self.subTest(query=query):
                html = html_body(self.get(reverse_in("en", "search"), q=query))
                assert_inert(html, query)

    def test_json_ld_keeps_the_hostile_text_as_data(self):
        """Each JSON-LD block parses, never closes its script early, and holds the text."""
        for path in self.public_pages("en") + self.public_pages("fr"):
            with self.subTest(path=path):
                html = html_body(self.get(path))
                blocks = json_ld_blocks(html)
                raw_blocks = re.findall(
                    r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S
                )
                for raw in raw_blocks:
                    assert "<" not in raw and ">" not in raw
                if path == self.article.versions.get(language="en").get_absolute_url():
                    strings = all_strings(blocks)
                    assert TITLE in strings
                    assert any(hostile("Author") in text for text in strings)


def feed_paths(case: HostileContent) -> list[str]:
    paths = []
    for language in ("fr", "en"):
        series_slug = case.series.in_language(language).slug
        for kind in ("rss", "atom"):
            paths += [
                reverse_in(language, f"articles:feed-{kind}"),
                reverse_in(language, f"series:feed-{kind}", slug=series_slug),
                reverse_in(language, f"authors:feed-{kind}", slug=case.author.slug),
                reverse_in(language, f"articles:tag-feed-{kind}", slug=case.tag.slug),
            ]
    return paths


ATOM = "{http://www.w3.org/2005/Atom}"


class TestFeedsAndSitemap(HostileContent):
    def test_feeds_are_well_formed_and_carry_the_text_as_text(self):
        """Feeds parse as XML; HTML-typed parts are inert HTML once unescaped."""
        for path in feed_paths(self):
            with self.subTest(path=path):
                xml = html_body(self.get(path))
                root = ElementTree.fromstring(xml.encode())
                texts = [element.text or "" for element in root.iter()]
                # The title is one text node: nothing in it became an element.
                assert any(TITLE in text for text in texts), path
                tags = {element.tag.split("}")[-1] for element in root.iter()}
                assert not tags & {"script", "img", "svg", "iframe"}, tags
                # Feed readers render RSS item descriptions and Atom type="html" as HTML.
                html_parts = root.findall("channel/item/description") + [
                    element for element in root.iter() if element.get("type") == "html"
                ]
                assert html_parts, path
                for element in html_parts:
                    assert_inert(element.text or "", path)

    def test_the_sitemap_is_well_formed_and_holds_only_addresses(self):
        index = self.get("/sitemap.xml")
        root = ElementTree.fromstring(html_body(index).encode())
        locations = [element.text for element in root.iter() if element.tag.endswith("loc")]
        assert locations
        for location in locations:
            path = location.split("testserver", 1)[1]
            with self.subTest(path=path):
                xml = html_body(self.get(path))
                ElementTree.fromstring(xml.encode())
                assert "alert(1)" not in xml


class TestApi(HostileContent):
    def api_paths(self) -> list[str]:
        version = self.article.versions.get(language="en")
        return [
            "/api/v1/articles/",
            "/api/v1/articles/?language=fr",
            f"/api/v1/articles/{version.pk}/",
            "/api/v1/series/",
            f"/api/v1/series/{self.series.pk}/",
            "/api/v1/authors/",
            f"/api/v1/authors/{self.author.slug}/",
            "/api/v1/tags/",
        ]

    def test_the_api_returns_the_text_as_data_and_sanitised_html(self):
        for path in self.api_paths():
            with self.subTest(path=path):
                response = self.get(path)
                data = json.loads(response.content)
                assert b"<script" not in response.content.lower()
                self.check_html_fields(data, path)
        detail = self.get(f"/api/v1/articles/{self.article.versions.get(language='en').pk}/")
        assert detail.json()["title"] == TITLE

    def check_html_fields(self, data, path: str) -> None:
        if isinstance(data, dict):
            for key, value in data.items():
                if key.endswith("_html") and isinstance(value, str):
                    assert_inert(value, f"{path} {key}")
                else:
                    self.check_html_fields(value, path)
        elif isinstance(data, list):
            for value in data:
                self.check_html_fields(value, path)


class TestAdminPages(HostileContent):
    def admin_pages(self) -> list[str]:
        article, version = self.article, self.article.versions.get(language="en")
        month = timezone.localtime(timezone.now()).strftime("%Y-%m")
        return [
            reverse("admin:articles_article_changelist"),
            reverse("admin:articles_article_changelist") + "?q=alert",
            reverse("admin:articles_article_change", args=[article.pk]),
            reverse("admin:articles_article_history", args=[article.pk]),
            reverse("admin:articles_article_delete", args=[article.pk]),
            reverse("admin:articles_article_change", args=[self.planned.pk]),
            reverse("admin:articles_articletranslation_changelist"),
            reverse("admin:articles_articletranslation_change", args=[version.pk]),
            reverse("admin:articles_articletranslation_delete", args=[version.pk]),
            reverse("admin:articles_articletranslation_preview",
                    args=[self.planned.versions.get(language="fr").pk]),
            reverse("admin:authors_author_changelist"),
            reverse("admin:authors_author_change", args=[self.author.pk]),
            reverse("admin:authors_author_delete", args=[self.author.pk]),
            reverse("admin:series_series_changelist"),
            reverse("admin:series_series_change", args=[self.series.pk]),
            reverse("admin:taggit_tag_changelist"),
            reverse("admin:taggit_tag_change", args=[self.tag.pk]),
            reverse("admin:calendar") + f"?month={month}",
            reverse("admin:translation_status"),
        ]

    def test_admin_pages_show_the_hostile_text_as_inert_text(self):
        client = self.editor_client()
        for path in self.admin_pages():
            with self.subTest(path=path):
                html = html_body(self.get(path, client))
                assert_inert(html, path)

    def test_the_calendar_and_translation_status_show_the_titles(self):
        client = self.editor_client()
        month = timezone.localtime(timezone.now()).strftime("%Y-%m")
        calendar = page_text(html_body(self.get(reverse("admin:calendar"), client, month=month)))
        assert hostile("Scheduled") in calendar or hostile("Planned") in calendar
        status = page_text(html_body(self.get(reverse("admin:translation_status"), client)))
        assert hostile("Seul") in status


class TestAdminSaves(HostileContent):
    def test_saving_through_the_admin_keeps_messages_history_and_compare_inert(self):
        """The success message, the history and the compare page escape the new title."""
        client = self.editor_client()
        data = article_form(versions=[{"language": "fr", "title": TITLE, "slug": "par-admin",
                                        "body": HOSTILE_MARKDOWN,
                                        "tags": f'"{SCRIPT}", "{TEMPLATE}"'}])
        added = client.post(reverse("admin:articles_article_add"), data, follow=True)
        assert added.status_code == 200
        html = html_body(added)
        assert_inert(html, "after add")
        assert TITLE in message_text(html)
        article = Article.objects.get(versions__slug="par-admin")
        version = article.versions.get()
        assert version.title == TITLE

        change = article_form(versions=[])
        change |= formset("bylines", [])
        change |= formset("versions", [{
            "id": version.pk, "article": article.pk, "language": "fr",
            "title": hostile("Changed"), "slug": "par-admin", "status": Status.DRAFT,
            "standfirst": IMG, "body": CLOSE_SCRIPT, "tags": "",
            "loaded_version": version.updated_at.isoformat(),
        }], initial=1)
        change["loaded_version"] = article.updated_at.isoformat()
        changed = client.post(
            reverse("admin:articles_article_change", args=[article.pk]), change, follow=True
        )
        assert changed.status_code == 200
        assert ArticleTranslation.objects.get(pk=version.pk).title == hostile("Changed")
        assert_inert(html_body(changed), "after change")
        # Shown as text: the markup survived escaping whole, and did not become elements.
        assert f"{SCRIPT} {IMG} {CLOSE_SCRIPT}" in message_text(html_body(changed))


        newer, older = RevisionRecord.objects.get_for_object(article)[:2]
        for path, params in [
            (reverse("admin:articles_article_history", args=[article.pk]), {}),
            (reverse("admin:articles_article_compare", args=[article.pk]),
             {"from": older.pk, "to": newer.pk}),
            (reverse("admin:articles_article_revision", args=[article.pk, older.pk]), {}),
        ]:
            with self.subTest(path=path):
                page = html_body(self.get(path, client, **params))
                assert_inert(page, path)
                assert "alert(1)" in page

    def test_a_tag_without_a_letter_or_digit_is_a_form_error(self):
        """Such a name has no slug, so no page: "]]>" once broke every page linking to it."""
        client = self.editor_client()
        data = article_form(versions=[{"language": "fr", "slug": "sans-lettre",
                                        "tags": f"{CDATA_END}, stratégie"}])

        response = client.post(reverse("admin:articles_article_add"), data)

        assert response.status_code == 200
        assert "“]]&gt;” cannot be a tag: a tag needs at least one letter or digit." in (
            html_body(response)
        )
        assert not ArticleTranslation.objects.filter(slug="sans-lettre").exists()
        assert not Tag.objects.filter(slug="").exists()

    def test_deleting_through_the_admin_keeps_the_message_and_recover_list_inert(self):
        client = self.editor_client()
        make_version(Article.objects.create(), "en", title=hostile("Doomed"), slug="doomed")
        doomed = Article.objects.get(versions__slug="doomed")
        import reversion

        with reversion.create_revision():
            doomed.save()
            for version in doomed.versions.all():
                version.save()
        deleted = client.post(
            reverse("admin:articles_article_delete", args=[doomed.pk]), {"post": "yes"},
            follow=True,
        )
        assert deleted.status_code == 200
        assert_inert(html_body(deleted), "after delete")
        recover = html_body(self.get(reverse("admin:articles_article_recoverlist"), client))
        assert_inert(recover, "recover list")


class TestUrlFields(HostileContent):
    def test_a_javascript_url_is_refused_by_every_url_field(self):
        """Author websites and links and source addresses only take web addresses."""
        from django.core.exceptions import ValidationError

        for variant in (JS_URL, " javascript:alert(1)", "JaVaScRiPt:alert(1)",
                        "javascript://example.org/%0aalert(1)", "data:text/html,<script>"):
            with self.subTest(url=variant):
                link = AuthorLink(author=self.author, label="x", url=variant)
                with pytest.raises(ValidationError):
                    link.full_clean()
                author = Author(name="x", slug="x-js", website=variant)
                with pytest.raises(ValidationError):
                    author.full_clean()
                version = ArticleTranslation(
                    article=self.article, language="de", title="x", slug="x",
                    source_url=variant,
                )
                with pytest.raises(ValidationError) as refused:
                    version.full_clean()
                assert "source_url" in refused.value.message_dict

    def test_the_author_admin_form_refuses_a_javascript_url(self):
        client = self.editor_client()
        data = {
            "name": "Ada", "slug": "ada-js", "honours": "", "website": JS_URL,
            **formset("translations", []),
            **formset("links", [{"position": 1, "label": "x", "url": JS_URL}]),
        }
        response = client.post(reverse("admin:authors_author_add"), data)
        assert response.status_code == 200
        assert not Author.objects.filter(slug="ada-js").exists()
        errors = response.context["adminform"].form.errors
        assert "website" in errors
