"""Announcing a follow-up to readers is an editor's decision."""

import json

import pytest
from django import forms
from django.conf import settings
from django.urls import reverse

from articles.models import Article, Status
from editorial.admin.articles import ANNOUNCING_IS_EDITORS, ArticleForm
from editorial.forms import TOKEN_FIELD, edit_token
from tests.factories import (
    article_form,
    change_post,
    client_for,
    make_article,
    make_author,
    make_series,
    make_staff,
    rendered_form_data,
)


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


# What readers see of an announced follow-up, an editor saw -------------------------------

LANGUAGES = [code for code, _name in settings.LANGUAGES]
NEW_TITLE = "Titre jamais relu"


@pytest.fixture
def announced_world(db):
    """Part 1 of a series, public in every language; part 2, Ada's draft in the first
    language only, announced by an editor under the working title "Titre annoncé"."""
    ada = make_author("Ada")
    series = make_series(**{code: {"slug": f"serie-{code}"} for code in LANGUAGES})
    first = make_article(series=series, part=1, versions={
        code: {"title": f"Partie un {code}", "slug": f"partie-un-{code}"} for code in LANGUAGES
    })
    follow_up = make_article(series=series, part=2, announced=True, authors=[ada], versions={
        LANGUAGES[0]: {"title": "Titre annoncé", "slug": "annonce", "status": Status.DRAFT,
                       "publish_at": None, "body": "Un texte."}})
    return {"series": series, "first": first, "follow_up": follow_up,
            "version": follow_up.versions.get(),
            "editor": make_staff("Editor", username="camille"),
            "writer": make_staff("Author", author=ada, username="ada")}


def what_readers_see(world) -> dict[str, str]:
    """Per language: the series page, the page of part 1, and the series in the API."""
    seen = {}
    for code in LANGUAGES:
        reader = client_for(None, code)
        pages = [
            reader.get(world["series"].translations.get(language=code).get_absolute_url()),
            reader.get(world["first"].versions.get(language=code).get_absolute_url()),
            reader.get(reverse("api:series_detail", args=[world["series"].pk]),
                       {"language": code}),
        ]
        assert [page.status_code for page in pages] == [200] * 3
        seen[code] = "".join(
            json.dumps(page.json(), ensure_ascii=False) if page["Content-Type"].startswith(
                "application/json") else page.content.decode()
            for page in pages
        )
    return seen


def retitle_on_article_page(world, who):
    url = reverse("admin:articles_article_change", args=[world["follow_up"].pk])
    client = client_for(world[who])
    data = rendered_form_data(client.get(url))
    [row] = [key for key, value in data.items()
             if key.startswith("versions-") and key.endswith("-id") and value == str(
                 world["version"].pk)]
    return client.post(url, data | {row.replace("-id", "-title"): NEW_TITLE}, follow=True)


def retitle_on_version_page(world, who):
    url = reverse("admin:articles_articletranslation_change", args=[world["version"].pk])
    client = client_for(world[who])
    data = rendered_form_data(client.get(url))
    return client.post(url, data | {"title": NEW_TITLE}, follow=True)


def add_version_on_article_page(world, who):
    url = reverse("admin:articles_article_change", args=[world["follow_up"].pk])
    client = client_for(world[who])
    data = rendered_form_data(client.get(url))
    [row] = [key.removesuffix("-language") for key, value in data.items()
             if key.startswith("versions-") and key.endswith("-language")
             and value == LANGUAGES[1] and not data.get(key.replace("-language", "-id"))]
    return client.post(url, data | {f"{row}-title": NEW_TITLE, f"{row}-slug": "jamais-relu"},
                       follow=True)


def add_version_on_version_page(world, who):
    url = reverse("admin:articles_articletranslation_add")
    client = client_for(world[who])
    data = rendered_form_data(client.get(url))
    return client.post(url, data | {
        "article": world["follow_up"].pk, "language": LANGUAGES[1], "title": NEW_TITLE,
        "slug": "jamais-relu", "status": Status.DRAFT, "body": "A text.",
    }, follow=True)


CHANGES = [retitle_on_article_page, retitle_on_version_page, add_version_on_article_page,
           add_version_on_version_page]
WITHDRAWN = "its working title changed, and an editor must announce it again"


@pytest.mark.parametrize("change", CHANGES)
def test_an_authors_new_working_title_is_announced_no_more(announced_world, change):
    """An author's retitled or added version withdraws the announcement: readers see no
    working title no editor saw, and the author is told an editor must announce it again."""
    assert all("Titre annoncé" in text for text in what_readers_see(announced_world).values())

    response = change(announced_world, "writer")

    assert response.status_code == 200
    assert WITHDRAWN in response.content.decode()
    assert NEW_TITLE in [version.title for version in announced_world["follow_up"].versions.all()]
    announced_world["follow_up"].refresh_from_db()
    assert announced_world["follow_up"].announced is False
    for code, text in what_readers_see(announced_world).items():
        assert NEW_TITLE not in text, code
    # Editors find it among the articles not announced, to announce it again.
    listed = client_for(announced_world["editor"]).get(
        reverse("admin:articles_article_changelist"), {"announced__exact": "0"})
    assert announced_world["follow_up"].pk in [
        article.pk for article in listed.context["cl"].result_list]


@pytest.mark.parametrize("change", CHANGES)
def test_an_editors_new_working_title_stays_announced(announced_world, change):
    response = change(announced_world, "editor")

    assert response.status_code == 200
    assert WITHDRAWN not in response.content.decode()
    announced_world["follow_up"].refresh_from_db()
    assert announced_world["follow_up"].announced is True
    seen = what_readers_see(announced_world)
    shown_in = LANGUAGES if change.__name__.startswith("retitle") else [LANGUAGES[1]]
    for code in shown_in:
        assert NEW_TITLE in seen[code], code


def test_an_author_translating_an_announced_draft_keeps_what_readers_see(announced_world):
    """The new version starts with the title readers already see: still announced."""
    response = client_for(announced_world["writer"]).post(
        reverse("admin:version_create"),
        {"source": announced_world["version"].pk, "language": LANGUAGES[1]}, follow=True)

    assert response.status_code == 200
    assert WITHDRAWN not in response.content.decode()
    announced_world["follow_up"].refresh_from_db()
    assert announced_world["follow_up"].announced is True
    assert all("Titre annoncé" in text for text in what_readers_see(announced_world).values())
