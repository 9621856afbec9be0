"""No author learns what another author is writing: choices and "View on site"."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from articles.models import ArticleTranslation, Status
from editorial.models import ShareLink
from tests.factories import change_post, client_for, make_article, make_author, make_staff


@pytest.fixture
def others(draft_world):
    """Bob's unpublished article, his published one, and Bob's own login."""
    bob = make_author("Bob")
    draft = make_article(authors=[bob], versions={
        "fr": {"title": "Le secret de Bob", "slug": "secret-de-bob",
               "status": Status.DRAFT, "publish_at": None}})
    public = make_article(authors=[bob], versions={
        "fr": {"title": "Bob publié", "slug": "bob-publie"}})
    return {**draft_world, "bob_draft": draft, "bob_public": public,
            "bob": make_staff("Author", author=bob, username="bob")}


def change_url(world):
    return reverse("admin:articles_article_change", args=[world["article"].pk])


def post_related(world, user, articles):
    data = change_post(world, title="Première version")
    data["related_articles"] = [article.pk for article in articles]
    return client_for(user).post(change_url(world), data)


@pytest.mark.django_db
def test_an_author_cannot_pick_another_authors_unpublished_article(others):
    response = post_related(others, others["writer"], [others["bob_draft"]])

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not others["article"].related_articles.exists()
    page = client_for(others["writer"]).get(change_url(others)).content.decode()
    assert "Le secret de Bob" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["writer", "editor"])
def test_public_articles_and_ones_own_are_offered_as_related_picks(others, who):
    mine = make_article(authors=[others["ada"]], versions={
        "fr": {"title": "Mon autre brouillon", "slug": "autre", "status": Status.DRAFT,
               "publish_at": None}})

    response = post_related(others, others[who], [others["bob_public"], mine])

    assert response.status_code == 302
    assert set(others["article"].related_articles.all()) == {others["bob_public"], mine}


@pytest.mark.django_db
def test_an_editor_picks_any_article_and_an_authors_save_keeps_that_pick(others):
    assert post_related(others, others["editor"], [others["bob_draft"]]).status_code == 302
    page = client_for(others["writer"]).get(change_url(others)).content.decode()
    assert "Le secret de Bob" not in page
    others["article"].refresh_from_db()
    others["version"].refresh_from_db()

    response = client_for(others["writer"]).post(
        change_url(others), change_post(others, title="Retouché par Ada")
    )

    assert response.status_code == 302
    assert list(others["article"].related_articles.all()) == [others["bob_draft"]]


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "titles"), [
    ("writer", {"Première version", "Bob publié"}),
    ("bob", {"Le secret de Bob", "Bob publié"}),
    ("editor", {"Première version", "Bob publié", "Le secret de Bob"}),
])
def test_the_related_articles_autocomplete_offers_public_articles_and_ones_own(
    others, who, titles
):
    response = client_for(others[who]).get(reverse("admin:autocomplete"), {
        "app_label": "articles", "model_name": "article", "field_name": "related_articles",
        "term": "",
    })

    assert response.status_code == 200
    offered = " | ".join(result["text"] for result in response.json()["results"])
    for title in ("Première version", "Bob publié", "Le secret de Bob"):
        assert (title in offered) is (title in titles), (title, offered)


@pytest.mark.django_db
def test_the_article_of_a_new_version_is_offered_only_among_ones_own(others):
    response = client_for(others["writer"]).get(reverse("admin:autocomplete"), {
        "app_label": "articles", "model_name": "articletranslation", "field_name": "article",
        "term": "",
    })

    offered = " | ".join(result["text"] for result in response.json()["results"])
    assert "Première version" in offered
    assert "Bob publié" not in offered
    assert "Le secret de Bob" not in offered


def view_on_site(client, obj):
    content_type = ContentType.objects.get_for_model(obj)
    return client.get(reverse("admin:view_on_site", args=[content_type.pk, obj.pk]))


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "leads"), [
    ("writer", False), ("bob", True), ("editor", True),
])
def test_view_on_site_leads_to_an_unpublished_version_only_those_who_may_edit_it(
    others, who, leads
):
    version = others["bob_draft"].versions.get()

    response = view_on_site(client_for(others[who]), version)

    if leads:
        assert response.status_code == 302
        assert response["Location"].endswith(version.get_absolute_url())
    else:
        assert response.status_code == 404
        assert "secret-de-bob" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["writer", "bob", "editor"])
def test_view_on_site_leads_every_staff_member_to_public_pages(others, who):
    version = others["bob_public"].versions.get()

    response = view_on_site(client_for(others[who]), version)

    assert response.status_code == 302
    assert response["Location"].endswith(version.get_absolute_url())
    author_page = view_on_site(client_for(others[who]), others["ada"])
    assert author_page.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "leads"), [("writer", False), ("editor", True)])
def test_view_on_site_never_hands_an_author_a_share_links_secret_address(others, who, leads):
    version = others["bob_draft"].versions.get()
    link = ShareLink.objects.create(version=version, created_by=others["editor"])

    response = view_on_site(client_for(others[who]), link)

    assert (response.status_code == 302) is leads
    if not leads:
        assert response.status_code == 404


@pytest.mark.django_db
def test_view_on_site_of_something_that_does_not_exist_is_a_404(others):
    content_type = ContentType.objects.get_for_model(ArticleTranslation)
    client = client_for(others["editor"])

    for object_id in ("999999", "not-a-number"):
        response = client.get(reverse("admin:view_on_site", args=[content_type.pk, object_id]))
        assert response.status_code == 404
    assert client.get(reverse("admin:view_on_site", args=[999999, "1"])).status_code == 404


@pytest.mark.django_db
def test_the_tag_list_shows_an_author_only_tags_of_what_they_may_see(others):
    others["bob_draft"].versions.get().tags.add("sujetsecretdebob", "partagé")
    others["bob_public"].versions.get().tags.add("publicdebob", "partagé")
    others["version"].tags.add("sujetdada")
    url = reverse("admin:taggit_tag_changelist")

    seen = client_for(others["writer"]).get(url).content.decode()

    assert "sujetsecretdebob" not in seen
    assert "publicdebob" in seen and "sujetdada" in seen
    # "partagé" is on Bob's public article and on his draft: counted once, for the public.
    row = seen[seen.index("partagé"):].split("</tr>")[0]
    assert '<td class="field-version_count">1</td>' in row
    search = client_for(others["writer"]).get(url, {"q": "secret"}).content.decode()
    assert "sujetsecretdebob" not in search
    everything = client_for(others["editor"]).get(url).content.decode()
    assert "sujetsecretdebob" in everything
