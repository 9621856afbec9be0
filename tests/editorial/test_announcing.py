"""Announcing a follow-up to readers is an editor's decision."""

import pytest
from django import forms
from django.urls import reverse

from articles.models import Article
from editorial.admin.articles import ANNOUNCING_IS_EDITORS, ArticleForm
from editorial.forms import TOKEN_FIELD, edit_token
from tests.factories import article_form, change_post, client_for, make_article


def coming_next_on_series_page(world) -> str:
    # A series has a page once one of its parts is public in the language.
    if not world["series"].articles.filter(versions__language="fr", part=9).exists():
        make_article(series=world["series"], part=9, versions={"fr": {"title": "Public"}})
    text = world["series"].translations.get(language="fr")
    page = client_for(None, "fr").get(text.get_absolute_url())
    assert page.status_code == 200
    return page.content.decode()


@pytest.mark.django_db
def test_an_author_ticking_announced_on_their_draft_announces_nothing(draft_world):
    data = change_post(draft_world, title="Première version") | {"announced": "on"}

    response = client_for(draft_world["writer"]).post(
        reverse("admin:articles_article_change", args=[draft_world["article"].pk]), data
    )

    assert response.status_code in (200, 302)
    draft_world["article"].refresh_from_db()
    assert draft_world["article"].announced is False
    assert "Première version" not in coming_next_on_series_page(draft_world)


@pytest.mark.django_db
def test_an_author_creating_an_article_cannot_announce_it(draft_world):
    data = article_form(authors=[draft_world["ada"]], versions=[
        {"language": "fr", "title": "Nouveau", "slug": "nouveau"}]) | {"announced": "on"}

    response = client_for(draft_world["writer"]).post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 302
    assert Article.objects.get(versions__slug="nouveau").announced is False


@pytest.mark.django_db
def test_an_author_sees_whether_the_article_is_announced_but_cannot_change_it(draft_world):
    url = reverse("admin:articles_article_change", args=[draft_world["article"].pk])

    authors_page = client_for(draft_world["writer"]).get(url).content.decode()
    editors_page = client_for(draft_world["editor"]).get(url).content.decode()

    assert 'name="announced"' not in authors_page
    assert "Announced to readers" in authors_page
    assert 'name="announced"' in editors_page


@pytest.mark.django_db
def test_an_editor_announces_a_follow_up_and_readers_see_its_working_title(draft_world):
    data = change_post(draft_world, title="Première version") | {"announced": "on"}

    response = client_for(draft_world["editor"]).post(
        reverse("admin:articles_article_change", args=[draft_world["article"].pk]), data
    )

    assert response.status_code == 302
    draft_world["article"].refresh_from_db()
    assert draft_world["article"].announced is True
    assert "Première version" in coming_next_on_series_page(draft_world)


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "valid"), [("writer", False), ("editor", True)])
def test_the_article_form_refuses_a_change_of_announced_from_an_author(draft_world, who, valid):
    """Where the field is offered anyway, an author's change of it is a form error."""
    Form = forms.modelform_factory(Article, form=ArticleForm, fields=["part", "announced"])
    article = draft_world["article"]
    form = Form({"part": "1", "announced": "on", TOKEN_FIELD: edit_token(article)},
                instance=article, user=draft_world[who])

    assert form.is_valid() is valid
    if not valid:
        assert form.errors["announced"] == [str(ANNOUNCING_IS_EDITORS)]
