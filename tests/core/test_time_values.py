"""A page's `<time datetime>` values are HTML's: to the second, with the offset."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from core.languages import language_codes
from tests.factories import make_article

MOMENT = datetime(2026, 11, 27, 8, 30, 15, 123456, tzinfo=ZoneInfo("UTC"))


@pytest.mark.django_db
@pytest.mark.parametrize("language", language_codes())
def test_time_values_leave_out_the_fraction_of_a_second(language):
    """Microseconds are not HTML: at most three digits of a fraction of a second."""
    article = make_article(versions={language: {"slug": f"moment-{language}",
                                                "publish_at": MOMENT}})
    version = article.versions.get()

    for path in (version.get_absolute_url(), f"/{language}/"):
        html = Client().get(path).content.decode()

        values = re.findall(r'<time datetime="([^"]*)"', html)
        assert values, path
        assert set(values) == {"2026-11-27T09:30:15+01:00"}, path
