"""Restoring a revision shows first what it changes, and never deletes a version unasked.

A revision of an article holds its byline and its language versions with their tags. A
version added since is kept unless the editor ticks "Remove this version too"; one
deleted since comes back, as a draft.
"""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import translation
from reversion.models import Version as RevisionRecord

from articles.models import ArticleAuthor, ArticleTranslation, Status
from core.languages import language_codes
from tests.accessibility import parse, text
from tests.factories import (
    client_for,
    make_article,
    make_author,
    make_staff,
    make_version,
    rendered_form_data,
)

pytestmark = pytest.mark.django_db


def change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def save_in_admin(client, article, **changes) -> None:
    """Save the article's change form as shown, with `changes` typed in: one revision.

    Live versions take the changes at once ("publish directly"), as restoring is about
    what readers read."""
    data = rendered_form_data(client.get(change_url(article)))
    data |= {name.replace("-id", "-publish_directly"): "on" for name, value in data.items()
             if name.startswith("versions-") and name.endswith("-id") and value} | changes
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context["errors"]


def latest_revision(article) -> RevisionRecord:
    return RevisionRecord.objects.get_for_object(article).first()


def revision_url(article, record) -> str:
    return reverse("admin:articles_article_revision", args=[article.pk, record.pk])


def preview(page) -> str:
    """The text of the page's "what restoring changes" section."""
    [section] = [node for node in parse(page.content.decode()).iter("section")
                 if "pp-restore" in (node.get("class") or "")]
    return text(section)


def compared(page) -> list[list[str]]:
    """The rows of the page's "now / after restoring" tables, cell by cell."""
    return [[text(cell) for cell in row if cell.tag in {"th", "td"}]
            for table in parse(page.content.decode()).iter("table")
            if "pp-diff" in (table.get("class") or "")
            for row in table.iter("tr")]


def is_public(version: ArticleTranslation) -> bool:
    return Client().get(version.get_absolute_url()).status_code == 200


def notices(response) -> str:
    return " ".join(str(message) for message in get_messages(response.wsgi_request))


@pytest.fixture
def added_since():
    """An article whose only revision predates its other language versions, all published.

    Returns the article, the revision, the first language's version and the versions
    added afterwards (every other language of settings.LANGUAGES).
    """
    editor = make_staff("Editor")
    first, *others = language_codes()
    article = make_article(authors=[make_author("Ada")], versions={
        first: {"title": "Premier titre", "slug": "premier"}})
    client = client_for(editor)
    save_in_admin(client, article)
    record = latest_revision(article)
    added = [make_version(article, code, title=f"Added {code}", slug=f"added-{code}")
             for code in others]
    return {"client": client, "article": article, "record": record, "added": added,
            "first": article.versions.get(language=first), "editor": editor}


def test_the_page_says_which_versions_a_plain_restore_would_remove(added_since):
    client, article = added_since["client"], added_since["article"]

    page = client.get(revision_url(article, added_since["record"]))

    shown = preview(page)
    assert "Versions this revision does not have" in shown
    for version in added_since["added"]:
        assert f"Added {version.language}" in shown
        assert f'name="remove_version" value="{version.pk}"' in page.content.decode()
    assert shown.count("would be removed by a plain restore") == len(added_since["added"])
    assert shown.count("published: readers see it now") == len(added_since["added"])
    # Showing the form writes nothing.
    assert all(ArticleTranslation.objects.filter(pk=v.pk).exists()
               for v in added_since["added"])


def test_a_version_added_since_is_kept_by_default(added_since):
    client, article = added_since["client"], added_since["article"]
    url = revision_url(article, added_since["record"])

    response = client.post(url, rendered_form_data(client.get(url)))

    assert response.status_code == 302
    for version in added_since["added"]:
        kept = ArticleTranslation.objects.get(pk=version.pk)
        assert kept.title == version.title and kept.status == Status.PUBLISHED
        assert is_public(kept)
    said = notices(response)
    assert "was restored to its revision of" in said
    assert "Kept, though that revision did not have them:" in said
    assert "(published)" in said
    assert "successfully" not in said


def test_a_version_added_since_is_removed_only_when_ticked(added_since):
    client, article = added_since["client"], added_since["article"]
    url = revision_url(article, added_since["record"])
    removed, *kept = added_since["added"]

    data = rendered_form_data(client.get(url)) | {"remove_version": [str(removed.pk)]}
    response = client.post(url, data)

    assert response.status_code == 302
    assert not ArticleTranslation.objects.filter(pk=removed.pk).exists()
    assert not is_public(removed)
    assert all(is_public(ArticleTranslation.objects.get(pk=v.pk)) for v in kept)
    with translation.override("en"):  # the editor's browser asks for English
        name = removed.get_language_display()
    assert f"Removed, as you chose: {name} (published)." in notices(response)
    # Removed through the deletion path: editors find it under "Recover deleted".
    deleted = RevisionRecord.objects.get_deleted(ArticleTranslation)
    assert str(removed.pk) in [record.object_id for record in deleted]
    recover_list = client.get(reverse("admin:articles_articletranslation_recoverlist"))
    assert removed.title in recover_list.content.decode()


def test_a_refused_restore_keeps_the_choice_and_removes_nothing(added_since):
    client, article = added_since["client"], added_since["article"]
    url = revision_url(article, added_since["record"])
    removed = added_since["added"][0]
    data = rendered_form_data(client.get(url)) | {"remove_version": [str(removed.pk)]}
    [title] = [name for name, value in data.items()
               if name.startswith("versions-") and value == "Premier titre"]

    page = client.post(url, data | {title: ""})

    assert page.status_code == 200
    assert page.context["errors"]
    assert rendered_form_data(page)["remove_version"] == str(removed.pk)
    assert ArticleTranslation.objects.get(pk=removed.pk).is_published()
    assert not RevisionRecord.objects.get_deleted(ArticleTranslation).exists()


def test_a_version_of_another_article_cannot_be_ticked_away(added_since):
    """Only the versions listed on the page can be removed by the restore."""
    client, article = added_since["client"], added_since["article"]
    url = revision_url(article, added_since["record"])
    stranger = make_version(make_article(), language_codes()[0], slug="stranger")

    data = rendered_form_data(client.get(url)) | {
        "remove_version": [str(stranger.pk), str(added_since["first"].pk), "nonsense"]}
    response = client.post(url, data)

    assert response.status_code == 302
    assert ArticleTranslation.objects.filter(pk=stranger.pk).exists()
    assert ArticleTranslation.objects.filter(pk=added_since["first"].pk).exists()
    assert all(ArticleTranslation.objects.filter(pk=v.pk).exists()
               for v in added_since["added"])


def test_a_version_deleted_since_comes_back_as_a_draft():
    editor = make_staff("Editor")
    article = make_article(versions={
        code: {"title": f"Titre {code}", "slug": f"titre-{code}"} for code in language_codes()})
    client = client_for(editor)
    save_in_admin(client, article)
    record = latest_revision(article)
    first, *others = article.versions.order_by("pk")
    for version in others:
        client.post(reverse("admin:articles_articletranslation_delete", args=[version.pk]),
                    {"post": "yes"})
    assert list(article.versions.all()) == [first]
    url = revision_url(article, record)

    page = client.get(url)
    shown = preview(page)
    assert "Versions brought back" in shown
    for version in others:
        assert f"Titre {version.language}" in shown
    response = client.post(url, rendered_form_data(page))

    assert response.status_code == 302
    for version in others:
        back = ArticleTranslation.objects.get(pk=version.pk)
        assert back.title == f"Titre {version.language}"
        assert back.status == Status.DRAFT and not is_public(back)
    assert "Brought back as drafts:" in notices(response)
    assert is_public(ArticleTranslation.objects.get(pk=first.pk))


def test_byline_and_tags_changed_since_are_shown_then_restored():
    editor = make_staff("Editor")
    ada, bea = make_author("Ada"), make_author("Béa")
    article = make_article(authors=[ada], versions={
        code: {"slug": f"mots-{code}"} for code in language_codes()})
    client = client_for(editor)
    data = rendered_form_data(client.get(change_url(article)))
    tag_fields = [name for name in data if name.startswith("versions-") and
                  name.endswith("-tags")]
    save_in_admin(client, article, **{name: "climat" for name in tag_fields})
    record = latest_revision(article)
    ArticleAuthor.objects.create(article=article, author=bea, position=2)
    for version in article.versions.all():
        version.tags.set(["énergie"])
    url = revision_url(article, record)

    page = client.get(url)
    shown = preview(page)
    assert "Byline Now: Ada, Béa → after restoring: Ada" in shown
    assert compared(page).count(["Tags", "énergie", "climat"]) == len(language_codes())
    response = client.post(url, rendered_form_data(page))

    assert response.status_code == 302
    assert [byline.author for byline in article.bylines.order_by("position")] == [ada]
    for version in article.versions.all():
        assert sorted(version.tags.names()) == ["climat"]


def test_text_changed_since_is_shown_side_by_side(added_since):
    client, article = added_since["client"], added_since["article"]
    first = added_since["first"]
    first.title = "Titre récent"
    first.save()

    page = client.get(revision_url(article, added_since["record"]))

    assert ["Title", "Titre récent", "Premier titre"] in compared(page)
    assert "<del>récent</del>" in page.content.decode()


def test_the_restore_speaks_french(added_since):
    client = client_for(added_since["editor"], "fr")
    article = added_since["article"]
    url = revision_url(article, added_since["record"])

    page = client.get(url)
    shown = preview(page)
    assert "Ce que la restauration change par rapport à maintenant" in shown
    assert "serait supprimée par une restauration simple" in shown
    assert "Supprimer aussi cette version" in shown
    assert "publiée : les lecteurs la voient" in shown
    response = client.post(url, rendered_form_data(page))

    said = notices(response)
    assert "a été restauré à sa révision du" in said
    assert "Conservées, bien que cette révision ne les ait pas :" in said


def test_authors_cannot_restore_an_article_revision(added_since):
    author = make_staff("Author", author=added_since["article"].authors.get())
    url = revision_url(added_since["article"], added_since["record"])

    assert client_for(author).get(url).status_code == 403
    assert client_for(author).post(url, {}).status_code == 403
    assert all(ArticleTranslation.objects.filter(pk=v.pk).exists()
               for v in added_since["added"])
