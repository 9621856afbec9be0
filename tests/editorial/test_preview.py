"""Previews of unpublished versions: for staff, and by expiring, revocable share links."""

from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Status
from editorial.models import SHARE_LINK_SALT, ShareLink
from tests.accessibility import accessible_name, parse
from tests.factories import client_for, make_article, make_author, make_series, make_staff


@pytest.fixture
def world(db):
    ada = make_author("Ada", bios={"fr": "Bio d’Ada."})
    series = make_series(fr={"title": "Jeux", "blurb": "les géants"})
    article = make_article(series=series, part=1, authors=[ada], versions={
        "fr": {"title": "Pas encore publié", "slug": "pas-encore", "status": Status.DRAFT,
               "publish_at": None, "body": "## Un\n\nTexte secret."},
        "en": {"title": "Not yet", "slug": "not-yet", "status": Status.IN_REVIEW,
               "publish_at": None},
    })
    return {"article": article, "draft": article.versions.get(language="fr"),
            "other": article.versions.get(language="en"),
            "editor": make_staff("Editor", username="eve"),
            "writer": make_staff("Author", author=ada, username="ada"),
            "stranger": make_staff("Author", author=make_author("Bob"), username="bob")}


def preview_url(version):
    return reverse("admin:articles_articletranslation_preview", args=[version.pk])


class TestStaffPreview:
    def test_staff_see_the_page_as_readers_will_with_a_banner(self, world):
        response = client_for(world["editor"]).get(preview_url(world["draft"]))

        html = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="fr">' in html
        assert "Pas encore publié" in html and "Texte secret." in html
        assert "Cet article fait partie d’une série en cours" in html
        assert "Aperçu — non publié" in html
        assert '<meta name="robots" content="noindex, nofollow">' in html
        assert "no-cache" in response["Cache-Control"]
        assert "private" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex, nofollow"

    def test_an_author_previews_their_own_but_not_others(self, world):
        own = client_for(world["writer"]).get(preview_url(world["draft"]))
        other = client_for(world["stranger"]).get(preview_url(world["draft"]))
        anonymous = client_for().get(preview_url(world["draft"]))

        assert own.status_code == 200
        assert other.status_code in (302, 403, 404)
        assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]

    def test_the_public_url_stays_404(self, world):
        assert client_for(world["editor"]).get("/fr/articles/pas-encore/").status_code == 404


class TestShareLinks:
    def create(self, world, version=None, **extra):
        version = version or world["draft"]
        client_for(world["editor"]).post(
            reverse("admin:articles_articletranslation_share", args=[version.pk]),
            {"note": "Relecteur externe", **extra},
        )
        return ShareLink.objects.filter(version=version).latest("created_at")

    def test_a_share_link_opens_the_preview_for_anyone(self, world):
        link = self.create(world)
        assert link.get_absolute_url() == ShareLink.objects.get(pk=link.pk).get_absolute_url()

        response = Client().get(link.get_absolute_url())

        assert response.status_code == 200
        assert "Texte secret." in response.content.decode()
        assert "no-cache" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert link.expires_at - timezone.now() > timedelta(days=6, hours=23)

    def test_the_banner_speaks_the_pages_language_whatever_the_browser_asks(self, world):
        link = self.create(world)

        response = Client().get(link.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")

        banner = response.content.decode().split('class="preview-banner"')[1].split("</p>")[0]
        assert "Lien partagé, valable jusqu’au" in banner
        assert "Shared link" not in banner
        assert ".." not in banner

    def test_a_link_expires(self, world):
        link = self.create(world)
        link.expires_at = timezone.now() - timedelta(seconds=1)
        link.save()

        response = Client().get(link.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")

        assert response.status_code == 410
        notice = response.content.decode()
        assert "Ce lien d’aperçu a expiré." in notice
        assert "Texte secret" not in notice

    def test_a_revoked_link_no_longer_opens(self, world):
        link = self.create(world)
        client_for(world["editor"]).post(reverse(
            "admin:articles_articletranslation_revoke", args=[world["draft"].pk, link.pk]))

        link.refresh_from_db()
        assert link.revoked_at is not None
        response = Client().get(link.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 410
        notice = response.content.decode()
        # Said in the language of the article the link opened, not "not published yet".
        assert "La rédaction a retiré ce lien d’aperçu." in notice
        assert "pas encore publié" not in notice.lower()
        assert "Texte secret" not in notice

    def test_a_link_never_opens_another_version(self, world):
        link = self.create(world)
        forged = signing.Signer(salt="wrong-salt").sign_object(
            {"link": link.pk, "version": link.version_id})
        other_version = signing.Signer(salt=SHARE_LINK_SALT).sign_object(
            {"link": link.pk, "version": world["other"].pk})
        tampered = link.get_absolute_url().rstrip("/") + "x/"

        assert Client().get(f"/share/{forged}/").status_code == 404
        assert Client().get(f"/share/{other_version}/").status_code == 404
        assert Client().get(tampered).status_code == 404
        assert Client().get("/share/not-a-token/").status_code == 404

    def test_authors_cannot_create_share_links(self, world):
        client_for(world["writer"]).post(
            reverse("admin:articles_articletranslation_share", args=[world["draft"].pk]))

        assert not ShareLink.objects.exists()

    def test_once_published_the_link_leads_to_the_public_page(self, world):
        link = self.create(world)
        world["draft"].status = Status.PUBLISHED
        world["draft"].publish_at = timezone.now()
        world["draft"].save()

        response = Client().get(link.get_absolute_url())

        assert response.status_code == 302
        assert response["Location"] == "/fr/articles/pas-encore/"

    def test_the_change_page_lists_links_with_a_revoke_button(self, world):
        link = self.create(world)

        html = client_for(world["editor"]).get(reverse(
            "admin:articles_article_change", args=[world["article"].pk])).content.decode()

        assert link.get_absolute_url() in html
        page = parse(html)
        buttons = [accessible_name(page, button) for button in page.iter("button")]
        assert any(name.startswith("Revoke (") for name in buttons), buttons


def test_public_pages_do_not_vary_on_the_session(db):
    """Reading the editor's time zone must not make every public page uncacheable."""
    response = Client().get("/fr/")

    assert "Cookie" not in response.get("Vary", "")
