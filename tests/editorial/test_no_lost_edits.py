"""Two people editing the same version: the second save is refused, nothing is lost.

The fixture draft_world, shared with test_revisions.py, is in conftest.py.
"""

import reversion
from django.urls import reverse

from articles.models import ArticleTranslation
from tests.factories import change_post, client_for


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


def test_after_the_refusal_a_deliberate_second_save_goes_through(draft_world):
    url = reverse("admin:articles_article_change", args=[draft_world["article"].pk])
    stale = change_post(draft_world, title="Merged title")
    client_for(draft_world["editor"]).post(url, change_post(draft_world, title="Camille’s title"))
    refused = client_for(draft_world["other_editor"]).post(url, stale)
    refreshed_token = refused.context["inline_admin_formsets"][1].formset.forms[0][
        "loaded_version"].value()

    stale["versions-0-loaded_version"] = refreshed_token
    stale["loaded_version"] = refused.context["adminform"].form["loaded_version"].value()
    accepted = client_for(draft_world["other_editor"]).post(url, stale)

    assert accepted.status_code == 302
    assert ArticleTranslation.objects.get(pk=draft_world["version"].pk).title == "Merged title"


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
