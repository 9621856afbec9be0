"""The public reading site, in French and in English.

The pages of a series, the front page and author pages: tests/series/, tests/authors/.
"""

import re

import html5lib
import pytest
from django.test import Client
from django.utils import timezone, translation

from articles.models import Article, Status
from articles.queries import working_titles
from core.i18n import language_name, reverse_in
from core.languages import language_codes
from tests.factories import make_article, make_series
from tests.pages import get

LANGUAGES = ["fr", "en"]


# Drafts and withdrawn versions never show. An announced follow-up shows its working
# title under "Coming next", but never its link nor its text.
HIDDEN_TITLES = {
    "fr": ["Brouillon secret", "Article retiré"],
    "en": ["Secret draft", "Withdrawn piece"],
}
HIDDEN_URLS = {
    "fr": ["/fr/articles/brouillon-secret/", "/fr/articles/programme/", "/fr/articles/retire/",
           "/fr/articles/trois/"],
    "en": ["/en/articles/secret-draft/", "/en/articles/scheduled/", "/en/articles/withdrawn/",
           "/en/articles/why-close/", "/en/articles/three/"],
}


def public_pages(scene, language):
    ada = scene["ada"]
    tag = "stratégie" if language == "fr" else "strategy"
    slug = "pourquoi-ouvrir" if language == "fr" else "why-open"
    series_slug = "jeux-de-pouvoir" if language == "fr" else "power-play"
    return [
        reverse_in(language, "home"),
        reverse_in(language, "articles:list"),
        reverse_in(language, "series:list"),
        reverse_in(language, "series:detail", slug=series_slug),
        reverse_in(language, "articles:detail", slug=slug),
        reverse_in(language, "authors:list"),
        reverse_in(language, "authors:detail", slug=ada.slug),
        reverse_in(language, "articles:tag", slug=tag),
    ]


@pytest.mark.django_db
class TestUrls:
    def test_url_words_are_translated(self):
        assert reverse_in("fr", "authors:list") == "/fr/auteurs/"
        assert reverse_in("en", "authors:list") == "/en/authors/"
        assert reverse_in("fr", "articles:tag", slug="ia") == "/fr/sujets/ia/"
        assert reverse_in("en", "articles:tag", slug="ai") == "/en/topics/ai/"

    # A language the site does not offer, whichever settings.LANGUAGES has.
    UNOFFERED = next(code for code in ("de", "it", "nl") if code not in language_codes())

    @pytest.mark.parametrize(("header", "expected"), [
        ("fr-FR,fr;q=0.9,en;q=0.8", "/fr/"),
        ("en-GB,en;q=0.9", "/en/"),
        (f"{UNOFFERED}-{UNOFFERED.upper()},{UNOFFERED};q=0.9,en;q=0.5", "/en/"),
        ("", "/fr/"),
    ])
    def test_root_sends_readers_to_the_language_their_browser_prefers(self, header, expected):
        response = Client().get("/", HTTP_ACCEPT_LANGUAGE=header)

        assert response.status_code == 302
        assert response["Location"] == expected

    def test_tag_with_accents_has_a_working_page(self, series_scene):
        path = reverse_in("fr", "articles:tag", slug="éducation")

        response, html = get(path)

        assert path == "/fr/sujets/%C3%A9ducation/"
        assert response.status_code == 200
        assert "Pourquoi ouvrir" in html

    def test_tag_of_symbols_only_added_outside_the_admin_has_a_working_page(
        self, series_scene
    ):
        # The admin refuses such a name; an import or the shell does not ask.
        version = series_scene["first"].versions.get(language="fr")
        version.tags.add("—", "!!!")
        slugs = sorted(version.tags.values_list("slug", flat=True))

        article, html = get(version.get_absolute_url())
        sitemap, sitemap_xml = get("/sitemap-tags.xml")
        assert article.status_code == 200
        assert sitemap.status_code == 200
        assert all(slugs), slugs
        for slug in slugs:
            path = reverse_in("fr", "articles:tag", slug=slug)
            assert get(path)[0].status_code == 200
            assert f'href="{path}"' in html
            assert f"{path}</loc>" in sitemap_xml

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_every_page_type_answers_in_both_languages(self, series_scene, language):
        for path in public_pages(series_scene, language):
            response, html = get(path)
            assert response.status_code == 200, path
            assert f'<html lang="{language}">' in html, path


@pytest.mark.django_db
class TestVisibilityOnPages:
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_unpublished_versions_appear_on_no_page(self, series_scene, language):
        for path in public_pages(series_scene, language):
            _, html = get(path)
            for title in HIDDEN_TITLES[language]:
                assert title not in html, (path, title)
            for hidden_url in HIDDEN_URLS[language]:
                assert hidden_url not in html, (path, hidden_url)
            assert "Secret scheduled standfirst" not in html, path

    @pytest.mark.parametrize(("language", "slug"), [
        ("fr", "brouillon-secret"), ("fr", "programme"), ("fr", "retire"), ("fr", "trois"),
        ("en", "secret-draft"), ("en", "scheduled"), ("en", "withdrawn"), ("en", "why-close"),
    ])
    def test_unpublished_version_urls_answer_404(self, series_scene, language, slug):
        response, html = get(reverse_in(language, "articles:detail", slug=slug))

        assert response.status_code == 404
        assert "Page not found" in html or "Page introuvable" in html

    def test_a_slug_from_the_other_language_is_not_found(self, series_scene):
        response, _ = get("/en/articles/pourquoi-ouvrir/")

        assert response.status_code == 404

    def test_tag_only_on_hidden_versions_is_not_found(self, series_scene):
        series_scene["draft"].versions.get(language="fr").tags.set(["secret"])

        response, _ = get(reverse_in("fr", "articles:tag", slug="secret"))

        assert response.status_code == 404


@pytest.mark.django_db
class TestArticlePage:
    def page(self, language="fr", slug="pourquoi-ouvrir"):
        response, html = get(reverse_in(language, "articles:detail", slug=slug))
        assert response.status_code == 200
        return html

    def test_series_box_links_to_the_series_with_its_blurb(self, series_scene):
        html = self.page()

        assert "Cet article fait partie d’une série en cours" in html
        assert '<a href="/fr/series/jeux-de-pouvoir/">Jeux de pouvoir</a>' in html
        assert "la rivalité des géants" in html

    def test_byline_lists_every_author_in_order_with_links(self, series_scene):
        html = self.page("en", "why-open")
        byline = re.search(r'<p class="byline">(.*?)</p>', html, re.S).group(1)

        assert byline.index("Alan Turing") < byline.index("Ada Lovelace")
        assert f'href="/en/authors/{series_scene["ada"].slug}/"' in byline
        assert " and " in byline

    @pytest.mark.parametrize(("language", "date"), [
        ("fr", "27 novembre 2026"), ("en", "27 November 2026"),
    ])
    def test_date_is_written_in_the_pages_language(self, series_scene, language, date):
        html = self.page(language, "pourquoi-ouvrir" if language == "fr" else "why-open")

        assert date in html

    def test_reading_time_and_table_of_contents(self, series_scene):
        html = self.page("en", "why-open")

        assert "1 minute read" in html
        assert '<nav class="toc"' in html
        assert '<a href="#one">One</a>' in html
        assert '<h2 id="one">One</h2>' in html

    def test_no_table_of_contents_under_three_headings(self, series_scene):
        html = self.page("fr", "pourquoi-fermer")

        assert '<nav class="toc"' not in html

    def test_updated_date_only_after_an_edit_of_the_public_text(self, series_scene):
        version = series_scene["first"].versions.get(language="en")
        assert "Updated on" not in self.page("en", "why-open")

        version.status = Status.PUBLISHED  # saving without a text change is not an update
        version.save()
        assert "Updated on" not in self.page("en", "why-open")

        version.body += "\n\nA correction."
        version.save()
        assert "Updated on" in self.page("en", "why-open")

    def test_coming_next_shows_announced_follow_ups_with_links_once_public(self, series_scene):
        french = self.page("fr", "pourquoi-ouvrir")
        coming = french.split('id="coming-next-title"')[1].split("</section>")[0]

        assert '<a href="/fr/articles/pourquoi-fermer/">Pourquoi fermer</a>' in coming
        assert "Titre provisoire trois" in coming
        assert "Programmé plus tard" in coming
        assert "/fr/articles/programme/" not in coming
        assert "Brouillon secret" not in coming  # not announced
        assert coming.index("Pourquoi fermer") < coming.index("Titre provisoire trois") < (
            coming.index("Programmé plus tard"))

    def test_coming_next_in_english_lists_the_french_only_part_as_not_yet_public(
        self, series_scene
    ):
        english = self.page("en", "why-open")
        coming = english.split('id="coming-next-title"')[1].split("</section>")[0]

        assert "Why close (draft)" in coming
        assert "/en/articles/why-close/" not in coming
        assert "Working title three" in coming

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_a_withdrawn_part_is_never_announced_as_coming(self, series_scene, language):
        withdrawn = series_scene["withdrawn"]
        withdrawn.announced = True
        withdrawn.save()
        # Half withdrawn: the other language's working title stands in for it.
        make_article(series=series_scene["series"], part=7, announced=True, versions={
            "fr": {"title": "Septième, retirée", "slug": "sept", "status": Status.WITHDRAWN},
            "en": {"title": "Seventh in plan", "slug": "seven", "status": Status.PLANNED,
                   "publish_at": None},
        })
        series_slug = "jeux-de-pouvoir" if language == "fr" else "power-play"
        pages = [
            get(reverse_in(language, "articles:detail",
                           slug="pourquoi-ouvrir" if language == "fr" else "why-open"))[1],
            get(reverse_in(language, "series:detail", slug=series_slug))[1],
            get(f"/api/v1/series/{series_scene['series'].pk}/")[1],
        ]

        for html in pages:
            assert "Article retiré" not in html
            assert "Withdrawn piece" not in html
            assert "Septième, retirée" not in html
            assert "Seventh in plan" in html

    def test_about_the_authors_shows_bios_in_the_pages_language(self, series_scene):
        french, english = self.page("fr"), self.page("en", "why-open")

        assert "Ada écrit en français." in french
        assert "Ada writes in English." not in french
        assert "Ada writes in English." in english
        assert "À propos des auteurs" in french
        assert "About the authors" in english

    def test_read_more_puts_editor_picks_first_then_shared_tags(self, series_scene):
        other_series = make_series()
        picked = make_article(series=other_series, part=1, versions={
            "fr": {"title": "Choix de la rédaction", "slug": "choix"}})
        tagged = make_article(versions={"fr": {"title": "Même thème", "slug": "meme-theme"}})
        tagged.versions.get().tags.set(["éducation"])
        english_only = make_article(versions={"en": {"title": "English pick", "slug": "pick"}})
        series_scene["first"].related_articles.set([picked, english_only])

        html = self.page("fr", "pourquoi-ouvrir")
        read_more = html.split('id="read-more-title"')[1]

        assert read_more.index("Choix de la rédaction") < read_more.index("Même thème")
        assert "Pourquoi fermer" in read_more  # shares "stratégie"
        assert "English pick" not in read_more
        assert "Pourquoi ouvrir" not in read_more

    def test_tags_previous_and_next_parts(self, series_scene):
        first = self.page("fr", "pourquoi-ouvrir")
        second = self.page("fr", "pourquoi-fermer")

        assert 'href="/fr/sujets/%C3%A9ducation/"' in first
        assert 'rel="next"' in first and "/fr/articles/pourquoi-fermer/" in first
        assert 'rel="prev"' in second and "/fr/articles/pourquoi-ouvrir/" in second
        assert 'rel="next"' not in second.split('class="part-nav"')[1].split("</nav>")[0]

    def test_republication_note_links_to_the_original_and_is_canonical(self, series_scene):
        version = series_scene["first"].versions.get(language="en")
        version.source_name = "The Conversation"
        version.source_url = "https://theconversation.com/original"
        version.source_licence = "CC BY-ND 4.0"
        version.save()

        html = self.page("en", "why-open")

        assert 'This article was first published by <a href="https://theconversation.com/original">The Conversation</a>.' in html  # noqa: E501
        assert "CC BY-ND 4.0" in html
        assert '<link rel="canonical" href="https://theconversation.com/original">' in html

    def test_editor_text_is_escaped(self, series_scene):
        version = series_scene["first"].versions.get(language="en")
        version.title = "<script>alert(1)</script>"
        version.standfirst = '"><img src=x onerror=alert(1)>'
        version.body = "<script>alert(2)</script>\n\n[x](javascript:alert(3))"
        version.save()

        html = self.page("en", "why-open")

        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert 'href="javascript:' not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.django_db
class TestLanguageSwitch:
    def test_article_with_two_versions_switches_to_the_other_version(self, series_scene):
        _, html = get(reverse_in("fr", "articles:detail", slug="pourquoi-ouvrir"))

        assert '<a href="/en/articles/why-open/" hreflang="en" lang="en">English</a>' in html
        assert '<link rel="alternate" hreflang="en" href="http://testserver/en/articles/why-open/">' in html  # noqa: E501
        assert '<link rel="alternate" hreflang="fr" href="http://testserver/fr/articles/pourquoi-ouvrir/">' in html  # noqa: E501
        assert 'hreflang="x-default" href="http://testserver/fr/articles/pourquoi-ouvrir/"' in html

    def test_article_with_one_version_leads_to_a_page_that_says_so(self, series_scene):
        _, html = get(reverse_in("fr", "articles:detail", slug="pourquoi-fermer"))
        switch = re.search(r'<nav class="language-switch".*?</nav>', html, re.S).group(0)
        target = re.search(r'href="([^"]+)"', switch).group(1)

        assert 'hreflang="en"' not in html.split("<body")[0].replace('hreflang="x-default"', "")
        assert target.startswith("/en/")
        response, page = get(target)
        assert response.status_code == 200
        assert '<html lang="en">' in page
        assert "This article is not available in this language yet" in page
        assert '<a href="/fr/articles/pourquoi-fermer/" hreflang="fr" lang="fr">Pourquoi fermer</a>' in page  # noqa: E501
        assert '<meta name="robots" content="noindex">' in page

    def test_not_available_page_redirects_once_the_version_is_public(self, series_scene):
        second = series_scene["second"]
        target = reverse_in("en", "articles:unavailable", pk=second.pk)
        english = second.versions.get(language="en")
        english.status = Status.PUBLISHED
        english.publish_at = timezone.now()
        english.save()

        response = Client().get(target)

        assert response.status_code == 302
        assert response["Location"] == "/en/articles/why-close/"

    def test_not_available_page_of_an_unpublished_article_is_not_found(self, series_scene):
        response, _ = get(reverse_in("en", "articles:unavailable", pk=series_scene["draft"].pk))

        assert response.status_code == 404

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_every_page_offers_the_other_language(self, series_scene, language):
        other = "en" if language == "fr" else "fr"
        for path in public_pages(series_scene, language):
            _, html = get(path)
            switch = re.search(r'<nav class="language-switch".*?</nav>', html, re.S)
            assert switch, path
            assert f'hreflang="{other}" lang="{other}"' in switch.group(0), path


    def test_404_page_is_branded_and_offers_both_homes(self, db):
        response, html = get("/en/nothing-here/")

        assert response.status_code == 404
        assert "Page not found" in html
        assert 'href="/fr/"' in html


@pytest.mark.django_db
class TestOtherPages:



    def test_lists_paginate(self, db):
        for n in range(30):
            make_article(versions={"en": {"title": f"Piece {n:02d}", "slug": f"piece-{n}"}})

        _, html1 = get("/en/articles/")
        _, html2 = get("/en/articles/?page=2")
        odd, _ = get("/en/articles/?page=abc")
        far, _ = get("/en/articles/?page=99999999999999999999")

        assert "Page 1 of 3" in html1 and 'rel="next"' in html1
        assert "Page 2 of 3" in html2
        assert odd.status_code == 200 and far.status_code == 200



@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["series", "article"])
def test_coming_next_says_each_part_number_once(series_scene, kind, language):
    """Listed parts carry no list numbers of their own to contradict "Part N".

    The announced parts are 2, 3 and 5 on the first article's page, 3 and 5 (2 in
    English, where it is not public) on the series page: an ordered list would number
    them 1, 2, 3.
    """
    path = {
        "series": reverse_in(language, "series:detail",
                             slug={"fr": "jeux-de-pouvoir", "en": "power-play"}[language]),
        "article": reverse_in(language, "articles:detail",
                              slug={"fr": "pourquoi-ouvrir", "en": "why-open"}[language]),
    }[kind]
    _, html = get(path)
    document = html5lib.parse(html, namespaceHTMLElements=False)
    (section,) = [el for el in document.iter("section") if el.get("class") == "coming-next"]
    (listing,) = [el for el in section.iter() if el.tag in ("ol", "ul")]

    word = {"fr": "Volet", "en": "Part"}[language]
    said = ["".join(item.itertext()).split()[:2] for item in listing.findall("li")]
    expected = {("series", "fr"): [3, 5], ("series", "en"): [2, 3, 5],
                ("article", "fr"): [2, 3, 5], ("article", "en"): [2, 3, 5]}[kind, language]
    assert said == [[word, str(part)] for part in expected]
    assert listing.tag == "ul"


@pytest.mark.django_db
def test_500_page_needs_no_database(settings):
    from django.template import loader

    with translation.override("fr"), pytest.MonkeyPatch.context() as patch:
        from django.db import connection

        def no_database(*args, **kwargs):
            raise AssertionError("the 500 page touched the database")

        patch.setattr(connection, "cursor", no_database)
        html = loader.get_template("500.html").render()

    assert '<html lang="fr">' in html
    assert "Une erreur" in html or "Un problème" in html


@pytest.mark.django_db
def test_a_working_title_from_another_language_is_the_default_languages_first():
    make_article(part=None, versions={
        "en": {"title": "English plan", "status": Status.PLANNED, "publish_at": None},
        "fr": {"title": "Plan français", "status": Status.PLANNED, "publish_at": None},
    })

    # A reader of a language with no version sees the site's default language's title.
    [entry] = working_titles(Article.objects.all(), "de")

    assert entry["title"] == "Plan français"
    assert working_titles(Article.objects.all(), "en")[0]["title"] == "English plan"


@pytest.mark.django_db
def test_a_language_django_does_not_know_is_named_as_settings_name_it(settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("qq", "Qqish")]

    assert language_name("qq") == "Qqish"
    assert language_name("fr") == "français"
    assert Client().get("/fr/").status_code == 200
