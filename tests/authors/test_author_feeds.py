"""An author's RSS and Atom feeds (authors.feeds) and the links that announce them.

The fixture syndication_scene is in tests/conftest.py. What every feed does, an author's
included: tests/articles/test_feeds.py.
"""

import pytest
from django.test import Client

from core.i18n import reverse_in
from tests.factories import make_article, make_author
from tests.feeds import SERVER, entries, feed_links, fetch


@pytest.mark.django_db
class TestAuthorFeed:
    def test_author_without_public_version_here_has_no_feed(self, syndication_scene):
        """An author is public in a language once they sign a version public there."""
        author = make_author("Grace Hopper")
        make_article(authors=[author], versions={"fr": {}})

        hidden = Client().get(reverse_in("en", "authors:feed-rss", slug=author.slug))
        assert hidden.status_code == 404
        _, root = fetch(reverse_in("fr", "authors:feed-rss", slug=author.slug))
        assert len(entries(root, "rss")) == 1

    def test_link_titles_match_the_feed_titles(self, syndication_scene):
        """A reader picking a feed in the browser sees the name the feed gives itself."""
        page = Client().get(syndication_scene["ada"].get_absolute_url("en")).content.decode()
        (site_title, site_href), (ada_title, ada_href) = feed_links(page)["application/rss+xml"]

        _, site_feed = fetch(site_href.removeprefix(SERVER))
        _, ada_feed = fetch(ada_href.removeprefix(SERVER))

        assert site_title == site_feed.findtext("channel/title") + " (RSS)"
        assert ada_title == ada_feed.findtext("channel/title") + " (RSS)"
