"""Every public page describes itself to search engines and social networks."""

import io
import json
from collections import defaultdict
from datetime import timedelta

import html5lib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.utils import timezone
from PIL import Image

from articles.models import Status
from core.i18n import reverse_in
from core.metadata import og_locale
from tests.factories import make_article, make_author, make_series

LANGUAGES = ["fr", "en"]
LOCALES = {"fr": "fr_FR", "en": "en_GB"}
HOST = "http://testserver"
ATTACK = "</script><script>alert(1)</script>"


class Head:
    """What a crawler reads in a page's <head>."""

    def __init__(self, html: str):
        self.html = html
        document = html5lib.parse(html, namespaceHTMLElements=False)
        self.titles = [el.text for el in document.iter("title")]
        self.meta: dict[str, list[str]] = defaultdict(list)
        for el in document.iter("meta"):
            key = el.get("property") or el.get("name")
            if key:
                self.meta[key].append(el.get("content"))
        self.canonical = [el.get("href") for el in document.iter("link")
                          if el.get("rel") == "canonical"]
        self.alternates = {el.get("hreflang"): el.get("href") for el in document.iter("link")
                           if el.get("rel") == "alternate" and el.get("hreflang")}
        self.language_switch = [
            link.get("href") for nav in document.iter("nav")
            if nav.get("class") == "language-switch" for link in nav.iter("a")
        ]
        self.scripts = list(document.iter("script"))
        self.json_ld = [json.loads(el.text) for el in self.scripts
                        if el.get("type") == "application/ld+json"]

    def one(self, key: str) -> str:
        values = self.meta[key]
        assert len(values) == 1, (key, values)
        return values[0]

    def nodes(self, kind: str) -> list[dict]:
        return [node for data in self.json_ld for node in data["@graph"]
                if node["@type"] == kind]

    def node(self, kind: str) -> dict:
        (found,) = self.nodes(kind)
        return found

    def trail(self) -> list[tuple[str, str]]:
        crumbs = self.node("BreadcrumbList")["itemListElement"]
        assert [crumb["position"] for crumb in crumbs] == list(range(1, len(crumbs) + 1))
        return [(crumb["name"], crumb["item"]) for crumb in crumbs]


def head(path: str) -> Head:
    response = Client().get(path)
    assert response.status_code == 200, path
    return Head(response.content.decode())


def jpeg(width: int = 1600, height: int = 900) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, "JPEG")
    return SimpleUploadedFile("hero.jpg", buffer.getvalue())


@pytest.fixture
def scene(db):
    """A series with a two-language article, a French-only one with an English draft, more."""
    now = timezone.now()
    series = make_series(
        fr={"title": "Jeux de pouvoir", "slug": "jeux-de-pouvoir", "blurb": "la rivalité"},
        en={"title": "Power Play", "slug": "power-play", "blurb": "the rivalry"},
    )
    ada = make_author("Ada Lovelace", slug="ada", honours="FBA",
                      website="https://ada.example.org",
                      bios={"fr": "Ada *écrit* des essais.", "en": "Ada *writes* essays."})
    ada.links.create(label="Mastodon", url="https://social.example.org/@ada")
    ada.translations.update(role="Professor")
    alan = make_author("Alan Turing", slug="alan")
    both = make_article(series=series, part=2, authors=[ada, alan], versions={
        "fr": {"title": "Pourquoi ouvrir", "slug": "pourquoi-ouvrir",
               "standfirst": "Le chapeau français.", "hero_alt": "Un disque bleu",
               "publish_at": now - timedelta(days=10)},
        "en": {"title": "Why open", "slug": "why-open", "standfirst": "The English standfirst.",
               "hero_alt": "A blue disc", "publish_at": now - timedelta(days=3)},
    })
    both.hero_image.save("hero.jpg", jpeg())
    both.versions.get(language="fr").tags.set(["stratégie"])
    both.versions.get(language="en").tags.set(["strategy"])
    french_only = make_article(series=series, part=3, authors=[alan], versions={
        "fr": {"title": "Pourquoi fermer", "slug": "pourquoi-fermer"},
        "en": {"title": "Why close", "slug": "why-close", "status": Status.DRAFT,
               "publish_at": None},
    })
    for n in range(12):  # enough for a second page of the article list
        make_article(versions={"fr": {"slug": f"autre-{n}"}, "en": {"slug": f"other-{n}"}})
    return {"series": series, "ada": ada, "alan": alan, "both": both,
            "french_only": french_only}


def pages(language: str) -> dict[str, str]:
    tag = "stratégie" if language == "fr" else "strategy"
    slug = {"fr": "pourquoi-ouvrir", "en": "why-open"}[language]
    return {
        "home": reverse_in(language, "home"),
        "article list": reverse_in(language, "articles:list"),
        "article list, page 2": reverse_in(language, "articles:list") + "?page=2",
        "article": reverse_in(language, "articles:detail", slug=slug),
        "series list": reverse_in(language, "series:list"),
        "series": reverse_in(language, "series:detail",
                             slug={"fr": "jeux-de-pouvoir", "en": "power-play"}[language]),
        "author list": reverse_in(language, "authors:list"),
        "author": reverse_in(language, "authors:detail", slug="ada"),
        "tag": reverse_in(language, "articles:tag", slug=tag),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
class TestEveryPage:
    def test_one_distinct_title_a_description_and_an_absolute_canonical(self, scene, language):
        heads = {name: head(path) for name, path in pages(language).items()}

        for name, page in heads.items():
            assert len(page.titles) == 1, name
            assert page.one("description").strip(), name
            assert page.one("og:description") == page.one("description"), name
            (canonical,) = page.canonical
            assert canonical == HOST + pages(language)[name], name
            assert page.one("og:url") == canonical, name
            assert page.one("og:site_name") == "Power Play", name
            assert page.one("og:title"), name
            assert page.one("og:locale") == LOCALES[language], name
            assert page.one("twitter:card") in {"summary", "summary_large_image"}, name
        titles = [page.titles[0] for page in heads.values()]
        assert len(set(titles)) == len(titles), titles

    def test_og_type_says_what_the_page_is(self, scene, language):
        types = {name: head(path).one("og:type") for name, path in pages(language).items()}

        assert types.pop("article") == "article"
        assert types.pop("author") == "profile"
        assert set(types.values()) == {"website"}

    def test_a_later_page_is_named_and_canonical_with_its_number(self, scene, language):
        first = head(reverse_in(language, "articles:list"))
        second = head(reverse_in(language, "articles:list") + "?page=2")

        assert "2" in second.titles[0] and "2" not in first.titles[0]
        assert second.canonical == [HOST + reverse_in(language, "articles:list") + "?page=2"]

    def test_canonical_leaves_tracking_parameters_out(self, scene, language):
        path = pages(language)["article"]

        page = head(path + "?utm_source=newsletter&utm_medium=email")

        assert page.canonical == [HOST + path]

    def test_breadcrumbs_lead_from_home_to_the_page(self, scene, language):
        home = HOST + reverse_in(language, "home")
        series_list = HOST + reverse_in(language, "series:list")
        series = HOST + pages(language)["series"]
        article = HOST + pages(language)["article"]
        author = HOST + pages(language)["author"]
        titles = {"fr": ("Jeux de pouvoir", "Pourquoi ouvrir"),
                  "en": ("Power Play", "Why open")}[language]

        assert head(pages(language)["article"]).trail() == [
            ("Power Play", home), (titles[0], series), (titles[1], article),
        ]
        assert [item for _name, item in head(pages(language)["series"]).trail()] == [
            home, series_list, series,
        ]
        assert [item for _name, item in head(pages(language)["author"]).trail()] == [
            home, HOST + reverse_in(language, "authors:list"), author,
        ]
        assert [item for _name, item in head(pages(language)["tag"]).trail()] == [
            home, HOST + pages(language)["tag"],
        ]

    def test_home_page_describes_the_website(self, scene, language):
        website = head(reverse_in(language, "home")).node("WebSite")

        assert website["url"] == HOST + reverse_in(language, "home")
        assert website["inLanguage"] == language
        assert website["publisher"]["name"] == "Power Play"


@pytest.mark.django_db
class TestArticlePage:
    def test_opengraph_and_twitter_card(self, scene):
        page = head(reverse_in("fr", "articles:detail", slug="pourquoi-ouvrir"))

        assert page.one("og:type") == "article"
        assert page.one("og:title") == "Pourquoi ouvrir"
        assert page.one("og:locale") == "fr_FR"
        assert page.meta["og:locale:alternate"] == ["en_GB"]
        assert page.one("og:image").startswith(HOST + "/")
        assert page.one("og:image").endswith(".jpg")
        assert (page.one("og:image:width"), page.one("og:image:height")) == ("1200", "675")
        assert page.one("og:image:alt") == "Un disque bleu"
        assert page.one("twitter:card") == "summary_large_image"
        assert page.meta["article:author"] == [
            HOST + reverse_in("fr", "authors:detail", slug="ada"),
            HOST + reverse_in("fr", "authors:detail", slug="alan"),
        ]
        assert page.meta["article:tag"] == ["stratégie"]
        version = scene["both"].versions.get(language="fr")
        assert page.one("article:published_time") == timezone.localtime(
            version.publish_at
        ).isoformat(timespec="seconds")
        assert page.one("article:modified_time")

    def test_article_json_ld(self, scene):
        page = head(reverse_in("en", "articles:detail", slug="why-open"))
        article = page.node("Article")
        version = scene["both"].versions.get(language="en")

        assert article["headline"] == "Why open"
        assert article["description"] == "The English standfirst."
        assert article["inLanguage"] == "en"
        assert article["mainEntityOfPage"] == HOST + "/en/articles/why-open/"
        assert article["datePublished"] == timezone.localtime(version.publish_at).isoformat(
            timespec="seconds"
        )
        assert article["dateModified"] == article["datePublished"]
        (image,) = article["image"]
        assert (image["width"], image["height"]) == (1200, 675)
        assert image["url"] == page.one("og:image")
        assert article["author"] == [
            {"@type": "Person", "@id": HOST + "/en/authors/ada/", "name": "Ada Lovelace",
             "url": HOST + "/en/authors/ada/", "honorificSuffix": "FBA"},
            {"@type": "Person", "@id": HOST + "/en/authors/alan/", "name": "Alan Turing",
             "url": HOST + "/en/authors/alan/"},
        ]
        assert article["publisher"]["@type"] == "Organization"
        assert article["publisher"]["name"] == "Power Play"
        assert article["publisher"]["url"] == HOST + "/en/"
        assert article["isPartOf"] == {
            "@type": "CreativeWorkSeries", "name": "Power Play",
            "url": HOST + "/en/series/power-play/",
        }
        assert article["position"] == 2

    def test_a_revision_moves_date_modified_only(self, scene):
        version = scene["both"].versions.get(language="en")
        version.body = "A corrected body."
        version.save()

        article = head(reverse_in("en", "articles:detail", slug="why-open")).node("Article")

        assert article["dateModified"] > article["datePublished"]

    def test_public_versions_name_each_other_as_translations(self, scene):
        french = head(reverse_in("fr", "articles:detail", slug="pourquoi-ouvrir")).node("Article")
        english = head(reverse_in("en", "articles:detail", slug="why-open")).node("Article")

        assert [ref["@id"] for ref in french["workTranslation"]] == [english["@id"]]
        assert [ref["@id"] for ref in english["workTranslation"]] == [french["@id"]]
        assert french["workTranslation"][0]["inLanguage"] == "en"
        # The French version came out first: the English one is its translation.
        assert "translationOfWork" not in french
        assert english["translationOfWork"]["@id"] == french["@id"]
        assert english["translationOfWork"]["inLanguage"] == "fr"

    def test_a_draft_sibling_is_never_mentioned(self, scene):
        page = head(reverse_in("fr", "articles:detail", slug="pourquoi-fermer"))
        article = page.node("Article")

        assert page.meta["og:locale:alternate"] == []
        assert "workTranslation" not in article
        assert "translationOfWork" not in article
        assert "why-close" not in page.html
        assert "Why close" not in page.html

    def test_without_an_image_the_card_is_a_summary(self, scene):
        page = head(reverse_in("fr", "articles:detail", slug="pourquoi-fermer"))

        assert page.one("twitter:card") == "summary"
        assert page.meta["og:image"] == []
        assert "image" not in page.node("Article")

    def test_a_republished_article_points_to_the_original(self, scene):
        scene["both"].versions.filter(language="en").update(
            source_name="The Conversation", source_url="https://theconversation.com/original"
        )

        page = head(reverse_in("en", "articles:detail", slug="why-open"))

        assert page.canonical == ["https://theconversation.com/original"]
        assert page.one("og:url") == HOST + "/en/articles/why-open/"

    def test_editor_text_cannot_break_out_of_the_json_ld(self, scene):
        scene["both"].versions.filter(language="en").update(
            title=f"Open {ATTACK}", standfirst='Quotes " and <!-- comments & more'
        )

        page = head(reverse_in("en", "articles:detail", slug="why-open"))

        assert ATTACK not in page.html
        assert [el.get("type") for el in page.scripts] == ["application/ld+json"]
        assert page.node("Article")["headline"] == f"Open {ATTACK}"
        assert page.node("Article")["description"] == 'Quotes " and <!-- comments & more'
        assert page.titles == [f"Open {ATTACK} · Power Play"]
        assert page.one("og:title") == f"Open {ATTACK}"


@pytest.mark.django_db
class TestAuthorPage:
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_author_is_a_person(self, scene, language):
        person = head(reverse_in(language, "authors:detail", slug="ada")).node("Person")

        assert person["name"] == "Ada Lovelace"
        assert person["honorificSuffix"] == "FBA"
        assert person["url"] == HOST + reverse_in(language, "authors:detail", slug="ada")
        assert person["sameAs"] == ["https://ada.example.org", "https://social.example.org/@ada"]
        assert person["jobTitle"] == "Professor"
        assert person["description"] == {"fr": "Ada écrit des essais.",
                                         "en": "Ada writes essays."}[language]

    def test_a_bio_cannot_break_out_of_the_json_ld(self, scene):
        scene["ada"].translations.filter(language="en").update(
            bio=f'She wrote "--> {ATTACK}'
        )

        page = head(reverse_in("en", "authors:detail", slug="ada"))

        assert ATTACK not in page.html
        assert [el.get("type") for el in page.scripts] == ["application/ld+json"]
        assert page.node("Person")["description"] == f'She wrote "--> {ATTACK}'


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_series_page_is_a_creative_work_series_with_its_public_parts(scene, language):
    page = head(pages(language)["series"])
    series = page.node("CreativeWorkSeries")

    assert series["url"] == HOST + pages(language)["series"]
    assert series["name"] == {"fr": "Jeux de pouvoir", "en": "Power Play"}[language]
    assert page.meta["og:locale:alternate"] == [LOCALES[other] for other in LANGUAGES
                                               if other != language]
    parts = [(part["position"], part["url"]) for part in series["hasPart"]]
    expected = [(2, HOST + pages(language)["article"])]
    if language == "fr":
        expected.append((3, HOST + reverse_in("fr", "articles:detail", slug="pourquoi-fermer")))
    assert parts == expected


@pytest.fixture
def long_lists(scene):
    """A second page of every paginated list: articles, a tag, an author, the series list,
    the author list, and the parts of a long series (50 a page)."""
    long_series = make_series(fr={"slug": "longue-serie"}, en={"slug": "long-series"})
    for n in range(51):
        article = make_article(series=long_series, part=n + 1, authors=[scene["ada"]],
                               versions={"fr": {"slug": f"long-{n}"}, "en": {"slug": f"l-{n}"}})
        if n < 13:
            article.versions.get(language="fr").tags.set(["stratégie"])
            article.versions.get(language="en").tags.set(["strategy"])
    for _n in range(12):
        make_series()
        make_author()
    return scene


def list_path(kind: str, language: str) -> str:
    return {
        "articles": lambda: reverse_in(language, "articles:list"),
        "tag": lambda: reverse_in(language, "articles:tag",
                                  slug={"fr": "stratégie", "en": "strategy"}[language]),
        "author": lambda: reverse_in(language, "authors:detail", slug="ada"),
        "authors": lambda: reverse_in(language, "authors:list"),
        "series list": lambda: reverse_in(language, "series:list"),
        "series": lambda: reverse_in(language, "series:detail",
                                     slug={"fr": "longue-serie", "en": "long-series"}[language]),
    }[kind]()


LISTS = ["articles", "tag", "author", "authors", "series list", "series"]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
class TestLaterPagesOfLists:
    @pytest.mark.parametrize("kind", LISTS)
    def test_hreflang_alternates_name_the_same_page_as_the_canonical(
        self, long_lists, kind, language
    ):
        """Page 2 names page 2 in each language, never page 1, and no other parameter."""
        page = head(list_path(kind, language) + "?page=2&utm_source=newsletter")

        # A tag belongs to one language: its page has no version in the other.
        codes = [language] if kind == "tag" else LANGUAGES
        expected = {code: HOST + list_path(kind, code) + "?page=2" for code in codes}
        assert page.canonical == [expected[language]]
        assert page.alternates == {**expected, "x-default": expected[codes[0]]}

    @pytest.mark.parametrize("kind", LISTS)
    def test_the_first_page_names_no_page_number(self, long_lists, kind, language):
        page = head(list_path(kind, language) + "?page=1")

        assert page.canonical == [HOST + list_path(kind, language)]
        assert page.alternates[language] == HOST + list_path(kind, language)
        assert not any("?" in href for href in page.alternates.values())

    # A tag's page offers the other language's home page, not the tag.
    @pytest.mark.parametrize("kind", [kind for kind in LISTS if kind != "tag"])
    def test_the_language_switch_keeps_the_page(self, long_lists, kind, language):
        (other,) = [code for code in LANGUAGES if code != language]

        page = head(list_path(kind, language) + "?page=2")

        assert page.language_switch == [list_path(kind, other) + "?page=2"]


@override_settings(OG_LOCALES={"en": "en_US"})
def test_og_locale_comes_from_settings_with_a_fallback():
    assert og_locale("en") == "en_US"
    assert og_locale("de") == "de_DE"
    assert og_locale("pt-br") == "pt_BR"
