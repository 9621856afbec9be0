"""Reading the content state makes the scheduled changes due first (pagecache.state):
a fixed cost, paid once per content change and instant, never per page."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from editorial import services
from pagecache.state import current_state, recent
from tests.factories import make_article, make_author, make_staff

pytestmark = pytest.mark.django_db


def state_queries(now) -> int:
    recent.forget()
    with CaptureQueriesContext(connection) as queries:
        current_state(now)
    return len(queries)


def schedule_many(n: int, chief) -> None:
    at = timezone.now() + timedelta(days=1)
    for _ in range(n):
        author = make_author()
        writer = make_staff("Author", author=author)
        version = make_article(authors=[author], versions={"fr": {}}).versions.get()
        services.changes_save(version=version, values={"title": "Revu"}, tag_names=[],
                              by=writer)
        services.changes_schedule(version=version, at=at, by=chief)
        services.version_schedule_withdrawal(version=version, at=at + timedelta(days=1),
                                             by=chief)


def test_the_state_costs_the_same_few_queries_however_much_is_scheduled():
    chief = make_staff("Editor")
    schedule_many(1, chief)
    small = state_queries(timezone.now())
    schedule_many(10, chief)
    large = state_queries(timezone.now())

    assert small == large <= 4
    assert state_queries(timezone.now()) == 0, "kept until content changes"
