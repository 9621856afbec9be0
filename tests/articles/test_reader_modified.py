"""When readers last saw a text change, every surface says the same time.

(The sitemap says it to the day, as Django's sitemaps write dates.)

Feeds ("updated"), the sitemap ("lastmod"), the page's metadata ("dateModified",
"article:modified_time") and the API ("updated_at") all read
ArticleTranslation.reader_modified_at; they used to compute it each their own way and
disagreed for a version withdrawn, revised and published again.
"""

import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db.models import Max
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleTranslation, reader_modified_expression
from core.i18n import reverse_in
from editorial.services import version_schedule, version_withdraw
from tests.factories import make_article, make_author, make_series

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FIRST_PUBLISHED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def travel(moment: datetime):
    return time_machine.travel(moment, tick=False)


def surfaces(version: ArticleTranslation) -> dict[str, datetime]:
    """What each public surface says about when `version`'s text last changed."""
    client = Client()
    page = client.get(version.get_absolute_url()).text
    graph = json.loads(re.search(
        r'<script type="application/ld\+json">(.*?)</script>', page, re.S
    ).group(1))["@graph"]
    node = next(item for item in graph if item["@type"] == "Article")
    modified_meta = re.search(
        r'<meta property="article:modified_time" content="([^"]+)">', page
    ).group(1)

    feed = ET.fromstring(client.get(reverse_in(version.language, "articles:feed-atom")).content)
    entry = next(
        entry for entry in feed.iter(f"{ATOM}entry")
        if entry.find(f"{ATOM}link").get("href").endswith(version.get_absolute_url())
    )

    sitemap = ET.fromstring(client.get(
        reverse("sitemap-section", kwargs={"section": "articles"})
    ).content)
    lastmod = next(
        url.findtext(f"{SITEMAP}lastmod") for url in sitemap.iter(f"{SITEMAP}url")
        if url.findtext(f"{SITEMAP}loc").endswith(version.get_absolute_url())
    )

    api = client.get(reverse("api:article_detail", args=[version.pk])).json()
    return {
        "JSON-LD dateModified": datetime.fromisoformat(node["dateModified"]),
        "article:modified_time": datetime.fromisoformat(modified_meta),
        "Atom updated": datetime.fromisoformat(entry.findtext(f"{ATOM}updated")),
        "sitemap lastmod": date.fromisoformat(lastmod),
        "API updated_at": datetime.fromisoformat(api["updated_at"].replace("Z", "+00:00")),
    }


@pytest.fixture
def version(db):
    """An English version published on FIRST_PUBLISHED, in a series, with an author."""
    with travel(FIRST_PUBLISHED - timedelta(days=1)):
        article = make_article(
            series=make_series(), part=1, authors=[make_author("Ada Lovelace")],
            versions={"en": {"slug": "why-open", "publish_at": FIRST_PUBLISHED}},
        )
    return article.versions.get()


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")


def expected(moment: datetime) -> set:
    """`moment` as each surface writes it: an instant, and the sitemap's local day."""
    return {moment, timezone.localdate(moment)}


def revise(version: ArticleTranslation, body: str) -> ArticleTranslation:
    version = ArticleTranslation.objects.get(pk=version.pk)
    version.body = body
    version.save()
    return version


def test_a_version_never_revised_changed_when_it_was_published(version):
    with travel(FIRST_PUBLISHED + timedelta(hours=1)):
        said = surfaces(version)

    assert set(said.values()) == expected(FIRST_PUBLISHED), said


def test_a_revision_readers_saw_is_the_last_change_everywhere(version):
    revised = FIRST_PUBLISHED + timedelta(days=2)
    with travel(revised):
        version = revise(version, "A corrected body.")

    with travel(revised + timedelta(hours=1)):
        said = surfaces(version)

    assert set(said.values()) == expected(revised), said


def test_a_withdrawn_version_revised_and_published_again_changed_at_its_new_time(
    version, editor
):
    with travel(FIRST_PUBLISHED + timedelta(days=1)):
        version = revise(version, "Revised while readers could read it.")
    with travel(FIRST_PUBLISHED + timedelta(days=2)):
        version = version_withdraw(version=version, by=editor)
    with travel(FIRST_PUBLISHED + timedelta(days=3)):
        version = revise(version, "Rewritten while withdrawn.")
        back_at = FIRST_PUBLISHED + timedelta(days=10)
        version = version_schedule(version=version, at=back_at, by=editor)

    with travel(back_at + timedelta(hours=1)):
        said = surfaces(version)

    assert set(said.values()) == expected(back_at), said


def test_the_database_expression_agrees_with_the_instance(version, editor):
    """Sitemaps aggregate the time in SQL: it must be the instance's, case by case."""

    def in_sql(case: ArticleTranslation) -> datetime:
        return ArticleTranslation.objects.filter(pk=case.pk).aggregate(
            at=Max(reader_modified_expression())
        )["at"]

    assert in_sql(version) == version.reader_modified_at == FIRST_PUBLISHED
    with travel(FIRST_PUBLISHED + timedelta(days=1)):
        version = revise(version, "Revised while public.")
    assert in_sql(version) == version.reader_modified_at == FIRST_PUBLISHED + timedelta(days=1)
    with travel(FIRST_PUBLISHED + timedelta(days=2)):
        version_withdraw(version=version, by=editor)
        back_at = FIRST_PUBLISHED + timedelta(days=5)
        version = version_schedule(version=version, at=back_at, by=editor)
    assert in_sql(version) == version.reader_modified_at == back_at
