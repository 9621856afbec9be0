"""Hostile uploads through the admin forms: a clear form error or a clean re-encoded image.

images/ is tested file by file in test_images.py; here the same kinds of files
go through the real admin add and change views (hero images and portraits), as a browser
would send them, and what ends up in storage is checked: nothing but images this site
encoded, under random names, and never a 500.
"""

import io
import re
import struct
import uuid
import zlib
from dataclasses import dataclass

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from articles.models import Article
from authors.models import Author
from tests.factories import article_form, formset, loaded, make_author

STORED_NAME = re.compile(r"(articles|authors)/[0-9a-f]{32}\.(jpg|png)")
RENDITION_NAME = re.compile(r"renditions/[0-9a-f]{32}-\d+\.(webp|jpg)")
# One name with everything a file name should not carry into a URL or a path.
HOSTILE_NAME = "../../" * 5 + "evil\x00.php" + "x" * 250 + "<script>.jpg"


def encoded(image: Image.Image, image_format: str, **params) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **params)
    return buffer.getvalue()


def jpeg(size=(400, 300), mode="RGB", color=(200, 120, 40)) -> bytes:
    return encoded(Image.new(mode, size, color), "JPEG")


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    return (struct.pack(">I", len(payload)) + kind + payload
            + struct.pack(">I", zlib.crc32(kind + payload)))


def png_bomb(width: int, height: int) -> bytes:
    """A real one-bit black PNG: every row is there, so it decodes to width × height."""
    row = b"\x00" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", idat)
            + png_chunk(b"IEND", b""))


def riff_chunk(kind: bytes, payload: bytes) -> bytes:
    padding = b"\x00" if len(payload) % 2 else b""
    return kind + struct.pack("<I", len(payload)) + payload + padding


def u24(value: int) -> bytes:
    return struct.pack("<I", value)[:3]


def animated_webp(frames: int, size=(200, 200)) -> bytes:
    """An animated WebP of `frames` copies of one lossless frame: small, and quick to make."""
    single = encoded(Image.new("RGB", size, (200, 30, 30)), "WEBP", lossless=True)
    assert single[12:16] == b"VP8L"
    width, height = size
    frame = riff_chunk(
        b"ANMF",
        u24(0) + u24(0) + u24(width - 1) + u24(height - 1) + u24(40) + b"\x00" + single[12:],
    )
    body = (
        b"WEBP"
        + riff_chunk(b"VP8X", b"\x02\x00\x00\x00" + u24(width - 1) + u24(height - 1))
        + riff_chunk(b"ANIM", b"\x00" * 6)
        + frame * frames
    )
    return b"RIFF" + struct.pack("<I", len(body)) + body


def multipart(fields: dict[str, object], file_field: str, file_name: str,
              data: bytes) -> tuple[bytes, str]:
    """A form body built by hand: the test client would strip the file name's folders."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        .encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{file_name}"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
        + data + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@dataclass(frozen=True)
class Case:
    data: bytes
    name: str = "photo.jpg"
    refusal: str | None = None  # The form error expected; None: stored.


def cases() -> dict[str, Case]:
    sixteen_bit = Image.new("I;16", (400, 300))
    sixteen_bit.putdata([(x * 160) % 65536 for x in range(400 * 300)])
    truncated = encoded(Image.effect_noise((400, 300), 60).convert("RGB"), "JPEG")
    return {
        "text named .jpg": Case(b"Just words, not pixels.\n" * 20, "notes.jpg",
                                "This file is not an image"),
        "html named .jpg": Case(b"<html><script>alert(1)</script></html>", "page.jpg",
                                "This file is not an image"),
        "svg named .png": Case(
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" '
            b'onload="alert(1)"><script>alert(1)</script></svg>', "logo.png",
            "SVG images are not accepted"),
        "truncated jpeg": Case(truncated[: len(truncated) // 2], "cut.jpg", "damaged"),
        "bomb between pillow's thresholds": Case(png_bomb(10_000, 10_000), "bomb.png",
                                                 "too many pixels"),
        "bomb over pillow's error threshold": Case(png_bomb(20_000, 20_000), "bomb.png",
                                                   "too many pixels"),
        "huge side": Case(png_bomb(12_500, 200), "strip.png", "Each side may be at most"),
        "png named .jpg": Case(encoded(Image.new("RGB", (400, 300), "teal"), "PNG"),
                               "really-a-png.jpg"),
        "jpeg named .png": Case(jpeg(), "really-a-jpeg.png"),
        "3000-frame animated webp": Case(animated_webp(3000), "anim.webp"),
        "cmyk jpeg": Case(jpeg(mode="CMYK", color=(200, 0, 0, 0)), "print.jpg"),
        "16-bit png": Case(encoded(sixteen_bit, "PNG"), "scan.png"),
        "hostile file name": Case(jpeg(), HOSTILE_NAME),
    }


CASES = cases()


def stored_files() -> set[str]:
    names = set()
    for folder in ("articles", "authors", "renditions"):
        if default_storage.exists(folder):
            names |= {f"{folder}/{name}" for name in default_storage.listdir(folder)[1]}
    return names


def assert_only_our_images(names: set[str]) -> None:
    """Each new file re-opens as an image this site encoded, under a random name."""
    for name in names:
        assert STORED_NAME.fullmatch(name) or RENDITION_NAME.fullmatch(name), name
        with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
            assert image.format in {"JPEG", "PNG", "WEBP"}, name
            assert image.mode in {"RGB", "RGBA"}, (name, image.mode)
            assert not getattr(image, "is_animated", False), name
            assert not image.getexif(), name
            image.load()


def article_post() -> dict:
    return article_form(versions=[{"language": "fr", "slug": "avec-image"}]) | {
        "versions-0-hero_alt": "Une photo",
    }


def author_post(author: Author) -> dict:
    return {
        "name": author.name, "slug": author.slug, "honours": "", "website": "", **loaded(author),
        **formset("translations", []),
        **formset("links", []),
    }


def send(client, path: str, fields: dict, file_field: str, case: Case):
    body, content_type = multipart(fields, file_field, case.name, case.data)
    return client.generic("POST", path, body, content_type=content_type)


def assert_outcome(response, case: Case, field_file, before: set[str]) -> None:
    new_files = stored_files() - before
    assert response.status_code < 500
    if case.refusal:
        assert response.status_code == 200
        assert case.refusal in response.content.decode()
        assert not new_files
        return
    assert response.status_code == 302, response.content.decode()[:2000]
    assert field_file, "nothing stored"
    assert field_file.name in new_files
    assert_only_our_images(new_files)
    for fragment in ("evil", "php", "script", "passwd", "photo", "really", "anim", "print",
                     "scan", "xxxx"):
        assert fragment not in field_file.url


@pytest.mark.django_db
@pytest.mark.parametrize("case_id", list(CASES))
def test_a_hostile_hero_image_is_refused_or_stored_re_encoded(editor_client, case_id):
    case = CASES[case_id]
    before = stored_files()

    response = send(editor_client, reverse("admin:articles_article_add"), article_post(),
                    "hero_image", case)

    article = Article.objects.first()
    if case.refusal:
        assert article is None
    assert_outcome(response, case, article.hero_image if article else None, before)
    if article is not None:
        assert article.hero_renditions["renditions"]


@pytest.mark.django_db
@pytest.mark.parametrize("case_id", list(CASES))
def test_a_hostile_portrait_is_refused_or_stored_re_encoded(editor_client, case_id):
    case = CASES[case_id]
    author = make_author("Ada Lovelace", slug="ada")
    before = stored_files()

    response = send(editor_client, reverse("admin:authors_author_change", args=[author.pk]),
                    author_post(author), "portrait", case)

    author.refresh_from_db()
    if case.refusal:
        assert not author.portrait
    assert_outcome(response, case, author.portrait, before)
    if author.portrait:
        assert author.portrait_renditions["renditions"]


@pytest.mark.django_db
def test_the_first_frame_of_a_long_animation_is_kept_in_colour(editor_client):
    """3000 frames: stored as one still JPEG of the first frame, in its colours."""
    case = CASES["3000-frame animated webp"]
    send(editor_client, reverse("admin:articles_article_add"), article_post(),
         "hero_image", case)

    with Article.objects.get().hero_image.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        red, green, blue = image.convert("RGB").getpixel((100, 100))
        assert red > 150 and green < 80 and blue < 80


@pytest.mark.django_db
@pytest.mark.parametrize(("case_id", "expected"), [
    # Cyan stays cyan: not inverted nor read as RGB.
    ("cmyk jpeg", lambda image: image.getpixel((10, 10))[0] < 80
     and min(image.getpixel((10, 10))[1:]) > 150),
    # The grey ramp keeps its tones: not clipped to white.
    ("16-bit png", lambda image: image.getpixel((10, 0))[0] < 40
     and image.getpixel((390, 0))[0] > 200),
])
def test_cmyk_and_sixteen_bit_images_become_8_bit_rgb(editor_client, case_id, expected):
    case = CASES[case_id]
    send(editor_client, reverse("admin:articles_article_add"), article_post(),
         "hero_image", case)

    with Article.objects.get().hero_image.open("rb") as stored, Image.open(stored) as image:
        assert (image.format, image.mode) == ("JPEG", "RGB")
        assert expected(image)
