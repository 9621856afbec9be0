"""Every save is recorded; editors compare, restore and recover.

The fixture draft_world, shared with test_no_lost_edits.py, is in conftest.py.
"""

from datetime import UTC, datetime

import reversion
from django.test import Client
from django.urls import reverse
from django.utils import translation
from reversion.models import Revision
from reversion.models import Version as RevisionRecord

from articles.models import Article, ArticleTranslation, Status
from editorial.diff import side_by_side
from powerplay import settings as project
from tests.accessibility import accessible_name, parse, text
from tests.factories import (
    change_post,
    client_for,
    make_article,
    rendered_form_data,
)


def save_through_admin(world, user, title):
    data = change_post(world, title=title)
    data["versions-0-body"] = f"Body for {title}."
    response = client_for(user).post(
        reverse("admin:articles_article_change", args=[world["article"].pk]), data)
    assert response.status_code == 302
    world["version"].refresh_from_db()
    world["article"].refresh_from_db()


def test_every_admin_save_records_who_and_when(draft_world):
    save_through_admin(draft_world, draft_world["editor"], "Deuxième version")
    save_through_admin(draft_world, draft_world["writer"], "Troisième version")

    revisions = RevisionRecord.objects.get_for_object(draft_world["article"])
    assert [v.revision.user.username for v in revisions] == ["ada", "camille"]
    assert all(v.revision.date_created for v in revisions)


def test_editors_compare_two_revisions_side_by_side(draft_world):
    save_through_admin(draft_world, draft_world["editor"], "Deuxième version")
    save_through_admin(draft_world, draft_world["editor"], "Troisième version")
    newer, older = RevisionRecord.objects.get_for_object(draft_world["article"])[:2]

    response = client_for(draft_world["editor"]).get(
        reverse("admin:articles_article_compare", args=[draft_world["article"].pk]),
        {"from": older.pk, "to": newer.pk},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<del>Deuxième</del>" in html
    assert "<ins>Troisième</ins>" in html


def test_revisions_saved_within_a_minute_are_told_apart(draft_world):
    """The columns say which revision is older and times show seconds, on both pages."""
    save_through_admin(draft_world, draft_world["editor"], "Deuxième version")
    save_through_admin(draft_world, draft_world["editor"], "Troisième version")
    newer, older = RevisionRecord.objects.get_for_object(draft_world["article"])[:2]
    for version, second in [(older, 5), (newer, 40)]:
        Revision.objects.filter(pk=version.revision_id).update(
            date_created=datetime(2030, 3, 4, 9, 15, second, tzinfo=UTC))
    client = client_for(draft_world["editor"])

    # Picked the wrong way round: the page still shows the older one first.
    compare = parse(client.get(
        reverse("admin:articles_article_compare", args=[draft_world["article"].pk]),
        {"from": newer.pk, "to": older.pk},
    ).content.decode())
    history = parse(client.get(
        reverse("admin:articles_article_history", args=[draft_world["article"].pk])
    ).content.decode())

    diff = next(table for table in compare.iter("table") if table.get("class") == "pp-diff")
    headers = [text(th) for th in diff.iter("th") if th.get("scope") == "col"]
    assert headers == ["Field", "Older March 4, 2030 at 10:15:05 — camille",
                           "Newer March 4, 2030 at 10:15:40 — camille"]
    [title_row] = [row for row in diff.iter("tr") if text(row).startswith("Title")]
    assert [text(cell) for cell in title_row.iter("td")] == [
        "Deuxième version", "Troisième version"]
    fields = {accessible_name(history, select): [text(option) for option in select]
              for select in history.iter("select")}
    assert fields == {
        "Older revision": ["March 4, 2030 at 10:15:40 — camille",
                           "March 4, 2030 at 10:15:05 — camille"],
        "Newer revision": ["March 4, 2030 at 10:15:40 — camille",
                           "March 4, 2030 at 10:15:05 — camille"],
    }


def test_compare_refuses_revisions_of_another_article(draft_world):
    save_through_admin(draft_world, draft_world["editor"], "Deuxième version")
    other = make_article(versions={"fr": {"slug": "autre"}})
    with reversion.create_revision():
        other.save()
    foreign = RevisionRecord.objects.get_for_object(other).first()
    own = RevisionRecord.objects.get_for_object(draft_world["article"]).first()

    response = client_for(draft_world["editor"]).get(
        reverse("admin:articles_article_compare", args=[draft_world["article"].pk]),
        {"from": foreign.pk, "to": own.pk},
    )

    assert response.status_code == 404


def test_editors_restore_an_earlier_revision(draft_world):
    save_through_admin(draft_world, draft_world["editor"], "Deuxième version")
    save_through_admin(draft_world, draft_world["editor"], "Troisième version")
    earlier = RevisionRecord.objects.get_for_object(draft_world["article"])[1]
    client = client_for(draft_world["editor"])
    url = reverse("admin:articles_article_revision", args=[draft_world["article"].pk, earlier.pk])

    form = client.get(url)
    data = change_post(draft_world, title="Deuxième version")
    data["versions-0-body"] = "Body for Deuxième version."
    data["loaded_version"] = form.context["adminform"].form["loaded_version"].value()
    data["versions-0-loaded_version"] = form.context["inline_admin_formsets"][1].formset.forms[0]["loaded_version"].value()  # noqa: E501
    restored = client.post(url, data)

    assert form.status_code == 200
    assert restored.status_code == 302
    assert ArticleTranslation.objects.get(pk=draft_world["version"].pk).title == "Deuxième version"
    preview = client.get(reverse("admin:articles_articletranslation_preview",
                                 args=[draft_world["version"].pk])).content.decode()
    assert "Body for Deuxième version." in preview
    assert "Body for Troisième version." not in preview


def test_a_deleted_article_can_be_recovered(draft_world):
    save_through_admin(draft_world, draft_world["editor"], "À sauver")
    client = client_for(draft_world["editor"])
    client.post(reverse("admin:articles_article_delete", args=[draft_world["article"].pk]),
                {"post": "yes"})
    assert not Article.objects.filter(pk=draft_world["article"].pk).exists()

    deleted = RevisionRecord.objects.get_deleted(Article).first()
    page = client.get(reverse("admin:articles_article_recoverlist"))
    recover_url = reverse("admin:articles_article_recover", args=[deleted.pk])
    form = client.get(recover_url)
    assert page.status_code == 200 and form.status_code == 200

    data = rendered_form_data(form)
    response = client.post(recover_url, data)

    assert response.status_code == 302
    assert ArticleTranslation.objects.get(article_id=draft_world["article"].pk).title == "À sauver"


def test_side_by_side_escapes_editor_text():
    old, new = side_by_side("<b>old</b> words", "<script>new</script> words")

    assert "<script>" not in new and "&lt;script&gt;" in new
    assert "<del>" in old and "<ins>" in new


def test_history_page_offers_to_compare_two_revisions(draft_world):
    save_through_admin(draft_world, draft_world["editor"], "Deuxième version")
    save_through_admin(draft_world, draft_world["editor"], "Troisième version")

    html = client_for(draft_world["editor"]).get(
        reverse("admin:articles_article_history", args=[draft_world["article"].pk])
    ).content.decode()

    assert "Compare two revisions" in html
    assert 'action="compare/"' in html


def test_restoring_text_never_changes_whether_a_version_is_public(draft_world):
    """A revision saved as a draft brings back its text, not its draft status."""
    from editorial.services import version_publish

    save_through_admin(draft_world, draft_world["editor"], "Texte brouillon")
    earlier = RevisionRecord.objects.get_for_object(draft_world["article"]).first()
    version_publish(version=draft_world["version"], by=draft_world["editor"])
    draft_world["version"].refresh_from_db()
    client = client_for(draft_world["editor"])
    url = reverse("admin:articles_article_revision", args=[draft_world["article"].pk, earlier.pk])

    form = client.get(url)
    restored = client.post(url, rendered_form_data(form))

    assert restored.status_code == 302
    version = ArticleTranslation.objects.get(pk=draft_world["version"].pk)
    assert version.status == Status.PUBLISHED
    assert version.is_published()
    assert Client().get("/fr/articles/ada/").status_code == 200


def test_the_history_reads_in_each_readers_language_field_names_included(draft_world):
    """Saved by an editor working in one language, the history reads in another's.

    The site's own languages, which have catalogues (a language added for a test run has
    none: its readers get the default language's words).
    """
    codes = [code for code, _name in project.LANGUAGES]
    article_page = reverse("admin:articles_article_change", args=[draft_world["article"].pk])
    saver = client_for(draft_world["editor"], codes[-1])
    data = rendered_form_data(saver.get(article_page))
    data["versions-0-title"] = "Titre changé"
    data["versions-0-body"] = "Un autre texte."
    data["target_date"] = "2031-01-02"
    assert saver.post(article_page, data).status_code == 302
    history_page = reverse("admin:articles_article_history", args=[draft_world["article"].pk])
    version = ArticleTranslation
    shared_field = Article._meta.get_field("target_date")
    for language in codes:
        page = client_for(draft_world["other_editor"], language).get(history_page)
        html = page.content.decode()
        with translation.override(language):
            # The article's own fields, and its language version's.
            for field in (shared_field, version._meta.get_field("title"),
                          version._meta.get_field("body")):
                assert str(field.verbose_name) in html, (language, field.name)
            assert str(version._meta.verbose_name) in html
        if language != "en":
            for english in ("Target date", "Title", "Body"):
                assert english not in text(parse(html).find(".//table")), (language, english)
