"""Share links: a private, expiring preview of one unpublished version."""

from django.core import signing
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import formats, timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from articles.views import article_preview

from .models import SHARE_LINK_SALT, ShareLink


@never_cache
def shared_preview(request, token: str):
    """Opens the one version its link was made for, until it expires or is revoked."""
    try:
        payload = signing.Signer(salt=SHARE_LINK_SALT).unsign_object(token)
        link_id, version_id = int(payload["link"]), int(payload["version"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise Http404 from error
    link = (
        ShareLink.objects.filter(pk=link_id, version_id=version_id)
        .select_related("version")
        .first()
    )
    if link is None:
        raise Http404
    if not link.is_active():
        # The reader holds a real link: say that it was withdrawn or has expired, in the
        # language of the article it opened.
        with translation.override(link.version.language):
            response = render(
                request, "editorial/share_link_gone.html",
                {"revoked": link.revoked_at is not None}, status=410,
            )
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    if link.version.is_published():
        return redirect(link.version.get_absolute_url())

    def banner() -> str:
        # Worded and dated in the page's language, which article_preview() switches to.
        expires = formats.date_format(timezone.localtime(link.expires_at), "DATETIME_FORMAT")
        return _("Shared link, valid until %(date)s") % {"date": expires}

    return article_preview(request, version_id, preview=lazy(banner, str)())
