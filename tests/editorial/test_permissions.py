"""Roles are enforced on the server, for every admin page, action and autocomplete."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from articles.models import Article, ArticleTranslation, PendingChange, Status
from authors.models import Author
from series.models import Series
from tests.factories import (
    action_post,
    article_form,
    change_post,
    formset,
    loaded,
    make_article,
    make_author,
    make_series,
    make_staff,
)

ROLES = ["anonymous", "author", "other_author", "editor"]


@pytest.fixture
def world(db):
    ada, bob = make_author("Ada"), make_author("Bob")
    series = make_series(fr={"title": "Jeux"})
    article = make_article(series=series, part=1, authors=[ada], versions={
        "fr": {"title": "Brouillon d’Ada", "slug": "ada", "status": Status.DRAFT,
               "publish_at": None},
    })
    published = make_article(series=series, part=2, authors=[ada], versions={
        "fr": {"title": "Publié", "slug": "publie"}})
    users = {
        "author": make_staff("Author", author=ada, username="ada"),
        "other_author": make_staff("Author", author=bob, username="bob"),
        "editor": make_staff("Editor", username="eve"),
    }
    return {"article": article, "published": published, "series": series, "ada": ada,
            "users": users, "version": article.versions.get()}


def client_as(world, role):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


def allowed(response) -> bool:
    """A page that rendered or an action that went through, as opposed to a refusal."""
    if response.status_code == 200:
        return True
    if response.status_code == 302:
        location = response["Location"]
        return "/login/" not in location and location.rstrip("/") != "/admin"
    return False


# (name, url maker, who may open it)
PAGES = [
    ("article list", lambda w: reverse("admin:articles_article_changelist"),
     {"author", "other_author", "editor"}),
    ("article add", lambda w: reverse("admin:articles_article_add"),
     {"author", "other_author", "editor"}),
    ("own article", lambda w: reverse("admin:articles_article_change",
                                      args=[w["article"].pk]), {"author", "editor"}),
    ("article history", lambda w: reverse("admin:articles_article_history",
                                          args=[w["article"].pk]), {"author", "editor"}),
    ("article delete", lambda w: reverse("admin:articles_article_delete",
                                         args=[w["article"].pk]), {"editor"}),
    ("version change", lambda w: reverse("admin:articles_articletranslation_change",
                                         args=[w["version"].pk]), {"author", "editor"}),
    ("version delete", lambda w: reverse("admin:articles_articletranslation_delete",
                                         args=[w["version"].pk]), {"editor"}),
    ("deleted articles", lambda w: reverse("admin:articles_article_recoverlist"),
     {"editor"}),
    ("series add", lambda w: reverse("admin:series_series_add"), {"editor"}),
    ("series delete", lambda w: reverse("admin:series_series_delete",
                                        args=[w["series"].pk]), {"editor"}),
    ("author add", lambda w: reverse("admin:authors_author_add"), {"editor"}),
    # Authors may look at author records (to pick a byline), not change them.
    ("author page", lambda w: reverse("admin:authors_author_change",
                                      args=[w["ada"].pk]), {"author", "other_author", "editor"}),
    ("users", lambda w: reverse("admin:auth_user_changelist"), set()),
    ("groups", lambda w: reverse("admin:auth_group_changelist"), set()),
    ("user add", lambda w: reverse("admin:auth_user_add"), set()),
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "make_url", "who"), PAGES, ids=[p[0] for p in PAGES])
def test_admin_page_grid(world, role, name, make_url, who):
    response = client_as(world, role).get(make_url(world))

    assert allowed(response) is (role in who), (name, role, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["other_author", "author"])
def test_authors_never_see_others_drafts_in_lists(world, role):
    response = client_as(world, role).get(reverse("admin:articles_article_changelist"))

    shown = set(response.context["cl"].result_list)
    if role == "author":
        assert world["article"] in shown
    else:
        assert shown == set()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "changes"), [
    ("anonymous", False), ("other_author", False), ("author", True), ("editor", True),
])
def test_crafted_change_post_grid(world, role, changes):
    client_as(world, role).post(
        reverse("admin:articles_article_change", args=[world["article"].pk]),
        change_post(world),
    )

    title = ArticleTranslation.objects.get(pk=world["version"].pk).title
    assert (title == "Changed by a crafted POST") is changes


@pytest.mark.django_db
def test_an_author_cannot_publish_through_the_form_status_field(world):
    client_as(world, "author").post(
        reverse("admin:articles_article_change", args=[world["article"].pk]),
        change_post(world, status=Status.PUBLISHED),
    )

    assert ArticleTranslation.objects.get(pk=world["version"].pk).status == Status.DRAFT


@pytest.mark.django_db
def test_an_author_cannot_change_the_live_text_of_a_published_version_of_their_own(world):
    """Their changes wait as pending changes, for an editor to publish; nothing they post
    ("publish directly" included) reaches readers."""
    published = world["published"].versions.get()

    response = client_as(world, "author").post(
        reverse("admin:articles_articletranslation_change", args=[published.pk]),
        {"title": "Rewritten after publication", "slug": "publie", "language": "fr",
         "publish_directly": "on", "loaded_version": published.updated_at.isoformat()},
    )

    # Saved (as pending changes) and sent back to the form, like any save.
    assert response.status_code == 302
    assert ArticleTranslation.objects.get(pk=published.pk).title == "Publié"
    assert PendingChange.objects.get(version=published).title == "Rewritten after publication"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "author", "other_author"])
def test_delete_posts_are_refused_to_non_editors(world, role):
    client = client_as(world, role)
    client.post(reverse("admin:articles_article_delete", args=[world["article"].pk]),
                {"post": "yes"})
    client.post(reverse("admin:articles_article_changelist"),
                {"action": "delete_selected", "_selected_action": [world["article"].pk],
                 "post": "yes"})
    client.post(reverse("admin:series_series_delete", args=[world["series"].pk]),
                {"post": "yes"})

    assert Article.objects.filter(pk=world["article"].pk).exists()
    assert Series.objects.filter(pk=world["series"].pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "action", "changes"), [
    ("author", "publish_selected", False),
    ("author", "withdraw_selected", False),
    ("other_author", "submit_selected", False),
    ("author", "submit_selected", True),
    ("editor", "publish_selected", True),
])
def test_list_action_grid(world, role, action, changes):
    version = world["version"]
    before = version.status

    client_as(world, role).post(
        reverse("admin:articles_articletranslation_changelist"),
        action_post(action, [version]),
    )

    version.refresh_from_db()
    assert (version.status != before) is changes


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "author", "other_author"])
def test_users_and_groups_cannot_be_touched(world, role):
    client = client_as(world, role)
    client.post(reverse("admin:auth_user_add"),
                {"username": "intruder", "password1": "x8!kq-Lp2z", "password2": "x8!kq-Lp2z"})
    client.post(reverse("admin:auth_group_add"), {"name": "Intruders"})

    assert not User.objects.filter(username="intruder").exists()
    assert not Group.objects.filter(name="Intruders").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "count"), [
    ("anonymous", None), ("other_author", 0), ("author", 1), ("editor", 1),
])
def test_related_article_autocomplete_only_offers_what_the_person_may_see(world, role, count):
    response = client_as(world, role).get(reverse("admin:autocomplete"), {
        "app_label": "articles", "model_name": "article", "field_name": "related_articles",
        "term": "Brouillon",
    })

    if count is None:
        assert response.status_code in (302, 403)
    else:
        assert response.status_code == 200
        assert len(response.json()["results"]) == count


@pytest.mark.django_db
def test_an_author_keeps_themselves_in_the_byline(world):
    data = change_post(world, title="Hand-over attempt")
    bob = Author.objects.get(name="Bob")
    data["bylines-0-author"] = bob.pk

    response = client_as(world, "author").post(
        reverse("admin:articles_article_change", args=[world["article"].pk]), data,
    )

    assert "Keep your own name in the byline" in response.content.decode()
    assert world["article"].byline() == [world["ada"]]


@pytest.mark.django_db
def test_an_author_creates_an_article_they_sign(world):
    data = article_form(authors=[world["ada"]], versions=[
        {"language": "fr", "title": "Nouveau", "slug": "nouveau"}])

    response = client_as(world, "author").post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    created = Article.objects.get(versions__slug="nouveau")
    assert created.byline() == [world["ada"]]


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "changes"), [
    ("author", False), ("other_author", False), ("editor", True),
])
def test_only_editors_change_author_records(world, role, changes):
    client_as(world, role).post(
        reverse("admin:authors_author_change", args=[world["ada"].pk]),
        {"name": "Renamed", "slug": world["ada"].slug, "honours": "", "website": "",
         **formset("translations", []), **formset("links", []), **loaded(world["ada"])},
    )

    assert (Author.objects.get(pk=world["ada"].pk).name == "Renamed") is changes


def version_post(article, **overrides) -> dict:
    return {"article": article.pk, "language": "en", "title": "Hijack", "slug": "hijack",
            "status": Status.DRAFT, "standfirst": "", "body": "", "tags": "", **overrides}


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "adds"), [
    ("other_author", False), ("author", True), ("editor", True),
])
def test_a_version_is_added_only_to_an_article_one_may_edit(world, role, adds):
    response = client_as(world, role).post(
        reverse("admin:articles_articletranslation_add"), version_post(world["article"])
    )

    created = world["article"].versions.filter(language="en").exists()
    assert created is adds
    if not adds:
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()


@pytest.mark.django_db
def test_an_author_cannot_move_their_version_into_another_article(world):
    theirs = make_article(authors=[make_author("Carla")], versions={
        "en": {"title": "Carla’s", "slug": "carla"}})
    version = world["version"]
    data = version_post(theirs, language="fr", title="Moved", slug="ada",
                        loaded_version=version.updated_at.isoformat())

    client_as(world, "author").post(
        reverse("admin:articles_articletranslation_change", args=[version.pk]), data
    )

    version.refresh_from_db()
    assert version.article_id == world["article"].pk
