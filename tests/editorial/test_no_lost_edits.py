"""Two people editing the same version: the second save is refused, nothing is lost.

The fixture draft_world, shared with test_revisions.py, is in conftest.py.
"""

import html5lib
import pytest
import reversion
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from taggit.models import Tag

from articles.models import ArticleTranslation
from authors.models import Author
from redirects.models import Redirect
from tests.factories import (
    change_post,
    client_for,
    make_author,
    make_series,
    make_staff,
    rendered_form_data,
)


def test_second_save_is_refused_naming_who_and_keeping_the_typed_text(draft_world):
    url = reverse("admin:articles_article_change", args=[draft_world["article"].pk])
    first_form = change_post(draft_world, title="Camille’s title")
    second_form = change_post(draft_world, title="Dominique’s title")  # loaded at the same time

    with reversion.create_revision():
        reversion.set_user(draft_world["editor"])
        first = client_for(draft_world["editor"]).post(url, first_form)
    second = client_for(draft_world["other_editor"]).post(url, second_form)

    assert first.status_code == 302
    assert second.status_code == 200
    html = second.content.decode()
    assert "was changed by camille" in html
    assert "after you opened it" in html
    assert 'value="Dominique’s title"' in html
    assert ArticleTranslation.objects.get(pk=draft_world["version"].pk).title == "Camille’s title"


def overwrite_choices(page) -> dict:
    """The "save my text over it" boxes of a refusal page, as ticked by the editor."""
    document = html5lib.parse(page.content.decode(), namespaceHTMLElements=False)
    return {field.get("name"): field.get("value") for field in document.iter("input")
            if (field.get("name") or "").endswith("overwrite_version")}


def refused_then(draft_world):
    """Camille saves a title; Dominique's older form is refused. The refusal page."""
    url = reverse("admin:articles_article_change", args=[draft_world["article"].pk])
    stale = change_post(draft_world, title="Dominique’s title")
    with reversion.create_revision():
        reversion.set_user(draft_world["editor"])
        client_for(draft_world["editor"]).post(
            url, change_post(draft_world, title="Camille’s title"))
    return url, client_for(draft_world["other_editor"]).post(url, stale)


def test_the_refusal_shows_each_field_stored_and_typed(draft_world):
    _url, refused = refused_then(draft_world)

    document = html5lib.parse(refused.content.decode(), namespaceHTMLElements=False)
    [table] = [t for t in document.iter("table") if "pp-conflict__diff" in t.get("class", "")]
    rows = [" ".join("".join(cell.itertext()).split()) for cell in table.iter("tr")]
    assert any("title" in row and "Camille’s title" in row and "Dominique’s title" in row
               for row in rows), rows
    assert list(overwrite_choices(refused)) == ["versions-0-overwrite_version"]


def test_a_plain_second_save_is_refused_again(draft_world):
    url, refused = refused_then(draft_world)

    again = client_for(draft_world["other_editor"]).post(url, rendered_form_data(refused))

    assert again.status_code == 200
    assert "after you opened it" in again.content.decode()
    assert ArticleTranslation.objects.get(pk=draft_world["version"].pk).title == "Camille’s title"


def test_choosing_to_keep_mine_saves_over_the_version_shown(draft_world):
    url, refused = refused_then(draft_world)

    chosen = rendered_form_data(refused) | overwrite_choices(refused)
    accepted = client_for(draft_world["other_editor"]).post(url, chosen)

    assert accepted.status_code == 302
    assert ArticleTranslation.objects.get(pk=draft_world["version"].pk).title == (
        "Dominique’s title"
    )
    # The history names what the editor changed: the title, not the version marker, and
    # no row the editor left untouched (the byline).
    entry = LogEntry.objects.filter(object_id=str(draft_world["article"].pk)).latest("pk")
    assert "loaded_version" not in entry.change_message
    assert entry.get_change_message() == (
        "Changed title for language version “Dominique’s title (fr)”."
    )


def test_the_choice_holds_only_for_the_version_it_was_made_on(draft_world):
    url, refused = refused_then(draft_world)
    version = ArticleTranslation.objects.get(pk=draft_world["version"].pk)
    version.standfirst = "Camille again, after the refusal."
    version.save()

    chosen = rendered_form_data(refused) | overwrite_choices(refused)
    again = client_for(draft_world["other_editor"]).post(url, chosen)

    assert again.status_code == 200
    assert "Camille again, after the refusal." in again.content.decode()
    version.refresh_from_db()
    assert version.title == "Camille’s title"


def test_shared_fields_are_protected_too(draft_world):
    url = reverse("admin:articles_article_change", args=[draft_world["article"].pk])
    stale = change_post(draft_world)
    draft_world["article"].target_date = "2030-01-01"
    draft_world["article"].save()

    response = client_for(draft_world["other_editor"]).post(url, stale)

    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()


def test_a_save_without_a_concurrent_change_goes_through(draft_world):
    url = reverse("admin:articles_article_change", args=[draft_world["article"].pk])

    response = client_for(draft_world["editor"]).post(url, change_post(draft_world, title="Alone"))

    assert response.status_code == 302
    assert ArticleTranslation.objects.get(pk=draft_world["version"].pk).title == "Alone"


# Every other change form and list action ---------------------------------------------


def an_author():
    return make_author("Ada Lovelace"), "name"


def a_series():
    return make_series(), "translations-0-title"


def a_tag():
    return Tag.objects.create(name="open source", slug="open-source"), "name"


def a_profile():
    return make_staff("Author").editor_profile, "time_zone"


def a_redirect():
    return Redirect.objects.create(old_path="/en/articles/old/", new_path="/en/articles/new/"), (
        "new_path")


def a_user():
    return make_staff("Author", username="ada", email="ada@example.org"), "email"


def a_group():
    return Group.objects.create(name="Proofreaders"), "name"


# What each kind of field accepts: Camille's value, then Dominique's.
TYPED = {
    "time_zone": ("Asia/Tokyo", "America/Montreal"),
    "email": ("ada.camille@example.org", "ada.dominique@example.org"),
}


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "subject", [an_author, a_series, a_tag, a_profile, a_redirect, a_user, a_group]
)
def test_an_older_form_never_overwrites_a_colleagues_change(subject):
    obj, field = subject()
    url = change_url(obj)
    camille = make_staff("Editor", username="camille", is_superuser=True)
    dominique = make_staff("Editor", username="dominique", is_superuser=True)
    theirs, mine = TYPED.get(field, ("Camille’s text", "Dominique’s text"))
    older = rendered_form_data(client_for(dominique).get(url)) | {field: mine}
    newer = rendered_form_data(client_for(camille).get(url)) | {field: theirs}

    saved = client_for(camille).post(url, newer)
    refused = client_for(dominique).post(url, older)
    again = client_for(dominique).post(url, rendered_form_data(refused))

    assert saved.status_code == 302
    html = refused.content.decode()
    assert refused.status_code == again.status_code == 200
    assert "was changed by camille" in html
    assert theirs in html and mine in html  # stored and typed, field by field
    assert mine in rendered_form_data(refused).values()
    form = rendered_form_data(client_for(camille).get(url))
    assert form[field] == theirs


@pytest.mark.django_db
def test_an_older_group_form_never_takes_back_a_permission_a_colleague_gave():
    group = Group.objects.create(name="Proofreaders")
    url = change_url(group)
    camille = make_staff("Editor", username="camille", is_superuser=True)
    dominique = make_staff("Editor", username="dominique", is_superuser=True)
    older = rendered_form_data(client_for(dominique).get(url)) | {"name": "Readers"}
    given = Permission.objects.get(codename="view_redirect")
    newer = rendered_form_data(client_for(camille).get(url)) | {"permissions": [given.pk]}

    saved = client_for(camille).post(url, newer)
    refused = client_for(dominique).post(url, older)

    assert saved.status_code == 302
    assert refused.status_code == 200
    assert "was changed by camille" in refused.content.decode()
    group.refresh_from_db()
    assert group.name == "Proofreaders"
    assert list(group.permissions.all()) == [given]


@pytest.mark.django_db
def test_an_account_is_still_added_then_given_a_new_password():
    root = make_staff("Editor", username="root", is_superuser=True)
    client = client_for(root)
    add_url = reverse("admin:auth_user_add")
    typed = {"username": "newcomer", "password1": "a long pass phrase 7",
             "password2": "a long pass phrase 7"}

    added = client.post(add_url, rendered_form_data(client.get(add_url)) | typed)

    assert added.status_code == 302
    user = get_user_model().objects.get(username="newcomer")
    assert user.check_password("a long pass phrase 7")
    password_url = reverse("admin:auth_user_password_change", args=[user.pk])
    changed = client.post(password_url, {"password1": "another pass phrase 8",
                                         "password2": "another pass phrase 8"})
    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another pass phrase 8")
    saved = client.post(change_url(user), rendered_form_data(client.get(change_url(user)))
                        | {"email": "newcomer@example.org"})
    assert saved.status_code == 302
    user.refresh_from_db()
    assert user.email == "newcomer@example.org"
    assert user.check_password("another pass phrase 8")


@pytest.mark.django_db
def test_a_redirect_deleted_after_a_colleagues_change_is_refused():
    root = make_staff("Editor", username="root", is_superuser=True)
    redirect, _field = a_redirect()
    url = reverse("admin:redirects_redirect_changelist")
    client = client_for(root)
    shown = rendered_form_data_of_list(client.get(url))
    redirect.new_path = "/en/articles/newer/"
    redirect.save()

    response = client.post(url, {
        "action": "delete_selected", "_selected_action": [redirect.pk],
        f"token-{redirect.pk}": shown[f"token-{redirect.pk}"]}, follow=True)

    assert Redirect.objects.filter(pk=redirect.pk).exists()
    assert "after the list was shown" in response.content.decode()


@pytest.mark.django_db
def test_a_list_action_without_the_lists_marker_is_refused(draft_world):
    version = draft_world["version"]
    before = version.status

    response = client_for(draft_world["editor"]).post(
        reverse("admin:articles_articletranslation_changelist"),
        {"action": "submit_selected", "_selected_action": [version.pk]}, follow=True,
    )

    version.refresh_from_db()
    assert version.status == before
    assert "after the list was shown" in response.content.decode()


@pytest.mark.django_db
def test_a_list_action_on_a_profile_changed_since_the_list_was_shown_is_refused():
    root = make_staff("Editor", username="root", is_superuser=True)
    profile = make_staff("Author").editor_profile
    profile.renew_calendar_token()
    url = reverse("admin:editorial_editorprofile_changelist")
    shown = client_for(root).get(url)
    marker = rendered_form_data_of_list(shown)[f"token-{profile.pk}"]
    renewed = profile.renew_calendar_token()

    response = client_for(root).post(url, {
        "action": "revoke_calendar_addresses", "_selected_action": [profile.pk],
        f"token-{profile.pk}": marker,
    }, follow=True)

    profile.refresh_from_db()
    assert profile.calendar_token == renewed
    assert "after the list was shown" in response.content.decode()


@pytest.mark.django_db
def test_a_deletion_confirmed_after_a_colleagues_change_is_refused():
    root = make_staff("Editor", username="root", is_superuser=True)
    author = make_author("Ada Lovelace")
    url = reverse("admin:authors_author_changelist")
    client = client_for(root)
    shown = rendered_form_data_of_list(client.get(url))
    confirm = client.post(url, {"action": "delete_selected", "_selected_action": [author.pk],
                                f"token-{author.pk}": shown[f"token-{author.pk}"]})
    answer = confirmation_data(confirm)
    author.name = "Ada King"
    author.save()

    response = client.post(url, answer, follow=True)

    assert Author.objects.filter(pk=author.pk).exists()
    assert "after the list was shown" in response.content.decode()


def rendered_form_data_of_list(page) -> dict:
    document = html5lib.parse(page.content.decode(), namespaceHTMLElements=False)
    return {field.get("name"): field.get("value") for field in document.iter("input")
            if (field.get("name") or "").startswith("token-")}


def confirmation_data(page) -> dict:
    """What "Yes, I'm sure" posts on a list action's confirmation page."""
    document = html5lib.parse(page.content.decode(), namespaceHTMLElements=False)
    [form] = [form for form in document.iter("form")
              if any(field.get("name") == "post" for field in form.iter("input"))]
    data: dict = {}
    for field in form.iter("input"):
        if field.get("name") and field.get("type") == "hidden":
            data.setdefault(field.get("name"), []).append(field.get("value"))
    return data
