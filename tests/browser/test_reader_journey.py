"""A reader finds, reads and follows the demo series in a real browser, in both languages."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FRENCH_ONLY = "Pourquoi tout le monde veut travailler avec Hugging Face"


def search_from_header(page, words: str) -> None:
    page.get_by_role("search").get_by_role("searchbox").fill(words)
    page.get_by_role("search").get_by_role("button").click()


def test_a_reader_lands_in_their_language_and_follows_the_series(open_page, demo_site):
    """From / to an article, its follow-up, a tag, the other language, search and the feed."""
    french = open_page("/", locale="fr-FR")
    expect(french).to_have_url(re.compile(r"/fr/$"))
    expect(french.locator("html")).to_have_attribute("lang", "fr")

    page = open_page("/", locale="en-GB")
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # The series, from the main navigation.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Series").click()
    page.get_by_role("link", name="AI Power Play").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("AI Power Play")
    expect(page.get_by_role("heading", name="Coming next")).to_be_visible()

    # An article, read from its series page.
    page.get_by_role("link", name="Why does Meta give its AI models away?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Why does Meta give its AI models away?"
    )
    expect(page.locator(".article__body")).to_contain_text("A language model is expensive")
    expect(page.locator(".byline")).to_contain_text("Hélène Marchetti and Mikko Laine")

    # "Coming next" leads to the next part once it is published; announced ones are listed.
    coming_next = page.locator(".coming-next")
    expect(coming_next).to_contain_text("Mistral and the European bet")
    expect(coming_next.get_by_role("link", name="Mistral and the European bet")).to_have_count(0)
    coming_next.get_by_role("link", name="Why is OpenAI so closed?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Why is OpenAI so closed?")

    # A tag, and back to the article from the topic page.
    page.get_by_role("link", name="closed models").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("closed models")
    page.get_by_role("link", name="Why is OpenAI so closed?").click()

    # The other language of an article that has both versions.
    page.get_by_role("navigation", name="Read in another language").get_by_role(
        "link", name="Français", exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"/fr/articles/pourquoi-openai-est-il-si-ferme/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pourquoi OpenAI est-il si fermé ?")

    # An article with a French version only: the switch says so and leads back.
    page.locator(".coming-next").get_by_role("link", name=FRENCH_ONLY).click()
    page.get_by_role("navigation", name="Lire dans une autre langue").get_by_role(
        "link", name="English", exact=True
    ).click()
    expect(page).to_have_url(re.compile(r"/en/articles/not-available/[0-9]+/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This article is not available in this language yet"
    )
    page.get_by_role("link", name=FRENCH_ONLY).click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text(FRENCH_ONLY)

    # Search in French, from the header, then in English.
    search_from_header(page, "abonnement")
    expect(page).to_have_url(re.compile(r"/fr/recherche/\?q=abonnement$"))
    expect(page.locator(".search-results")).to_contain_text("Pourquoi OpenAI est-il si fermé ?")
    page.get_by_role("link", name="Pourquoi OpenAI est-il si fermé ?").click()
    page.get_by_role("link", name="English", exact=True).click()
    search_from_header(page, "subscriptions")
    expect(page).to_have_url(re.compile(r"/en/search/\?q=subscriptions$"))
    expect(page.locator(".search-count")).to_have_text("1 article found for “subscriptions”")
    expect(page.locator(".search-results")).to_contain_text("Why is OpenAI so closed?")

    # The feed named in the page's head answers RSS.
    page.get_by_role("link", name="Why is OpenAI so closed?").click()
    feed = page.locator('head link[rel="alternate"][type="application/rss+xml"]').first
    response = page.request.get(feed.get_attribute("href"))
    assert response.ok
    assert "xml" in response.headers["content-type"]
    assert "<rss" in response.text()
    assert "Why is OpenAI so closed?" in response.text()
