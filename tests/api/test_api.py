"""The read-only JSON content API under /api/v1/: public content only, paginated, cacheable."""

import json
from datetime import datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Status
from core.i18n import reverse_in
from core.languages import language_codes
from series.models import SeriesTranslation
from tests.factories import make_article, make_author, make_series

LANGUAGES = ["fr", "en"]  # the scene's; the site may have more (language_codes())
HOST = "http://testserver"


def hours_ago(hours: int) -> datetime:
    """Whole-second times, so they read back from JSON unchanged."""
    return timezone.now().replace(microsecond=0) - timedelta(hours=hours)


@pytest.fixture
def scene(db):
    """A series with two public parts, an announced follow-up and hidden articles."""
    series = make_series(
        fr={"title": "Jeux de pouvoir", "slug": "jeux-de-pouvoir",
            "blurb": "la rivalité des géants"},
        en={"title": "Power Play", "slug": "power-play", "blurb": "the giants' rivalry"},
    )
    ada = make_author("Ada Lovelace", honours="FBA", website="https://ada.example.org",
                      bios={"fr": "Ada écrit *en français*.", "en": "Ada writes *in English*."})
    ada.links.create(label="Mastodon", url="https://social.example.org/@ada")
    alan = make_author("Alan Turing", bios={"en": "Alan teaches."})
    first = make_article(series=series, part=1, authors=[alan, ada], announced=True, versions={
        "fr": {"title": "Éloge de l’ouverture", "slug": "eloge-ouverture",
               "standfirst": "Pourquoi « ouvrir » change tout.", "publish_at": hours_ago(72),
               "body": "## Un\n\nTexte.\n\n## Deux\n\nTexte.\n"},
        "en": {"title": "In praise of openness", "slug": "in-praise-of-openness",
               "publish_at": hours_ago(70), "body": "## One\n\nText.\n"},
    })
    first.versions.get(language="fr").tags.set(["éducation", "stratégie"])
    first.versions.get(language="en").tags.set(["education", "strategy"])
    second = make_article(series=series, part=2, authors=[ada], versions={
        "fr": {"title": "Pourquoi fermer", "slug": "pourquoi-fermer", "publish_at": hours_ago(24)},
        "en": {"title": "Why close, unfinished", "slug": "why-close-unfinished",
               "status": Status.DRAFT, "publish_at": None},
    })
    second.versions.get(language="fr").tags.set(["stratégie"])
    follow_up = make_article(series=series, part=3, announced=True, versions={
        "fr": {"title": "Titre provisoire trois", "slug": "titre-provisoire-trois",
               "status": Status.PLANNED, "publish_at": None, "body": "Corps secret trois."},
        "en": {"title": "Working title three", "slug": "working-title-three",
               "status": Status.PLANNED, "publish_at": None, "body": "Secret body three."},
    })
    standalone = make_article(authors=[alan], versions={
        "en": {"title": 'Tom & Jerry: "<b>not bold</b>"', "slug": "tom-and-jerry",
               "publish_at": hours_ago(1)},
    })
    hidden = {
        "draft": make_article(series=series, part=4, authors=[ada], versions={
            "fr": {"title": "Brouillon secret", "slug": "brouillon-secret",
                   "status": Status.DRAFT, "publish_at": None},
        }),
        "scheduled": make_article(series=series, part=5, authors=[ada], versions={
            "fr": {"title": "Programmé plus tard", "slug": "programme-plus-tard",
                   "status": Status.SCHEDULED, "publish_at": timezone.now() + timedelta(days=3),
                   "standfirst": "Chapeau programmé secret"},
            "en": {"title": "Scheduled later", "slug": "scheduled-later",
                   "status": Status.SCHEDULED, "publish_at": timezone.now() + timedelta(days=3)},
        }),
        "withdrawn": make_article(series=series, part=6, authors=[alan], versions={
            "en": {"title": "Withdrawn piece", "slug": "withdrawn-piece",
                   "status": Status.WITHDRAWN, "publish_at": hours_ago(100)},
        }),
        "planned": make_article(series=series, part=7, versions={
            "fr": {"title": "Projet non annoncé", "slug": "projet-non-annonce",
                   "status": Status.PLANNED, "publish_at": None},
            "en": {"title": "Unannounced plan", "slug": "unannounced-plan",
                   "status": Status.PLANNED, "publish_at": None},
        }),
    }
    hidden["draft"].versions.get().tags.set(["sujet-secret"])
    hidden["scheduled"].versions.get(language="en").tags.set(["future-topic"])
    return {
        "series": series, "ada": ada, "alan": alan, "first": first, "second": second,
        "follow_up": follow_up, "standalone": standalone, "hidden": hidden,
    }


def version(article, language):
    return article.versions.get(language=language)


def api(name: str, *args) -> str:
    return reverse(f"api:{name}", args=args)


def get(path: str, data: dict | None = None, **headers):
    """A request from a client that reads English, the language of the messages checked."""
    headers.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
    return Client().get(path, data, **headers)


def get_json(path: str, data: dict | None = None) -> dict:
    response = get(path, data)
    assert response.status_code == 200, (path, data, response.content)
    return response.json()


def site(name: str, language: str, **kwargs) -> str:
    return HOST + reverse_in(language, name, **kwargs)


def titles(payload: dict) -> list[str]:
    return [item["title"] for item in payload["results"]]


@pytest.mark.django_db
class TestIndex:
    def test_index_lists_the_endpoints_and_languages(self):
        payload = get_json(api("index"))

        assert payload["version"] == 1
        assert payload["languages"] == language_codes()
        assert payload["endpoints"] == {
            "articles": f"{HOST}/api/v1/articles/",
            "series": f"{HOST}/api/v1/series/",
            "authors": f"{HOST}/api/v1/authors/",
            "tags": f"{HOST}/api/v1/tags/",
        }

    def test_the_api_has_one_address_for_every_language(self):
        assert api("article_list") == "/api/v1/articles/"
        assert get("/fr/api/v1/articles/").status_code == 404


class TestArticles:
    @pytest.mark.parametrize(("language", "expected"), [
        ("fr", ["Pourquoi fermer", "Éloge de l’ouverture"]),
        ("en", ['Tom & Jerry: "<b>not bold</b>"', "In praise of openness"]),
    ])
    def test_list_in_one_language_is_newest_first(self, scene, language, expected):
        payload = get_json(api("article_list"), {"language": language})

        assert titles(payload) == expected
        assert {item["language"] for item in payload["results"]} == {language}

    def test_list_without_language_has_one_item_per_public_version(self, scene):
        payload = get_json(api("article_list"))

        assert payload["count"] == 4
        assert titles(payload) == [
            'Tom & Jerry: "<b>not bold</b>"', "Pourquoi fermer", "In praise of openness",
            "Éloge de l’ouverture",
        ]

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_item_carries_what_an_app_needs(self, scene, language):
        ada, alan, first, series = scene["ada"], scene["alan"], scene["first"], scene["series"]
        here, other = version(first, language), version(first, "en" if language == "fr" else "fr")
        series_text = series.translations.get(language=language)

        item = get_json(api("article_list"), {"language": language, "series": series.pk})[
            "results"
        ][-1]

        assert item == {
            "id": here.pk,
            "article_id": first.pk,
            "language": language,
            "title": here.title,
            "slug": here.slug,
            "standfirst": here.standfirst,
            "url": site("articles:detail", language, slug=here.slug),
            "api_url": f"{HOST}/api/v1/articles/{here.pk}/",
            "published_at": here.publish_at.isoformat().replace("+00:00", "Z"),
            "updated_at": here.publish_at.isoformat().replace("+00:00", "Z"),
            "series": {
                "id": series.pk,
                "title": series_text.title,
                "url": site("series:detail", language, slug=series_text.slug),
                "part": 1,
                "api_url": f"{HOST}/api/v1/series/{series.pk}/",
            },
            "authors": [
                {"id": alan.pk, "name": "Alan Turing", "honours": "", "slug": alan.slug,
                 "url": HOST + alan.get_absolute_url(language),
                 "api_url": f"{HOST}/api/v1/authors/{alan.slug}/"},
                {"id": ada.pk, "name": "Ada Lovelace", "honours": "FBA", "slug": ada.slug,
                 "url": HOST + ada.get_absolute_url(language),
                 "api_url": f"{HOST}/api/v1/authors/{ada.slug}/"},
            ],
            "tags": sorted(tag.name for tag in here.tags.all()),
            "translations": [{
                "language": other.language,
                "title": other.title,
                "url": site("articles:detail", other.language, slug=other.slug),
                "api_url": f"{HOST}/api/v1/articles/{other.pk}/",
            }],
            "hero_image": None,
        }

    def test_versions_link_to_each_other_and_never_to_an_unpublished_one(self, scene):
        first_fr, first_en = version(scene["first"], "fr"), version(scene["first"], "en")
        second_fr = version(scene["second"], "fr")

        links = {
            pk: get_json(api("article_detail", pk))["translations"]
            for pk in (first_fr.pk, first_en.pk, second_fr.pk)
        }

        assert [link["api_url"] for link in links[first_fr.pk]] == [
            f"{HOST}/api/v1/articles/{first_en.pk}/"
        ]
        assert [link["api_url"] for link in links[first_en.pk]] == [
            f"{HOST}/api/v1/articles/{first_fr.pk}/"
        ]
        assert links[second_fr.pk] == []

    def test_a_revised_version_says_when_it_was_updated(self, scene):
        here = version(scene["second"], "fr")
        here.body = "A corrected body."
        here.save()
        here.refresh_from_db()

        item = get_json(api("article_detail", here.pk))

        assert here.revised_at > here.publish_at
        assert datetime.fromisoformat(item["updated_at"]) > datetime.fromisoformat(
            item["published_at"]
        )

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_detail_adds_the_body_and_its_headings(self, scene, language):
        here = version(scene["first"], language)

        item = get_json(api("article_detail", here.pk))

        assert item["title"] == here.title
        assert item["body_html"] == here.body_html
        assert "<h2" in item["body_html"]
        assert [heading["text"] for heading in item["headings"]] == [
            heading["text"] for heading in here.headings
        ]
        assert item["headings"]
        assert item["source"] is None

    def test_editor_text_is_data_and_json_is_utf8(self, scene):
        standalone = version(scene["standalone"], "en")
        first_fr = version(scene["first"], "fr")

        response = get(api("article_detail", standalone.pk))
        french = get(api("article_detail", first_fr.pk))

        assert response.json()["title"] == 'Tom & Jerry: "<b>not bold</b>"'
        assert "&amp;" not in response.content.decode()
        assert "Éloge de l’ouverture".encode() in french.content
        assert b"\\u00c9" not in french.content

    def test_hero_image_gives_the_largest_rendition_and_its_text_alternative(self, scene):
        article = scene["first"]
        Article.objects.filter(pk=article.pk).update(
            hero_image="articles/hero.jpg",
            hero_renditions={"source": "articles/hero.jpg", "width": 1600, "height": 900,
                             "renditions": [
                                 {"width": 480, "height": 270, "webp": "renditions/s.webp",
                                  "jpeg": "renditions/s.jpg"},
                                 {"width": 1200, "height": 675, "webp": "renditions/l.webp",
                                  "jpeg": "renditions/l.jpg"},
                             ]},
        )
        here = version(article, "fr")
        here.hero_alt = "Une salle de lecture"
        here.save()

        hero = get_json(api("article_detail", here.pk))["hero_image"]

        assert hero["url"].startswith(HOST)
        assert hero["url"].endswith("renditions/l.jpg")
        assert (hero["width"], hero["height"], hero["alt"]) == (1200, 675,
                                                               "Une salle de lecture")

    @pytest.mark.parametrize("hidden", ["draft", "scheduled", "withdrawn", "planned"])
    def test_an_unpublished_version_is_a_json_404(self, scene, hidden):
        for row in scene["hidden"][hidden].versions.all():
            response = get(api("article_detail", row.pk))

            assert response.status_code == 404
            assert response["Content-Type"] == "application/json"
            assert response.json() == {"error": "No public article version has this id."}

    def test_a_scheduled_version_appears_once_its_time_has_come(self, scene):
        scheduled = version(scene["hidden"]["scheduled"], "en")
        later = scheduled.publish_at + timedelta(minutes=1)

        before = get(api("article_detail", scheduled.pk))
        with time_machine.travel(later, tick=False):
            after = get(api("article_detail", scheduled.pk))
            listed = get_json(api("article_list"), {"language": "en"})

        assert before.status_code == 404
        assert after.status_code == 200
        assert titles(listed)[0] == "Scheduled later"


class TestFilters:
    def test_series_filter_keeps_its_parts(self, scene):
        other = make_series()
        make_article(series=other, part=1, versions={"fr": {"title": "Autre série"}})

        payload = get_json(api("article_list"), {"series": scene["series"].pk})

        assert "Autre série" not in titles(payload)
        assert payload["count"] == 3

    def test_author_filter_keeps_the_articles_they_sign(self, scene):
        alan = scene["alan"]

        payload = get_json(api("article_list"), {"author": alan.slug})

        assert titles(payload) == [
            'Tom & Jerry: "<b>not bold</b>"', "In praise of openness", "Éloge de l’ouverture",
        ]

    @pytest.mark.parametrize(("tag", "language", "expected"), [
        ("stratégie", "fr", ["Pourquoi fermer", "Éloge de l’ouverture"]),
        ("strategy", "en", ["In praise of openness"]),
        ("strategy", "fr", []),
    ])
    def test_tag_filter_keeps_the_versions_carrying_it(self, scene, tag, language, expected):
        slug = Tag.objects.get(name=tag).slug

        payload = get_json(api("article_list"), {"tag": slug, "language": language})

        assert titles(payload) == expected

    def test_filters_combine(self, scene):
        payload = get_json(api("article_list"), {
            "language": "fr", "series": scene["series"].pk, "author": scene["alan"].slug,
            "tag": Tag.objects.get(name="éducation").slug,
        })

        assert titles(payload) == ["Éloge de l’ouverture"]

    @pytest.mark.parametrize("params", [
        {"series": "987654"}, {"author": "nobody"}, {"tag": "no-such-tag"},
    ], ids=["series", "author", "tag"])
    def test_a_filter_naming_nothing_gives_an_empty_list(self, scene, params):
        payload = get_json(api("article_list"), params)

        assert (payload["count"], payload["results"]) == (0, [])

    def test_an_empty_parameter_counts_as_not_given(self, scene):
        payload = get_json(api("article_list"), {"language": "", "series": "", "page": ""})

        assert payload["count"] == 4


class TestPagination:
    def test_pages_link_to_their_neighbours_keeping_the_filters(self, scene):
        first = get_json(api("article_list"), {"language": "fr", "page_size": 1})
        second = get_json(api("article_list"), {"language": "fr", "page_size": 1, "page": 2})

        assert (first["count"], first["page"], first["pages"]) == (2, 1, 2)
        assert first["previous"] is None
        assert first["next"] == (
            f"{HOST}/api/v1/articles/?language=fr&page_size=1&page=2"
        )
        assert titles(first) == ["Pourquoi fermer"]
        assert titles(second) == ["Éloge de l’ouverture"]
        assert second["next"] is None
        assert second["previous"] == f"{HOST}/api/v1/articles/?language=fr&page_size=1&page=1"

    def test_default_page_size_is_twenty(self, scene):
        for n in range(25):
            make_article(versions={"en": {"publish_at": hours_ago(200 + n)}})

        payload = get_json(api("article_list"), {"language": "en"})

        assert (payload["count"], payload["pages"], len(payload["results"])) == (27, 2, 20)

    def test_an_empty_list_is_one_empty_page(self, db):
        payload = get_json(api("article_list"))

        assert payload == {"count": 0, "page": 1, "pages": 1, "next": None,
                           "previous": None, "results": []}

    @pytest.mark.parametrize(("path", "params", "message"), [
        ("article_list", {"page": "abc"}, "page must be a whole number from 1 up."),
        ("article_list", {"page": "-1"}, "page must be a whole number from 1 up."),
        ("article_list", {"page": "0"}, "page must be a whole number from 1 up."),
        ("article_list", {"page": "1.5"}, "page must be a whole number from 1 up."),
        ("article_list", {"page": "٣"}, "page must be a whole number from 1 up."),
        ("article_list", {"page": "2"}, "This page does not exist: there is 1 page."),
        ("article_list", {"page": "9" * 5000}, "This page does not exist: there is 1 page."),
        ("series_list", {"page": "99999999999999999999"},
         "This page does not exist: there is 1 page."),
        ("article_list", {"page_size": "0"}, "page_size must be a whole number from 1 to 100."),
        ("author_list", {"page_size": "101"},
         "page_size must be a whole number from 1 to 100."),
        ("tag_list", {"page_size": "abc"}, "page_size must be a whole number from 1 to 100."),
        ("tag_list", {"page_size": "9" * 30}, "page_size must be a whole number from 1 to 100."),
        ("article_list", {"language": "xx"},
         f"Unknown language “xx”; use one of: {', '.join(language_codes())}."),
        ("series_list", {"language": "FR"},
         f"Unknown language “FR”; use one of: {', '.join(language_codes())}."),
        ("article_list", {"series": "abc"}, "series must be an id, a whole number."),
        ("article_list", {"series": "-3"}, "series must be an id, a whole number."),
        ("article_list", {"tag": "a\x00b"}, "Query parameters cannot contain null characters."),
    ])
    def test_bad_parameters_are_a_400_that_says_why(self, scene, path, params, message):
        response = get(api(path), params, HTTP_ACCEPT_LANGUAGE="en")

        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"error": message}

    @pytest.mark.parametrize("params", [
        {"series": "9" * 19}, {"series": "99999999999999999"},
    ])
    def test_a_huge_series_id_matches_nothing(self, scene, params):
        assert get_json(api("article_list"), params)["results"] == []


class TestSeries:
    def test_list_gives_each_text_and_published_parts_per_language(self, scene):
        series = scene["series"]
        make_series(fr={"title": "Seulement en français", "slug": "seulement"})

        payload = get_json(api("series_list"))

        # A series with no public part is not public.
        assert payload["count"] == 1
        item = payload["results"][0]
        assert item["id"] == series.pk
        assert item["api_url"] == f"{HOST}/api/v1/series/{series.pk}/"
        assert item["texts"] == [
            {"language": "en", "title": "Power Play", "slug": "power-play",
             "blurb": "the giants' rivalry", "url": site("series:detail", "en", slug="power-play"),
             "cover_alt": ""},
            {"language": "fr", "title": "Jeux de pouvoir", "slug": "jeux-de-pouvoir",
             "blurb": "la rivalité des géants",
             "url": site("series:detail", "fr", slug="jeux-de-pouvoir"), "cover_alt": ""},
        ]
        assert item["published_parts"] == {**dict.fromkeys(language_codes(), 0), "fr": 2, "en": 1}

    def test_list_in_one_language_keeps_series_with_a_text_in_it(self, scene):
        make_series(fr={"title": "Seulement en français", "slug": "seulement"})

        payload = get_json(api("series_list"), {"language": "en"})

        assert [[text["title"] for text in item["texts"]] for item in payload["results"]] == [
            ["Power Play"]
        ]
        assert payload["results"][0]["published_parts"] == {"en": 1}

    @pytest.mark.parametrize(("language", "parts", "coming"), [
        (None, ["In praise of openness", "Éloge de l’ouverture", "Pourquoi fermer"],
         {"fr": ["Titre provisoire trois"], "en": ["Working title three"]}),
        ("fr", ["Éloge de l’ouverture", "Pourquoi fermer"], {"fr": ["Titre provisoire trois"]}),
        ("en", ["In praise of openness"], {"en": ["Working title three"]}),
    ])
    def test_detail_lists_parts_in_order_and_what_comes_next(
        self, scene, language, parts, coming
    ):
        series = scene["series"]
        params = {"language": language} if language else {}

        payload = get_json(api("series_detail", series.pk), params)

        assert [part["title"] for part in payload["parts"]] == parts
        assert [part["series"]["part"] for part in payload["parts"]] == sorted(
            part["series"]["part"] for part in payload["parts"]
        )
        titles = {
            code: [entry["title"] for entry in entries]
            for code, entries in payload["coming_next"].items()
        }
        assert list(titles) == ([language] if language else language_codes())
        # Any other language has no version of the parts: all announced ones still come.
        assert titles == {code: ["Éloge de l’ouverture", "Titre provisoire trois"]
                          for code in titles} | coming
        for entries in payload["coming_next"].values():
            assert [sorted(entry) for entry in entries] == [
                ["language", "part", "title"]
            ] * len(entries)

    def test_a_follow_up_leaves_coming_next_once_published(self, scene):
        follow_up = version(scene["follow_up"], "en")
        follow_up.status = Status.PUBLISHED
        follow_up.publish_at = hours_ago(1)
        follow_up.save()

        payload = get_json(api("series_detail", scene["series"].pk))

        assert payload["coming_next"] == {
            code: [{"part": 1, "title": "Éloge de l’ouverture", "language": "fr"},
                   {"part": 3, "title": "Titre provisoire trois", "language": "fr"}]
            for code in language_codes()
        } | {
            "fr": [{"part": 3, "title": "Titre provisoire trois", "language": "fr"}],
            "en": [],
        }
        assert "Working title three" in [part["title"] for part in payload["parts"]]

    @pytest.mark.parametrize("params", [{}, {"language": "en"}])
    def test_unknown_series_or_series_without_text_here_is_a_json_404(self, scene, params):
        french_only = make_series(fr={"title": "Seulement en français", "slug": "seulement"})
        missing = get(api("series_detail", 987654), params)
        no_text = get(api("series_detail", french_only.pk), {"language": "en"})

        assert missing.status_code == 404
        assert missing.json() == {"error": "No series has this id."}
        assert no_text.status_code == 404


class TestAuthors:
    def test_list_gives_bios_links_and_pages_in_every_language(self, scene):
        ada = scene["ada"]

        payload = get_json(api("author_list"))

        assert [item["name"] for item in payload["results"]] == ["Ada Lovelace", "Alan Turing"]
        item = payload["results"][0]
        assert item["slug"] == ada.slug
        assert item["honours"] == "FBA"
        assert item["website"] == "https://ada.example.org"
        assert item["links"] == [{"label": "Mastodon", "url": "https://social.example.org/@ada"}]
        assert [(bio["language"], bio["bio_html"].strip()) for bio in item["bios"]] == [
            ("en", "<p>Ada writes <em>in English</em>.</p>"),
            ("fr", "<p>Ada écrit <em>en français</em>.</p>"),
        ]
        # Her pages exist in the languages she has public articles in: the scene's.
        assert item["urls"] == {code: HOST + ada.get_absolute_url(code) for code in LANGUAGES}
        assert item["published_versions"] == {
            **dict.fromkeys(language_codes(), 0), "fr": 2, "en": 1
        }
        assert item["articles_api_url"] == f"{HOST}/api/v1/articles/?author={ada.slug}"

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_language_restricts_bios_and_pages(self, scene, language):
        alan = scene["alan"]

        item = get_json(api("author_detail", alan.slug), {"language": language})

        assert item["name"] == "Alan Turing"
        assert [bio["language"] for bio in item["bios"]] == (["en"] if language == "en" else [])
        assert item["urls"] == {language: HOST + alan.get_absolute_url(language)}
        assert item["published_versions"] == {language: 1 if language == "fr" else 2}

    def test_unknown_author_is_a_json_404(self, db):
        response = get(api("author_detail", "nobody"))

        assert response.status_code == 404
        assert response.json() == {"error": "No author has this slug."}


class TestTags:
    @pytest.mark.parametrize(("language", "expected"), [
        ("fr", [("stratégie", 2), ("éducation", 1)]),
        ("en", [("education", 1), ("strategy", 1)]),
    ])
    def test_tags_of_public_versions_with_counts(self, scene, language, expected):
        payload = get_json(api("tag_list"), {"language": language})

        assert [(item["name"], item["count"]) for item in payload["results"]] == expected

    def test_tag_item_links_to_its_page_and_articles_per_language(self, scene):
        payload = get_json(api("tag_list"))

        item = payload["results"][0]
        slug = Tag.objects.get(name="stratégie").slug
        assert (item["name"], item["slug"], item["count"]) == ("stratégie", slug, 2)
        assert item["languages"] == [{
            "language": "fr", "count": 2,
            "url": site("articles:tag", "fr", slug=slug),
            "articles_api_url": f"{HOST}/api/v1/articles/?language=fr&tag=strat%C3%A9gie",
        }]
        assert payload["count"] == 4

    def test_tags_are_paginated(self, scene):
        payload = get_json(api("tag_list"), {"page_size": 3, "page": 2})

        assert (payload["count"], payload["pages"], len(payload["results"])) == (4, 2, 1)


def every_response(scene) -> dict[str, bytes]:
    """The body of every API answer about the scene, by address."""
    series, ada, alan = scene["series"], scene["ada"], scene["alan"]
    paths = [api("index")]
    for language in [None, *LANGUAGES]:
        params = f"?language={language}&page_size=100" if language else "?page_size=100"
        paths += [
            api("article_list") + params,
            api("series_list") + params,
            api("series_detail", series.pk) + params,
            api("author_list") + params,
            api("author_detail", ada.slug) + params,
            api("author_detail", alan.slug) + params,
            api("tag_list") + params,
            api("article_list") + params + f"&series={series.pk}",
            api("article_list") + params + f"&author={ada.slug}",
        ]
    for article in ("first", "second", "follow_up", "standalone"):
        paths += [api("article_detail", row.pk) for row in scene[article].versions.all()]
    bodies = {}
    for path in paths:
        response = get(path)
        assert response.status_code in (200, 404), path
        bodies[path] = response.content
    return bodies


def article_ids(data) -> set[int]:
    """Every version and article id named in an answer, wherever it sits."""
    found = set()
    if isinstance(data, dict):
        if "article_id" in data:
            found |= {("version", data["id"]), ("article", data["article_id"])}
        for value in data.values():
            found |= article_ids(value)
    elif isinstance(data, list):
        for value in data:
            found |= article_ids(value)
    elif isinstance(data, str) and "/api/v1/articles/" in data:
        tail = data.split("/api/v1/articles/")[1].split("/")[0]
        if tail.isdigit():
            found.add(("version", int(tail)))
    return found


@pytest.mark.django_db
class TestOnlyPublicContent:
    def test_hidden_articles_are_never_mentioned(self, scene):
        hidden_rows = [
            row for article in scene["hidden"].values() for row in article.versions.all()
        ] + [version(scene["second"], "en")]
        for path, body in every_response(scene).items():
            text = body.decode()
            for row in hidden_rows:
                assert row.title not in text, (path, row.title)
                assert row.slug not in text, (path, row.slug)
            assert "Chapeau programmé secret" not in text, path
            assert "future-topic" not in text and "sujet-secret" not in text, path
            ids = article_ids(json.loads(body))
            for row in hidden_rows:
                assert ("version", row.pk) not in ids, (path, row.pk)
                if not row.article.versions.exclude(pk=row.pk).exists():
                    assert ("article", row.article_id) not in ids, (path, row.article_id)

    def test_an_announced_follow_up_shows_only_its_working_title(self, scene):
        rows = list(scene["follow_up"].versions.all())
        for path, body in every_response(scene).items():
            text = body.decode()
            for row in rows:
                assert row.slug not in text, path
                assert row.body not in text, path
                if path.startswith(api("series_detail", scene["series"].pk)):
                    continue
                assert row.title not in text, path


class TestHttp:
    def test_success_is_public_json_cacheable_for_a_minute(self, scene):
        response = get(api("article_list"))

        assert response["Content-Type"] == "application/json"
        assert response["Cache-Control"] == "public, max-age=60"
        vary = {header.strip() for header in response["Vary"].split(",")}
        assert "Accept-Encoding" in vary
        assert response["ETag"]
        assert response["Content-Language"] == ", ".join(language_codes())

    def test_content_language_names_the_language_asked_not_the_browser_one(self, scene):
        response = get(api("article_list"), {"language": "en"}, HTTP_ACCEPT_LANGUAGE="fr")

        assert response["Content-Language"] == "en"

    def test_an_unchanged_answer_is_a_304(self, scene):
        path = api("series_detail", scene["series"].pk)
        first = get(path)

        again = get(path, HTTP_IF_NONE_MATCH=first["ETag"])

        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == first["ETag"]
        assert again["Cache-Control"] == "public, max-age=60"

    def test_a_change_anywhere_in_the_answer_changes_the_etag(self, scene):
        path = api("series_detail", scene["series"].pk)
        before = get(path)
        SeriesTranslation.objects.filter(language="en").update(title="Power Play, renamed")

        after = get(path, HTTP_IF_NONE_MATCH=before["ETag"])

        assert after.status_code == 200
        assert after["ETag"] != before["ETag"]
        assert after.json()["texts"][0]["title"] == "Power Play, renamed"

    def test_errors_are_not_cached(self, db):
        response = get(api("article_detail", 987654))

        assert response.status_code == 404
        assert "public" not in response["Cache-Control"]
        assert "no-cache" in response["Cache-Control"]

    def test_head_answers_like_get(self, scene):
        response = Client().head(api("series_list"))

        assert response.status_code == 200
        assert response["Cache-Control"] == "public, max-age=60"

    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
    def test_the_api_is_read_only(self, scene, method):
        response = getattr(Client(enforce_csrf_checks=True), method)(
            api("article_list"), HTTP_ACCEPT_LANGUAGE="en"
        )

        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"
        assert response.json() == {"error": "This API is read-only: use GET."}

    def test_an_unknown_address_under_the_api_is_a_json_404(self, db):
        response = get("/api/v1/nothing/here/", HTTP_ACCEPT_LANGUAGE="en")
        no_slash = get("/api/v1/articles")

        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert "/api/v1/" in response.json()["error"]
        assert no_slash.status_code == 301
        assert no_slash["Location"] == "/api/v1/articles/"


def build(n: int) -> dict:
    """n series, n authors with links, and a series of n parts each with n authors and tags."""
    series_list = [make_series() for _ in range(n)]
    authors = [make_author(bios={"fr": "Bio.", "en": "Bio."}) for _ in range(n)]
    for author in authors:
        author.links.create(label="Site", url="https://example.org")
    tags = [f"tag{n}-{i}" for i in range(n)]
    for i in range(n):
        article = make_article(series=series_list[0], part=i + 1, authors=authors,
                               versions={"fr": {}, "en": {}})
        for row in article.versions.all():
            row.tags.set(tags)
        make_article(series=series_list[0], part=i + 100, announced=True, authors=authors,
                     versions={"fr": {"status": Status.PLANNED, "publish_at": None},
                               "en": {"status": Status.PLANNED, "publish_at": None}})
    return {"series": series_list[0], "author": authors[0], "article": article}


def queries_for(path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = Client().get(path)
    assert response.status_code == 200, path
    return len(captured)


def answers(scene: dict, language: str) -> dict[str, str]:
    params = f"?language={language}&page_size=100"
    return {
        "article list": api("article_list") + params,
        "article list by author": api("article_list") + params + f"&author={scene['author'].slug}",
        "article": api("article_detail", scene["article"].versions.get(language=language).pk),
        "series list": api("series_list") + params,
        "series": api("series_detail", scene["series"].pk) + params,
        "all-language series": api("series_detail", scene["series"].pk),
        "author list": api("author_list") + params,
        "author": api("author_detail", scene["author"].slug) + params,
        "tag list": api("tag_list") + params,
    }


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_query_count_is_the_same_with_1_and_20_of_everything(language):
    small = build(1)
    small_counts = {name: queries_for(path) for name, path in answers(small, language).items()}
    large = build(20)
    large_counts = {name: queries_for(path) for name, path in answers(large, language).items()}

    assert small_counts == large_counts
    # The series detail asks for the follow-ups once per language: 2 queries each.
    assert max(small_counts.values()) <= 12


def test_error_messages_follow_the_clients_language(db):
    response = get(api("author_detail", "nobody"), HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 404
    assert response.json() == {"error": "Aucun auteur ne porte ce slug."}
