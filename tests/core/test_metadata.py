"""Every public page describes itself to search engines and social networks.

The fixture metadata_scene is in tests/conftest.py. What only the series page's and an
author page's metadata say: tests/series/, tests/authors/.
"""

import pytest
from django.test import override_settings
from django.utils import timezone

from core.i18n import reverse_in
from core.languages import language_codes
from core.metadata import og_locale
from tests.factories import make_article, make_author, make_series
from tests.pages import ATTACK, HOST, head

LANGUAGES = ["fr", "en"]  # the scene's; the site may have more (language_codes())
LOCALES = {"fr": "fr_FR", "en": "en_GB"}


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
    def test_one_distinct_title_a_description_and_an_absolute_canonical(
        self, metadata_scene, language
    ):
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

    def test_og_type_says_what_the_page_is(self, metadata_scene, language):
        types = {name: head(path).one("og:type") for name, path in pages(language).items()}

        assert types.pop("article") == "article"
        assert types.pop("author") == "profile"
        assert set(types.values()) == {"website"}

    def test_a_later_page_is_named_and_canonical_with_its_number(self, metadata_scene, language):
        first = head(reverse_in(language, "articles:list"))
        second = head(reverse_in(language, "articles:list") + "?page=2")

        assert "2" in second.titles[0] and "2" not in first.titles[0]
        assert second.canonical == [HOST + reverse_in(language, "articles:list") + "?page=2"]

    def test_canonical_leaves_tracking_parameters_out(self, metadata_scene, language):
        path = pages(language)["article"]

        page = head(path + "?utm_source=newsletter&utm_medium=email")

        assert page.canonical == [HOST + path]

    def test_breadcrumbs_lead_from_home_to_the_page(self, metadata_scene, language):
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

    def test_home_page_describes_the_website(self, metadata_scene, language):
        website = head(reverse_in(language, "home")).node("WebSite")

        assert website["url"] == HOST + reverse_in(language, "home")
        assert website["inLanguage"] == language
        assert website["publisher"]["name"] == "Power Play"


@pytest.mark.django_db
class TestArticlePage:
    def test_opengraph_and_twitter_card(self, metadata_scene):
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
        version = metadata_scene["both"].versions.get(language="fr")
        assert page.one("article:published_time") == timezone.localtime(
            version.publish_at
        ).isoformat(timespec="seconds")
        assert page.one("article:modified_time")

    def test_article_json_ld(self, metadata_scene):
        page = head(reverse_in("en", "articles:detail", slug="why-open"))
        article = page.node("Article")
        version = metadata_scene["both"].versions.get(language="en")

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

    def test_a_revision_moves_date_modified_only(self, metadata_scene):
        version = metadata_scene["both"].versions.get(language="en")
        version.body = "A corrected body."
        version.save()

        article = head(reverse_in("en", "articles:detail", slug="why-open")).node("Article")

        assert article["dateModified"] > article["datePublished"]

    def test_public_versions_name_each_other_as_translations(self, metadata_scene):
        french = head(reverse_in("fr", "articles:detail", slug="pourquoi-ouvrir")).node("Article")
        english = head(reverse_in("en", "articles:detail", slug="why-open")).node("Article")

        assert [ref["@id"] for ref in french["workTranslation"]] == [english["@id"]]
        assert [ref["@id"] for ref in english["workTranslation"]] == [french["@id"]]
        assert french["workTranslation"][0]["inLanguage"] == "en"
        # The French version came out first: the English one is its translation.
        assert "translationOfWork" not in french
        assert english["translationOfWork"]["@id"] == french["@id"]
        assert english["translationOfWork"]["inLanguage"] == "fr"

    def test_a_draft_sibling_is_never_mentioned(self, metadata_scene):
        page = head(reverse_in("fr", "articles:detail", slug="pourquoi-fermer"))
        article = page.node("Article")

        assert page.meta["og:locale:alternate"] == []
        assert "workTranslation" not in article
        assert "translationOfWork" not in article
        assert "why-close" not in page.html
        assert "Why close" not in page.html

    def test_without_an_image_the_card_is_a_summary(self, metadata_scene):
        page = head(reverse_in("fr", "articles:detail", slug="pourquoi-fermer"))

        assert page.one("twitter:card") == "summary"
        assert page.meta["og:image"] == []
        assert "image" not in page.node("Article")

    def test_a_republished_article_points_to_the_original(self, metadata_scene):
        metadata_scene["both"].versions.filter(language="en").update(
            source_name="The Conversation", source_url="https://theconversation.com/original"
        )

        page = head(reverse_in("en", "articles:detail", slug="why-open"))

        assert page.canonical == ["https://theconversation.com/original"]
        assert page.one("og:url") == HOST + "/en/articles/why-open/"

    def test_editor_text_cannot_break_out_of_the_json_ld(self, metadata_scene):
        metadata_scene["both"].versions.filter(language="en").update(
            title=f"Open {ATTACK}", standfirst='Quotes " and <!-- comments & more'
        )

        page = head(reverse_in("en", "articles:detail", slug="why-open"))

        assert ATTACK not in page.html
        assert [el.get("type") for el in page.scripts] == ["application/ld+json"]
        assert page.node("Article")["headline"] == f"Open {ATTACK}"
        assert page.node("Article")["description"] == 'Quotes " and <!-- comments & more'
        assert page.titles == [f"Open {ATTACK} · Power Play"]
        assert page.one("og:title") == f"Open {ATTACK}"


@pytest.fixture
def long_lists(metadata_scene):
    """A second page of every paginated list: articles, a tag, an author, the series list,
    the author list, and the parts of a long series (50 a page)."""
    long_series = make_series(fr={"slug": "longue-serie"}, en={"slug": "long-series"})
    for n in range(51):
        article = make_article(series=long_series, part=n + 1, authors=[metadata_scene["ada"]],
                               versions={"fr": {"slug": f"long-{n}"}, "en": {"slug": f"l-{n}"}})
        if n < 13:
            article.versions.get(language="fr").tags.set(["stratégie"])
            article.versions.get(language="en").tags.set(["strategy"])
    # Series and authors are listed once they have a public article in the language.
    for _n in range(12):
        make_article(series=make_series(), authors=[make_author()],
                     versions={"fr": {}, "en": {}})
    return metadata_scene


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

        # A tag belongs to one language: its page has no version in the other. The long
        # series and its author are public in the scene's languages; a list exists in
        # every language of the site.
        codes = {"tag": [language], "series": LANGUAGES, "author": LANGUAGES}.get(
            kind, language_codes()
        )
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
        page = head(list_path(kind, language) + "?page=2")

        # A language the long series (or its author) is not public in is offered the
        # list of series (of authors).
        fallback = {"series": "series:list", "author": "authors:list"}
        assert page.language_switch == [
            list_path(kind, other) + "?page=2"
            if kind not in fallback or other in LANGUAGES else reverse_in(other, fallback[kind])
            for other in language_codes() if other != language
        ]


@override_settings(OG_LOCALES={"en": "en_US"})
def test_og_locale_comes_from_settings_with_a_fallback():
    assert og_locale("en") == "en_US"
    assert og_locale("de") == "de_DE"
    assert og_locale("pt-br") == "pt_BR"
