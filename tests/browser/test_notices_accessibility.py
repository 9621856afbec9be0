"""The e-mail choices of a profile and the outbox of e-mails pass axe, in each language."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Status
from editorial.models import Notice, NoticeKind, NoticeStatus
from tests.browser.conftest import screenshot
from tests.browser.test_accessibility import blocking_violations
from tests.factories import make_article, make_staff

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize(("locale", "switch", "not_sent"), [
    ("en-GB", "A version is sent to review", "not sent"),
    ("fr-FR", "Une version est envoyée en relecture", "non envoyé"),
])
def test_the_email_choices_and_the_outbox_pass_axe(open_page, locale, switch, not_sent):
    editor = make_staff("Editor", email="camille@example.org")
    article = make_article(versions={"fr": {"title": "Le pouvoir des réseaux",
                                            "status": Status.IN_REVIEW, "publish_at": None}})
    notice = Notice.objects.create(
        kind=NoticeKind.IN_REVIEW, article=article, version=article.versions.get(),
        instant=timezone.now(), recipient=editor, address=editor.email, language="fr",
        subject="À relire : « Le pouvoir des réseaux » (FR)", body="Bonjour,",
        status=NoticeStatus.FAILED, attempts=1,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )

    page = open_page(f"/admin/editorial/editorprofile/{editor.editor_profile.pk}/change/",
                     user=editor, locale=locale)
    expect(page.get_by_role("checkbox", name=switch)).to_be_checked()
    found = blocking_violations(page)
    screenshot(page, f"profile-email-choices-{locale}")

    page.goto("/admin/editorial/notice/?status__exact=failed")
    expect(page.get_by_role("cell", name=not_sent, exact=True)).to_be_visible()
    expect(page.get_by_text("Connection refused")).to_be_visible()
    found += blocking_violations(page)
    screenshot(page, f"outbox-not-sent-{locale}")

    page.goto(f"/admin/editorial/notice/{notice.pk}/change/")
    expect(page.get_by_text("Connection refused")).to_be_visible()
    found += blocking_violations(page)
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("locale", "write"), [("en-GB", "Write a note"),
                                              ("fr-FR", "Écrire une note")])
def test_the_notes_page_passes_axe_and_a_note_is_written_by_keyboard(open_page, locale, write):
    from editorial import notes
    from tests.factories import make_author

    ada = make_author("Ada")
    writer = make_staff("Author", author=ada, username="ada")
    editor = make_staff("Editor", username="camille")
    article = make_article(authors=[ada], versions={
        "fr": {"title": "Le pouvoir des réseaux", "status": Status.DRAFT, "publish_at": None}})
    notes.note_add(article=article, by=editor, text="Le visuel est à refaire.")

    page = open_page(f"/admin/articles/articletranslation/{article.versions.get().pk}/change/",
                     user=writer, locale=locale)
    page.locator("a[href*='/admin/notes/']").click()
    expect(page.get_by_role("heading", name=write)).to_be_visible()
    found = blocking_violations(page)
    page.get_by_role("textbox").fill("La citation est vérifiée.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("La citation est vérifiée.")).to_be_visible()
    found += blocking_violations(page)
    screenshot(page, f"notes-{locale}")
    assert not found, "\n".join(found)
