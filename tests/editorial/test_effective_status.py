"""What the admin calls a version is what readers see: a scheduled version whose time has
come is shown as published, on every staff surface, from one method."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import formats, timezone, translation

from articles.models import Status
from core.languages import language_codes
from editorial.services import TransitionRefused, version_submit
from tests.editorial.test_calendar import events
from tests.factories import client_for, make_article, make_staff

# The moment the scheduled version goes public, and a minute either side of it.
DUE = timezone.now().replace(microsecond=0) + timedelta(days=2)
BEFORE, AFTER = DUE - timedelta(minutes=1), DUE + timedelta(minutes=1)


@pytest.fixture
def scheduled(db):
    """A version scheduled for DUE, in the first language only, and an editor."""
    first = language_codes()[0]
    article = make_article(versions={first: {
        "title": "Programmé pour bientôt", "status": Status.SCHEDULED, "publish_at": DUE}})
    editor = make_staff("Editor", username="eve")
    token = editor.editor_profile.renew_calendar_token()
    return {"article": article, "version": article.versions.get(), "editor": editor,
            "token": token}


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def article_list_cell(world) -> str:
    page = client_for(world["editor"]).get(reverse("admin:articles_article_changelist"))
    [cell] = re.findall(r'<td class="field-versions">(.*?)</td>', page.content.decode(), re.S)
    return text(cell)


def version_list_cell(world) -> str:
    page = client_for(world["editor"]).get(
        reverse("admin:articles_articletranslation_changelist"))
    [cell] = re.findall(r'<td class="field-shown_status">(.*?)</td>',
                        page.content.decode(), re.S)
    return text(cell)


def change_page_status(world) -> str:
    page = client_for(world["editor"]).get(
        reverse("admin:articles_article_change", args=[world["article"].pk]))
    [status] = re.findall(r'<h3 id="pp-workflow-\d+">.*?</h3>\s*<p>(.*?)</p>',
                          page.content.decode(), re.S)
    return text(status)


def translation_status_entry(world) -> str:
    page = client_for(world["editor"]).get(reverse("admin:translation_status"))
    code = world["version"].language.upper()
    found = re.findall(rf"{code}</abbr></a> \(([^)]*)\)", page.content.decode())
    assert found  # once per language it is missing in
    return found[0]


def calendar_description(world) -> str:
    feed = client_for(None).get(
        reverse("editorial-calendar-feed", kwargs={"token": world["token"]}))
    [event] = [e for e in events(feed.content)
               if e["UID"] == f"version-{world['version'].pk}@powerplay"]
    return event["DESCRIPTION"]


def status_field(page) -> str:
    """The selected option of the status select of the page's (first) version form."""
    [select] = re.findall(r'<select name="(?:versions-0-)?status".*?</select>',
                          page.content.decode(), re.S)
    [selected] = re.findall(r"<option[^>]*selected[^>]*>(.*?)</option>", select, re.S)
    return text(selected)


def version_page_status_field(world) -> str:
    return status_field(client_for(world["editor"]).get(
        reverse("admin:articles_articletranslation_change", args=[world["version"].pk])))


def article_page_status_field(world) -> str:
    return status_field(client_for(world["editor"]).get(
        reverse("admin:articles_article_change", args=[world["article"].pk])))


def refusal_message(world) -> str:
    """What an editor is told when asking to send the version to review."""
    try:
        version_submit(version=world["version"], by=world["editor"])
    except TransitionRefused as refusal:
        return str(refusal)
    raise AssertionError("sending a scheduled or published version to review went through")


SURFACES = [article_list_cell, version_list_cell, change_page_status,
            translation_status_entry, calendar_description, version_page_status_field,
            article_page_status_field, refusal_message]


@pytest.mark.django_db
@pytest.mark.parametrize("surface", SURFACES)
def test_a_scheduled_version_reads_scheduled_until_its_time(scheduled, surface):
    with time_machine.travel(BEFORE, tick=False):
        shown = surface(scheduled)

    assert "scheduled" in shown
    assert "published" not in shown


@pytest.mark.django_db
@pytest.mark.parametrize("surface", SURFACES)
def test_a_scheduled_version_reads_published_once_its_time_has_come(scheduled, surface):
    with time_machine.travel(AFTER, tick=False):
        shown = surface(scheduled)

    assert "published" in shown
    assert "scheduled" not in shown


@pytest.mark.django_db
def test_the_lists_show_the_publication_time_with_the_status(scheduled):
    with time_machine.travel(AFTER, tick=False):
        with translation.override("en"):
            when = formats.date_format(timezone.localtime(DUE), "SHORT_DATETIME_FORMAT")
        for cell in (article_list_cell(scheduled), version_list_cell(scheduled)):
            assert when in cell, cell


@pytest.mark.django_db
@pytest.mark.parametrize(("moment", "status", "listed"), [
    (BEFORE, Status.SCHEDULED, True), (BEFORE, Status.PUBLISHED, False),
    (AFTER, Status.SCHEDULED, False), (AFTER, Status.PUBLISHED, True),
])
def test_the_status_filters_follow_the_status_shown(scheduled, moment, status, listed):
    with time_machine.travel(moment, tick=False):
        client = client_for(scheduled["editor"])
        articles = client.get(reverse("admin:articles_article_changelist"),
                              {"status": status}).content.decode()
        versions = client.get(reverse("admin:articles_articletranslation_changelist"),
                              {"status": status}).content.decode()

    assert ("Programmé pour bientôt" in articles) is listed
    assert ("Programmé pour bientôt" in versions) is listed


@pytest.mark.django_db
def test_effective_status_on_both_sides_of_the_instant(scheduled):
    version = scheduled["version"]

    assert version.effective_status(at=BEFORE) == Status.SCHEDULED
    assert version.effective_status(at=DUE) == Status.PUBLISHED
    assert version.effective_status(at=AFTER) == Status.PUBLISHED
    for status in (Status.PLANNED, Status.DRAFT, Status.IN_REVIEW):
        version.status, version.publish_at = status, None
        assert version.effective_status(at=AFTER) == status
    version.status, version.publish_at = Status.WITHDRAWN, DUE
    assert version.effective_status(at=AFTER) == Status.WITHDRAWN
