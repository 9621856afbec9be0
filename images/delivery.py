"""How uploaded files reach readers: inert, whatever they turn out to contain.

An upload is checked and re-encoded (images.processing), but a file served from the
site's own origin must stay harmless even if one slipped through or was put in the media
folder by hand (an SVG with a script, an HTML file named .jpg). So every media answer,
from Django (`make run`, `make serve`), from the web server or from object storage
(docs/deploy.md), carries these headers: a policy that lets the file run nothing, load
nothing and reach nothing, in a sandbox; and an inline disposition under a name made of
safe characters only.
"""

import posixpath
import re
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views import static

# The whole policy of a media answer, instead of the site's (settings.CONTENT_SECURITY_POLICY).
MEDIA_CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox"
# What a name shown to the browser may be made of; anything else becomes "_".
UNSAFE_NAME_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")


def safe_file_name(name: str) -> str:
    """The last part of a stored file's name, with only letters, digits, dot, dash, "_"."""
    base = UNSAFE_NAME_CHARACTERS.sub("_", posixpath.basename(name.replace("\\", "/")))
    base = base.strip("._") or "file"
    return base[:100]


def media_headers(name: str) -> dict[str, str]:
    """The headers every answer serving the stored file `name` carries."""
    return {
        "Content-Security-Policy": MEDIA_CONTENT_SECURITY_POLICY,
        "Content-Disposition": content_disposition_header(False, safe_file_name(name)),
    }


def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    """An uploaded file from MEDIA_ROOT, with media_headers() (SERVE_MEDIA only)."""
    response = static.serve(request, path, document_root=Path(settings.MEDIA_ROOT))
    # Set here, so the CSP middleware, which leaves a policy already set alone, adds
    # nothing of the site's.
    for header, value in media_headers(path).items():
        response[header] = value
    return response
