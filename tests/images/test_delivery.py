"""Uploaded files reach readers inert: a sandbox policy of their own, shown inline."""

import re
from pathlib import Path

import pytest
from django.test import override_settings

from images.delivery import MEDIA_CONTENT_SECURITY_POLICY, safe_file_name
from tests.conftest import jpeg

MEDIA_POLICY = "default-src 'none'; sandbox"

# Django serves the media in `make run` (DEBUG) and in `make serve` (SERVE_MEDIA).
PROFILES = [pytest.param(True, id="make-run"), pytest.param(False, id="make-serve")]


@pytest.fixture
def media_root(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path, ROOT_URLCONF="tests.powerplay.media_urls"):
        yield tmp_path


def store(media_root, name: str, content: bytes) -> None:
    path = media_root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


@pytest.mark.parametrize("debug", PROFILES)
def test_an_uploaded_image_carries_only_the_sandbox_policy_and_an_inline_name(
    client, db, media_root, debug
):
    """The image is served with its own policy, none of the site's, inline, under its name."""
    store(media_root, "articles/0123abcd.jpg", jpeg(64, 32).read())

    with override_settings(DEBUG=debug):
        response = client.get("/media/articles/0123abcd.jpg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response.headers.get("Content-Security-Policy") == MEDIA_POLICY
    assert "Content-Security-Policy-Report-Only" not in response.headers
    assert response["Content-Disposition"] == 'inline; filename="0123abcd.jpg"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("debug", PROFILES)
def test_a_file_that_is_a_page_cannot_run_anything(client, db, media_root, debug):
    """A script in an SVG or HTML file dropped in the media runs nowhere: sandbox, no source."""
    store(media_root, 'séries/a "b";c.svg',
          b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')

    with override_settings(DEBUG=debug):
        response = client.get('/media/séries/a "b";c.svg')

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == MEDIA_POLICY
    assert response["Content-Disposition"] == 'inline; filename="a_b_c.svg"'


def test_the_sites_pages_keep_the_sites_policy(client, db, media_root):
    """Only the media answers are sandboxed; pages keep the site's own policy."""
    response = client.get("/robots.txt")

    assert "sandbox" not in response["Content-Security-Policy"]
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize(("stored", "shown"), [
    ("articles/0123abcd.webp", "0123abcd.webp"),
    ("a/b/../c\\evil name\r\n.html", "evil_name_.html"),
    ("articles/…", "file"),
    ("articles/.htaccess", "htaccess"),
])
def test_a_shown_file_name_is_made_of_safe_characters_only(stored, shown):
    """No quote, separator, space, line break or non-ASCII character reaches the header."""
    assert safe_file_name(stored) == shown


def test_objects_on_object_storage_are_stored_inline_under_a_safe_name():
    """With the s3 extra, each object is written with the same Content-Disposition."""
    pytest.importorskip("storages")
    from images.storage import MediaS3Storage

    storage = MediaS3Storage(
        bucket_name="pp-media", object_parameters={"CacheControl": "max-age=60"}
    )

    assert storage.get_object_parameters("articles/0123abcd.jpg") == {
        "CacheControl": "max-age=60",
        "ContentDisposition": 'inline; filename="0123abcd.jpg"',
    }


def test_the_documented_nginx_setup_sends_the_same_headers():
    """docs/deploy.md's nginx block, read as nginx would: the same headers as Django's,
    and for a stored name (already safe: the site names uploads) the same file name."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "deploy.md").read_text()
    block = doc[doc.index("location /media/ {"):]
    block = block[:block.index("}")]
    headers = dict(re.findall(r'add_header (\S+) (".*?"|\'.*?\'|\S+) always;', block))
    assert headers["Content-Security-Policy"].strip('"') == MEDIA_CONTENT_SECURITY_POLICY
    assert headers["Content-Disposition"].strip("'") == 'inline; filename="$media_name"'
    assert headers["X-Content-Type-Options"] == "nosniff"
    pattern = re.search(r'map \$uri \$media_name \{\s*"~(.*?)" \$1;', doc).group(1)
    for stored in ("0f3c9a.jpg", "hero-2026_12.webp", "portrait.v2.png"):
        assert re.search(pattern, f"/media/images/{stored}").group(1) == safe_file_name(stored)
