"""Where the language switch leads from pages that are not the same in every language:
a topic, a search, an article withdrawn in one language."""

from urllib.parse import quote

import pytest
from django.utils import translation

from articles.models import Status
from core.i18n import reverse_in
from core.languages import language_codes
from tests.factories import make_article
from tests.pages import Head, get


def others(language: str) -> list[str]:
    return [code for code in language_codes() if code != language]


def in_language(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.fixture
def shared_topic(series_scene):
    """The first part tagged "IA" in every language it has; "stratégie" is French only."""
    for version in series_scene["first"].versions.all():
        version.tags.add("IA")
    return series_scene


def french_only(scene) -> str:
    """The slug of "stratégie", a tag only French versions carry."""
    return scene["second"].versions.get(language="fr").tags.get().slug


def test_a_topic_used_in_several_languages_links_its_page_in_each(shared_topic):
    languages = sorted(shared_topic["first"].versions.values_list("language", flat=True))
    for language in languages:
        _, html = get(reverse_in(language, "articles:tag", slug="ia"))
        switch = Head(html).language_switch
        for other in others(language):
            if other in languages:
                assert reverse_in(other, "articles:tag", slug="ia") in switch
        assert reverse_in(language, "home") not in switch


def test_a_topic_of_one_language_says_so_in_the_others(shared_topic):
    slug = french_only(shared_topic)
    french_page = reverse_in("fr", "articles:tag", slug=slug)
    _, html = get(french_page)
    switch = Head(html).language_switch
    for other in others("fr"):
        notice_path = reverse_in(other, "articles:tag-unavailable", slug=slug)
        assert notice_path in switch

        response, notice = get(notice_path)

        assert response.status_code == 200
        assert in_language(other, "Each language has topics of its own. This one has "
                                  "articles in:") in notice
        assert f'href="{french_page}"' in notice
        assert '<meta name="robots" content="noindex">' in notice


def test_the_notice_of_a_topic_sends_readers_of_its_own_language_to_it(shared_topic):
    slug = french_only(shared_topic)
    response, _ = get(reverse_in("fr", "articles:tag-unavailable", slug=slug))

    assert response.status_code == 302
    assert response["Location"] == reverse_in("fr", "articles:tag", slug=slug)
    assert get(reverse_in("fr", "articles:tag-unavailable", slug="nothing"))[0].status_code == 404


def test_the_switch_of_a_search_keeps_its_words(series_scene):
    words = "modèles ouverts"
    for language in language_codes():
        _, html = get(reverse_in(language, "search"), data={"q": words})
        switch = Head(html).language_switch
        for other in others(language):
            wanted = f"{reverse_in(other, 'search')}?q={quote(words, safe='').replace('%20', '+')}"
            assert wanted in switch


def test_an_article_withdrawn_in_one_language_says_it_is_no_longer_there(series_scene):
    languages = language_codes()
    kept, withdrawn_in = languages[0], languages[1]
    article = make_article(versions={
        kept: {"title": "Toujours là"},
        withdrawn_in: {"title": "Gone", "status": Status.WITHDRAWN},
    })
    notice_path = reverse_in(withdrawn_in, "articles:unavailable", pk=article.pk)

    no_longer = in_language(withdrawn_in, "This article is no longer available in this language")
    not_yet = in_language(withdrawn_in, "This article is not available in this language yet")

    _, notice = get(notice_path)

    assert no_longer in notice and not_yet not in notice
    assert "Toujours là" in notice
    # An article never published in a language is still "not yet" there.
    _, never = get(reverse_in(withdrawn_in, "articles:unavailable", pk=series_scene["second"].pk))
    assert not_yet in never
