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
