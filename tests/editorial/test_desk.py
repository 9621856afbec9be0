"""The editor's day on the admin's index: short lists of what waits for this person."""

from datetime import timedelta

import pytest
import reversion
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from pagecache.state import current_state
from tests.accessibility import by_id, parse, text
from tests.factories import client_for, make_article, make_author, make_staff, make_version

DRAFT = {"status": Status.DRAFT, "publish_at": None}
PLANNED = {"status": Status.PLANNED, "publish_at": None}
LIST_IDS = ["day-drafts", "day-review", "day-changes", "day-scheduled", "day-plans",
            "day-published", "day-translations"]


def index(user, language="en"):
    response = client_for(user, language).get(reverse("admin:index"))
    assert response.status_code == 200
    return response


def titles(response, list_id: str) -> list[str]:
    """The titles a list of the day shows, in order."""
    section = by_id(parse(response.content.decode()), list_id)
    assert section is not None, f"no list {list_id}"
    items = [ul for ul in section.iter("ul") if ul.get("class") == "pp-day__items"]
    return [text(li.find("a")) for li in items[0].iter("li")] if items else []


def saved_by(user, version):
    """Save `version` as the admin does, recording who saved it."""
    with reversion.create_revision():
        version.save()
        reversion.set_user(user)


@pytest.fixture
def desk(db):
    """Ada's articles and Bob's, an editor, and Ada's author login."""
    now = timezone.now()
    today = timezone.localdate(now)
    ada, bob = make_author("Ada"), make_author("Bob")
    editor = make_staff("Editor", username="eve")
    writer = make_staff("Author", author=ada, username="ada")
    ada_draft = make_article(authors=[ada], versions={"fr": {"title": "Brouillon d’Ada", **DRAFT}})
    make_article(authors=[bob], versions={"fr": {"title": "Brouillon de Bob", **DRAFT}})
    edited = make_article(authors=[bob], versions={"en": {"title": "Edited by Eve", **DRAFT}})
    saved_by(editor, edited.versions.get())
    make_article(authors=[ada], versions={"fr": {"title": "Relis-moi", "status": Status.IN_REVIEW,
                                                  "publish_at": None}})
    make_article(authors=[bob], versions={"en": {
        "title": "Out in three days", "status": Status.SCHEDULED,
        "publish_at": now + timedelta(days=3)}})
    make_article(authors=[bob], versions={"en": {
        "title": "Out in ten days", "status": Status.SCHEDULED,
        "publish_at": now + timedelta(days=10)}})
    make_article(authors=[ada], target_date=today - timedelta(days=2),
                 versions={"fr": {"title": "En retard", **PLANNED}})
    make_article(authors=[bob], target_date=today + timedelta(days=4),
                 versions={"en": {"title": "Due soon", **PLANNED}})
    make_article(authors=[bob], target_date=today + timedelta(days=30),
                 versions={"en": {"title": "Far away", **PLANNED}})
    translated = make_article(authors=[ada], versions={
        "fr": {"title": "Publié par Ada", "publish_at": now - timedelta(days=2)}})
    english = make_version(translated, "en", title="Published by Ada",
                           publish_at=now - timedelta(hours=1))
    french = translated.versions.get(language="fr")
    french.body = "Un texte revu après la traduction."
    french.save()
    make_article(authors=[bob], versions={"en": {"title": "Bob’s piece",
                                                 "publish_at": now - timedelta(days=1)}})
    return {"editor": editor, "writer": writer, "ada_draft": ada_draft, "english": english}


@pytest.mark.django_db
class TestTheDay:
    def test_an_editor_sees_each_list_of_the_day(self, desk):
        response = index(desk["editor"])

        assert titles(response, "day-drafts") == ["Edited by Eve"]
        assert titles(response, "day-review") == ["Relis-moi"]
        assert titles(response, "day-scheduled") == ["Out in three days"]
        assert titles(response, "day-plans") == ["En retard", "Due soon"]
        assert titles(response, "day-published") == [
            "Published by Ada", "Bob’s piece", "Publié par Ada"]
        assert titles(response, "day-translations") == ["Published by Ada"]
        html = response.content.decode()
        assert "overdue" in text(by_id(parse(html), "day-plans"))
        # Every article but two lacks an English or French version.
        missing = text(by_id(parse(html), "day-translations"))
        assert "articles with no EN version" in missing
        # The list of models stays below.
        assert 'class="app-articles module' in html

    def test_an_author_sees_their_own_articles_only(self, desk):
        response = index(desk["writer"])

        assert titles(response, "day-drafts") == ["Brouillon d’Ada"]
        assert by_id(parse(response.content.decode()), "day-review") is None
        assert titles(response, "day-scheduled") == []
        assert titles(response, "day-plans") == ["En retard"]
        assert titles(response, "day-published") == ["Published by Ada", "Publié par Ada"]
        assert titles(response, "day-translations") == ["Published by Ada"]
        html = response.content.decode()
        for theirs in ("Brouillon de Bob", "Edited by Eve", "Due soon", "Bob’s piece"):
            assert theirs not in html

    @pytest.mark.parametrize("role", ["editor", "writer"])
    @pytest.mark.parametrize(("language", "headings"), [
        ("en", ["My drafts", "Waiting for review",
                "Changes to live versions waiting for review", "Scheduled in the next 7 days",
                "Planned articles due or overdue", "Recently published",
                "Translations missing or stale"]),
        ("fr", ["Mes brouillons", "En attente de relecture",
                "Modifications de versions en ligne en attente de relecture",
                "Programmé dans les 7 jours",
                "Articles prévus, en retard ou imminents", "Publié récemment",
                "Traductions manquantes ou dépassées"]),
    ])
    def test_the_lists_are_headed_in_the_readers_language(self, desk, role, language, headings):
        """Editors and authors read the same lists, but for the review queues (editors')."""
        document = parse(index(desk[role], language).content.decode())

        shown = [by_id(document, f"{key}-title") for key in LIST_IDS]
        expected = headings if role == "editor" else [
            h for h in headings if h not in headings[1:3]]
        assert [text(heading) for heading in shown if heading is not None] == expected
        more = [text(p) for p in document.iter("p") if p.get("class") == "pp-day__more"]
        assert len(more) == len(expected)

    def test_each_list_shows_five_and_leads_to_the_rest(self, desk):
        ada = desk["ada_draft"].authors.get()
        for n in range(7):
            make_article(authors=[ada], versions={"en": {"title": f"Draft {n}", **DRAFT}})

        response = index(desk["writer"])

        assert len(titles(response, "day-drafts")) == 5
        section = by_id(parse(response.content.decode()), "day-drafts")
        more = [p.find("a") for p in section.iter("p") if p.get("class") == "pp-day__more"]
        everything = client_for(desk["writer"]).get(more[0].get("href"))
        assert everything.context["cl"].result_count == 8

    def test_my_drafts_leads_an_editor_to_the_drafts_they_saved(self, desk):
        response = client_for(desk["editor"]).get(
            reverse("admin:articles_articletranslation_changelist"),
            {"status": "draft", "mine": "1"})

        assert [v.title for v in response.context["cl"].result_list] == ["Edited by Eve"]

    def test_a_few_queries_whatever_the_number_of_articles(
        self, desk, django_assert_max_num_queries
    ):
        """As many queries for twenty articles more, and few (session and rights included)."""
        browsers = [client_for(desk[user]) for user in ("editor", "writer")]
        for browser in browsers:
            browser.get(reverse("admin:index"))  # content types cached
        counts = []
        for browser in browsers:
            with django_assert_max_num_queries(18) as queries:
                browser.get(reverse("admin:index"))
            counts.append(len(queries.captured_queries))
        ada = desk["ada_draft"].authors.get()
        now = timezone.now()
        for n in range(10):
            article = make_article(authors=[ada], target_date=timezone.localdate(now),
                                   versions={"fr": {"title": f"Article {n}"}})
            make_version(article, "en", title=f"Piece {n}", status=Status.SCHEDULED,
                         publish_at=now + timedelta(days=1))
            make_version(make_article(authors=[ada], target_date=timezone.localdate(now)),
                         "fr", title=f"Plan {n}", **PLANNED)
            saved_by(desk["editor"], make_version(make_article(authors=[ada]), "en",
                                                  title=f"Draft {n}", **DRAFT))
        # Found once per change for every page (pagecache.state), not by this one.
        current_state(timezone.now())
        for browser, count in zip(browsers, counts, strict=True):
            with django_assert_max_num_queries(count):
                response = browser.get(reverse("admin:index"))
            assert len(titles(response, "day-drafts")) == 5


@pytest.mark.django_db
class TestLiveVersionsAtWork:
    """Changes to live versions and their scheduled updates and withdrawals are on the day."""

    def test_changes_in_review_wait_for_the_editors(self, desk):
        from editorial import services

        live = desk["english"]
        services.changes_save(version=live, values={"title": "Published, revised"},
                              tag_names=[], by=desk["writer"])
        services.changes_submit(version=live, by=desk["writer"])

        assert titles(index(desk["editor"]), "day-changes") == ["Published by Ada"]
        assert by_id(parse(index(desk["writer"]).content.decode()), "day-changes") is None

    def test_the_list_of_changes_in_review_leads_to_all_of_them(self, desk):
        from editorial import services

        live = desk["english"]
        services.changes_save(version=live, values={"title": "Published, revised"},
                              tag_names=[], by=desk["writer"])
        services.changes_submit(version=live, by=desk["writer"])
        section = by_id(parse(index(desk["editor"]).content.decode()), "day-changes")
        more = [p.find("a") for p in section.iter("p") if p.get("class") == "pp-day__more"]

        everything = client_for(desk["editor"]).get(more[0].get("href"))

        assert [v.title for v in everything.context["cl"].result_list] == ["Published by Ada"]

    @pytest.mark.parametrize(("language", "update", "withdrawal"), [
        ("en", "Update", "Withdrawal"), ("fr", "Mise à jour", "Retrait")])
    def test_scheduled_updates_and_withdrawals_are_named_among_the_scheduled(
        self, desk, language, update, withdrawal
    ):
        from editorial import services

        live, soon = desk["english"], timezone.now() + timedelta(days=2)
        services.changes_save(version=live, values={"title": "Published, revised"},
                              tag_names=[], by=desk["editor"])
        services.changes_schedule(version=live, at=soon, by=desk["editor"])
        french = live.article.versions.get(language="fr")
        services.version_schedule_withdrawal(version=french, at=soon + timedelta(hours=1),
                                             by=desk["editor"])

        for user in ("editor", "writer"):
            response = index(desk[user], language)
            assert titles(response, "day-scheduled")[:2] == [
                "Published by Ada", "Publié par Ada"]
            shown = text(by_id(parse(response.content.decode()), "day-scheduled"))
            assert update in shown and withdrawal in shown


@pytest.mark.django_db
def test_staff_who_do_not_work_on_articles_see_the_models_only(desk):
    """An account manager's index has no day to show, only what they may manage."""
    from django.contrib.auth.models import Permission

    manager = make_staff("Author", username="accounts")
    manager.groups.clear()
    manager.user_permissions.add(Permission.objects.get(codename="view_user"))

    html = index(manager).content.decode()

    assert not [key for key in LIST_IDS if f'id="{key}"' in html]
    assert "Brouillon" not in html
