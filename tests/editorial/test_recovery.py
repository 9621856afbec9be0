"""What an editor deletes in the admin can be recovered, by editors only."""

import pytest
from django.test import Client
from django.urls import reverse
from reversion.models import Version as RevisionRecord
from taggit.models import Tag

from articles.models import Article, ArticleTranslation, Status
from authors.models import Author, AuthorLink
from series.models import Series
from tests.factories import (
    action_post,
    client_for,
    make_article,
    make_author,
    make_series,
    make_staff,
    rendered_form_data,
)


@pytest.fixture
def world(db):
    """Content made outside the admin, so no revision exists until something is deleted."""
    ada = make_author("Ada")
    bob = make_author("Bob", bios={"fr": "Bob écrit.", "en": "Bob writes."}, honours="FBA")
    AuthorLink.objects.create(author=bob, label="Blog", url="https://example.org/bob")
    draft = make_article(authors=[ada, bob], versions={
        "fr": {"title": "Brouillon", "slug": "brouillon", "status": Status.DRAFT,
               "publish_at": None}})
    article = make_article(authors=[ada], versions={
        "fr": {"title": "Ouvert", "slug": "ouvert"},
        "en": {"title": "Open", "slug": "open", "body": "The *English* text."}})
    article.versions.get(language="en").tags.add("AI", "openness")
    return {
        "ada": ada, "bob": bob, "draft": draft, "article": article,
        "empty_series": make_series(fr={"title": "Vide", "slug": "vide"},
                                    en={"title": "Empty", "slug": "empty"}),
        "editor": make_staff("Editor", username="camille"),
        "writer": make_staff("Author", author=ada, username="ada"),
    }


def delete(client, admin_name: str, pk: int):
    response = client.post(reverse(f"admin:{admin_name}_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302, response.content.decode()[:500]


def recover(client, admin_name: str, model) -> None:
    """Pick the newest deleted object from the recovery list and save its form as shown."""
    listing = client.get(reverse(f"admin:{admin_name}_recoverlist"))
    deleted = RevisionRecord.objects.get_deleted(model).first()
    url = reverse(f"admin:{admin_name}_recover", args=[deleted.pk])
    assert listing.status_code == 200 and url in listing.content.decode()
    form = client.get(url)
    assert form.status_code == 200
    response = client.post(url, rendered_form_data(form))
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_deleted_series_comes_back_with_its_texts(world):
    client = client_for(world["editor"])
    series = world["empty_series"]
    delete(client, "series_series", series.pk)
    assert not Series.objects.filter(pk=series.pk).exists()

    recover(client, "series_series", Series)

    restored = Series.objects.get(pk=series.pk)
    assert sorted(row.title for row in restored.translations.all()) == ["Empty", "Vide"]


def test_a_deleted_author_comes_back_with_bios_links_and_bylines(world):
    client = client_for(world["editor"])
    bob = world["bob"]
    delete(client, "authors_author", bob.pk)
    assert not Author.objects.filter(pk=bob.pk).exists()
    assert [a.name for a in world["draft"].byline()] == ["Ada"]

    recover(client, "authors_author", Author)

    restored = Author.objects.get(pk=bob.pk)
    assert restored.honours == "FBA"
    assert sorted(row.bio for row in restored.translations.all()) == ["Bob writes.", "Bob écrit."]
    assert [link.url for link in restored.links.all()] == ["https://example.org/bob"]
    assert [a.name for a in Article.objects.get(pk=world["draft"].pk).byline()] == ["Ada", "Bob"]


def test_a_deleted_language_version_is_recorded_and_recovered_alone(world):
    client = client_for(world["editor"])
    english = world["article"].versions.get(language="en")
    delete(client, "articles_articletranslation", english.pk)
    # The French version changes after the deletion; recovery must not roll it back.
    french = world["article"].versions.get(language="fr")
    french.title = "Ouvert, après"
    french.save()

    assert RevisionRecord.objects.get_deleted(ArticleTranslation).get().object_id == str(english.pk)
    recover(client, "articles_articletranslation", ArticleTranslation)

    restored = ArticleTranslation.objects.get(pk=english.pk)
    assert (restored.title, restored.body) == ("Open", "The *English* text.")
    assert "<em>English</em>" in restored.body_html
    assert sorted(restored.tags.names()) == ["AI", "openness"]
    assert ArticleTranslation.objects.get(pk=french.pk).title == "Ouvert, après"


def test_a_deleted_article_made_outside_the_admin_is_recoverable(world):
    client = client_for(world["editor"])
    delete(client, "articles_article", world["article"].pk)

    recover(client, "articles_article", Article)

    assert sorted(Article.objects.get(pk=world["article"].pk).languages()) == ["en", "fr"]


def test_each_object_of_a_bulk_deletion_is_recovered_on_its_own(world):
    client = client_for(world["editor"])
    other = make_series(fr={"title": "Autre", "slug": "autre"})
    client.post(reverse("admin:series_series_changelist"), action_post(
        "delete_selected", [world["empty_series"], other], post="yes"))
    assert not Series.objects.exists()
    assert RevisionRecord.objects.get_deleted(Series).count() == 2

    recover(client, "series_series", Series)

    assert Series.objects.count() == 1


RECOVERY_PAGES = [
    ("series_series", Series, "empty_series"),
    ("authors_author", Author, "bob"),
    ("articles_article", Article, "draft"),
    ("articles_articletranslation", ArticleTranslation, None),
    ("taggit_tag", Tag, "tag"),
]


@pytest.mark.parametrize(("admin_name", "model", "key"), RECOVERY_PAGES,
                         ids=[page[0] for page in RECOVERY_PAGES])
def test_only_editors_open_recovery_pages(world, admin_name, model, key):
    obj = (Tag.objects.get(name="AI") if key == "tag"
           else world[key] if key else world["draft"].versions.get())
    delete(client_for(world["editor"]), f"{admin_name}", obj.pk)
    deleted = RevisionRecord.objects.get_deleted(model).get()
    pages = [reverse(f"admin:{admin_name}_recoverlist"),
             reverse(f"admin:{admin_name}_recover", args=[deleted.pk])]
    writer, editor = client_for(world["writer"]), client_for(world["editor"])

    assert [writer.get(url).status_code for url in pages] == [403, 403]
    assert writer.post(pages[1], {}).status_code == 403
    assert not model.objects.filter(pk=obj.pk).exists()
    assert [editor.get(url).status_code for url in pages] == [200, 200]


def test_the_recover_link_is_shown_to_editors_only(world):
    url = reverse("admin:articles_articletranslation_changelist")
    recover_url = reverse("admin:articles_articletranslation_recoverlist")

    assert recover_url in client_for(world["editor"]).get(url).content.decode()
    assert recover_url not in client_for(world["writer"]).get(url).content.decode()


def test_authors_cannot_replay_a_revision_of_their_own_version(world):
    """A revision may carry the article's other, published versions: editors restore."""
    client = client_for(world["editor"])
    version = world["draft"].versions.get()
    client.post(reverse("admin:articles_articletranslation_changelist"),
                action_post("submit_selected", [version]))
    revision = RevisionRecord.objects.get_for_object(version).first()
    url = reverse("admin:articles_articletranslation_revision", args=[version.pk, revision.pk])

    assert client_for(world["writer"]).get(url).status_code == 403
    assert client.get(url).status_code == 200


def test_a_deleted_tag_comes_back_on_every_version_it_was_on(world):
    client = client_for(world["editor"])
    english = world["article"].versions.get(language="en")
    tag = Tag.objects.get(name="openness")
    assert Client().get("/en/topics/openness/").status_code == 200
    delete(client, "taggit_tag", tag.pk)
    assert sorted(english.tags.names()) == ["AI"]
    assert Client().get("/en/topics/openness/").status_code == 404

    recover(client, "taggit_tag", Tag)

    assert sorted(english.tags.names()) == ["AI", "openness"]
    assert Client().get("/en/topics/openness/").status_code == 200
