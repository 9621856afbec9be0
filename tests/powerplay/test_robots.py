"""robots.txt: where the sitemap is, and what crawlers are kept out of."""

import pytest
from django.test import Client

from core.i18n import reverse_in


@pytest.mark.django_db
class TestRobots:
    def lines(self) -> list[str]:
        response = Client().get("/robots.txt")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        return response.content.decode().splitlines()

    def test_robots_points_to_the_sitemap(self):
        assert "Sitemap: http://testserver/sitemap.xml" in self.lines()

    def test_robots_keeps_crawlers_out_of_admin_search_and_unavailable_pages(self):
        lines = self.lines()

        assert lines[0] == "User-agent: *"
        assert "Disallow: /admin/" in lines
        assert "Disallow: /en/search/" in lines
        assert "Disallow: /en/articles/not-available/" in lines
        assert "Disallow: /fr/articles/non-disponible/" in lines
        assert f"Disallow: {reverse_in('fr', 'search')}" in lines  # "/fr/recherche/"
        assert not any(line == "Disallow: /" for line in lines)
