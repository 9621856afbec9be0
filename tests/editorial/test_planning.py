"""Planning follow-ups: working titles only, reordering parts, overdue flags."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status
from editorial.services import version_publish
from tests.accessibility import description, parse
from tests.factories import (
    article_form,
    client_for,
    make_article,
    make_author,
    make_series,
    make_staff,
)


@pytest.fixture
def editor(db):
    return make_staff("Editor", username="eve")


def test_an_editor_plans_a_follow_up_with_working_titles_only(editor):
    series = make_series()
    ada, bob = make_author("Ada"), make_author("Bob")
    data = article_form(series=series, part=4, authors=[ada, bob], versions=[
        {"language": "fr", "title": "Titre provisoire", "slug": "titre-provisoire",
         "status": Status.PLANNED},
        {"language": "en", "title": "Working title", "slug": "working-title",
         "status": Status.PLANNED},
    ]) | {"target_date": "2031-02-01", "announced": "on"}

    response = client_for(editor).post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    article = Article.objects.get()
    assert article.is_planned() and article.announced
    assert article.target_date == date(2031, 2, 1)
    assert article.byline() == [ada, bob]


def test_a_planned_follow_up_takes_its_place_when_published_with_nothing_retyped(editor):
    series = make_series(fr={"slug": "serie"})
    make_article(series=series, part=1, versions={"fr": {"slug": "premier"}})
    planned = make_article(series=series, part=2, announced=True, versions={
        "fr": {"title": "Suite annoncée", "slug": "suite", "status": Status.PLANNED,
               "publish_at": None}})
    before = Client().get("/fr/articles/premier/").content.decode()

    version = planned.versions.get()
    version.status = Status.DRAFT
    version.body = "Le texte."
    version.save()
    version_publish(version=version, by=editor)
    after = Client().get("/fr/articles/premier/").content.decode()

    assert "<span>Suite annoncée</span>" in before
    assert '<a href="/fr/articles/suite/">Suite annoncée</a>' in after


def test_editors_reorder_the_parts_of_a_series(editor):
    series = make_series()
    first = make_article(series=series, part=1)
    second = make_article(series=series, part=2)
    planned = make_article(series=series, part=3)
    url = reverse("admin:series_series_reorder", args=[series.pk])

    page = client_for(editor).get(url)
    response = client_for(editor).post(url, shown_marker(page) | {
        f"position-{planned.pk}": "1", f"position-{first.pk}": "2",
        f"position-{second.pk}": "3"})

    assert page.status_code == 200
    assert response.status_code == 302
    parts = {a.pk: a.part for a in Article.objects.filter(series=series)}
    assert parts == {planned.pk: 1, first.pk: 2, second.pk: 3}


def shown_marker(page) -> dict:
    """The hidden version marker a page's form posts back, as a browser sends it."""
    [field] = [field for field in parse(page.content.decode()).iter("input")
               if field.get("name") == "loaded_version"]
    return {"loaded_version": field.get("value")}


def test_an_order_made_on_parts_a_colleague_changed_since_is_refused(editor):
    series = make_series()
    first = make_article(series=series, part=1, versions={"en": {"title": "Opening"}})
    second = make_article(series=series, part=2, versions={"en": {"title": "Sequel"}})
    camille = make_staff("Editor", username="camille")
    url = reverse("admin:series_series_reorder", args=[series.pk])
    older = client_for(editor).get(url)
    newer = client_for(camille).get(url)

    swapped = client_for(camille).post(url, shown_marker(newer) | {
        f"position-{first.pk}": "2", f"position-{second.pk}": "1"})
    refused = client_for(editor).post(url, shown_marker(older) | {
        f"position-{first.pk}": "1", f"position-{second.pk}": "2.5"}, follow=True)

    assert swapped.status_code == 302
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "were changed by camille on" in html
    assert "Nothing was saved" in html
    assert f'name="position-{first.pk}" value="1"' in html
    assert f'name="position-{second.pk}" value="2.5"' in html
    parts = {a.pk: a.part for a in Article.objects.filter(series=series)}
    assert parts == {first.pk: 2, second.pk: 1}

    # The refusal shows the colleague's parts beside the typed positions: saving from it
    # is an order made on what the editor has now seen.
    again = client_for(editor).post(url, shown_marker(refused) | {
        f"position-{first.pk}": "1", f"position-{second.pk}": "2"})
    assert again.status_code == 302
    parts = {a.pk: a.part for a in Article.objects.filter(series=series)}
    assert parts == {first.pk: 1, second.pk: 2}


def test_an_order_posted_without_the_pages_marker_is_refused(editor):
    series = make_series()
    first = make_article(series=series, part=1)
    second = make_article(series=series, part=2)

    response = client_for(editor).post(
        reverse("admin:series_series_reorder", args=[series.pk]),
        {f"position-{first.pk}": "2", f"position-{second.pk}": "1"}, follow=True)

    assert response.status_code == 200
    assert "after you opened this page" in response.content.decode()
    parts = {a.pk: a.part for a in Article.objects.filter(series=series)}
    assert parts == {first.pk: 1, second.pk: 2}


def test_a_mistake_keeps_the_marker_of_the_parts_first_shown(editor):
    series = make_series()
    first = make_article(series=series, part=1)
    second = make_article(series=series, part=2)
    url = reverse("admin:series_series_reorder", args=[series.pk])
    loaded = shown_marker(client_for(editor).get(url))
    first.target_date = date(2031, 1, 1)
    first.save()

    mistake = client_for(editor).post(url, loaded | {
        f"position-{first.pk}": "two", f"position-{second.pk}": "1"})
    resent = client_for(editor).post(url, shown_marker(mistake) | {
        f"position-{first.pk}": "2", f"position-{second.pk}": "1"})

    assert resent.status_code == 200
    assert "after you opened this page" in resent.content.decode()
    first.refresh_from_db()
    assert first.part == 1


def test_reordering_is_refused_to_authors(db):
    series = make_series()
    article = make_article(series=series, part=1)
    writer = make_staff("Author", author=make_author("Ada"))

    response = client_for(writer).post(
        reverse("admin:series_series_reorder", args=[series.pk]),
        {f"position-{article.pk}": "1"})

    assert response.status_code == 403


@pytest.mark.parametrize("odd", ["first", "", "nan", "inf"])
def test_odd_positions_are_a_message_naming_the_article_and_keep_what_was_typed(editor, odd):
    series = make_series()
    article = make_article(series=series, part=1, versions={"en": {"title": "Opening"}})
    other = make_article(series=series, part=2)

    response = client_for(editor).post(
        reverse("admin:series_series_reorder", args=[series.pk]),
        {f"position-{article.pk}": odd, f"position-{other.pk}": "7"}, follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Give every article a number; missing: Opening (part 1)." in html
    assert f'name="position-{other.pk}" value="7"' in html
    assert 'aria-invalid="true"' in html
    article.refresh_from_db()
    assert article.part == 1


def test_a_position_to_correct_says_so_next_to_it(editor):
    """Not by a colour alone: a note beside the field, which the field reads as its description."""
    series = make_series()
    article = make_article(series=series, part=1)
    other = make_article(series=series, part=2)

    response = client_for(editor).post(
        reverse("admin:series_series_reorder", args=[series.pk]),
        {f"position-{article.pk}": "first", f"position-{other.pk}": "2"})

    page = parse(response.content.decode())
    fields = {field.get("name"): field for field in page.iter("input")}
    wrong, right = fields[f"position-{article.pk}"], fields[f"position-{other.pk}"]
    assert wrong.get("aria-invalid") == "true"
    assert description(page, wrong) == "Enter a number"
    assert right.get("aria-invalid") is None
    assert description(page, right) == ""
    assert response.content.decode().count("Enter a number") == 1


def test_overdue_follow_ups_are_flagged_in_the_article_list(editor):
    today = timezone.localdate()
    late = make_article(target_date=today - timedelta(days=1), versions={
        "en": {"title": "Late piece", "status": Status.PLANNED, "publish_at": None}})
    on_time = make_article(target_date=today + timedelta(days=3), versions={
        "en": {"title": "Future piece", "status": Status.PLANNED, "publish_at": None}})
    done = make_article(target_date=today - timedelta(days=5), versions={
        "en": {"title": "Done piece"}})

    url = reverse("admin:articles_article_changelist")
    listing = client_for(editor).get(url).content.decode()
    overdue = client_for(editor).get(url, {"overdue": "yes"})

    assert list(overdue.context["cl"].result_list) == [late]
    assert late.is_overdue() and not on_time.is_overdue() and not done.is_overdue()
    assert listing.count('class="pp-overdue"') == 1
