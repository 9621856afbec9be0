"""Uploaded images are validated, stripped, re-encoded and served as responsive renditions."""

import io
import json
import random
import re
import struct
import warnings
import zlib

import pytest
from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation
from PIL import ExifTags, Image, ImageCms, ImageFile, PngImagePlugin, WebPImagePlugin

from images import processing
from images.fields import RandomFileName
from images.processing import (
    RENDITION_WIDTHS,
    SafeImageField,
    clean_upload,
    delete_renditions,
    make_renditions,
)
from images.renditions import renditions_are_current

RED, BLUE, WHITE = (255, 0, 0), (0, 0, 255), (255, 255, 255)


def image_bytes(
    image_format: str = "JPEG",
    size: tuple[int, int] = (300, 200),
    mode: str = "RGB",
    color: object = RED,
    **params: object,
) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, image_format, **params)
    return buffer.getvalue()


def noisy_png(size: tuple[int, int] = (400, 400)) -> bytes:
    """A PNG that does not compress, to exceed a size limit with few pixels."""
    pixels = random.Random(0).randbytes(size[0] * size[1] * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, pixels).save(buffer, "PNG")
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(data: bytes, name: str = "photo.jpg") -> str:
    with pytest.raises(ValidationError) as caught:
        clean_upload(upload(data, name))
    return " ".join(caught.value.messages)


def opened(content: ContentFile) -> Image.Image:
    content.seek(0)
    image = Image.open(io.BytesIO(content.read()))
    image.load()
    return image


def png_claiming(width: int, height: int) -> bytes:
    """A small real PNG whose header claims another size (the pixel data stays small)."""
    data = bytearray(image_bytes("PNG", size=(200, 200)))
    # Signature (8 bytes), chunk length (4), b"IHDR" (4), then width and height.
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def close(pixel: tuple[int, ...], expected: tuple[int, ...], tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=True))


@pytest.fixture(autouse=True)
def english():
    """Messages are compared in their source language, whatever the default language is."""
    with translation.override("en"):
        yield


@pytest.fixture
def storage() -> InMemoryStorage:
    return InMemoryStorage(base_url="/media/")


def stored(content: ContentFile, storage: InMemoryStorage) -> ImageFieldFile:
    """Save ``content`` as the articles' hero image field would, and return its FieldFile."""
    field = models.ImageField(upload_to=RandomFileName("articles"), storage=storage)
    name = storage.save(field.generate_filename(None, content.name), content)
    return ImageFieldFile(None, field, name)


# Refused uploads


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"Just some words, not pixels.\n" * 20, "notes.jpg"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "scan.png"),
        (b"\x00" * 2048, "zeros.webp"),
    ],
    ids=["text", "pdf", "zeros"],
)
def test_a_file_that_is_not_an_image_is_refused(data, name):
    """Text, PDF and junk bytes are refused, whatever their name says."""
    message = refusal(data, name)
    assert "JPEG, PNG or WebP" in message
    assert "not an image" in message or "PDF files are not accepted" in message


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400"></svg>',
        b'\xef\xbb\xbf  <?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg onload="alert(1)"/>',
    ],
    ids=["bare", "xml-prolog"],
)
def test_an_svg_is_refused_with_its_own_message(svg):
    """An SVG, even named .png, is refused and told apart from other non-images."""
    assert refusal(svg, "logo.png") == ("SVG images are not accepted; upload a JPEG, PNG or WebP.")


@pytest.mark.parametrize(
    ("image_format", "name"), [("GIF", "GIF"), ("BMP", "BMP"), ("TIFF", "TIFF")]
)
def test_gif_bmp_and_tiff_are_refused_by_content(image_format, name):
    """GIF, BMP and TIFF are refused, even when named and typed as a JPEG."""
    message = refusal(image_bytes(image_format), "photo.jpg")
    assert message == f"{name} files are not accepted; upload a JPEG, PNG or WebP image."


@pytest.mark.parametrize(
    ("brand", "name"), [(b"heic", "HEIC"), (b"mif1", "HEIF"), (b"avif", "AVIF")]
)
def test_heic_and_avif_are_refused_by_content(brand, name):
    """Phone formats Pillow cannot open here are named in the message."""
    data = b"\x00\x00\x00\x18ftyp" + brand + b"\x00" * 64
    assert refusal(data, "IMG_0001.jpg") == (
        f"{name} files are not accepted; upload a JPEG, PNG or WebP image."
    )


def test_a_conversion_failure_is_a_form_error_not_a_crash(monkeypatch):
    """An image that decodes but cannot be converted is refused, not a server error."""

    def broken(self, *args, **kwargs):
        raise ValueError("conversion not supported")

    monkeypatch.setattr(Image.Image, "convert", broken)
    assert refusal(image_bytes()).startswith("This image is incomplete or damaged.")


def test_an_upload_over_the_size_limit_is_refused(monkeypatch):
    """A file over the upload limit is refused with the limit in the message."""
    monkeypatch.setattr(processing, "MAX_UPLOAD_BYTES", 1024)
    message = refusal(noisy_png())
    assert message.startswith("This file is too large (")
    assert "The limit is 1.0\xa0KB." in message


def test_an_upload_that_understates_its_size_is_still_refused(monkeypatch):
    """The limit holds on the bytes read, not on the size the upload claims."""
    monkeypatch.setattr(processing, "MAX_UPLOAD_BYTES", 1024)
    lying = upload(noisy_png())
    lying.size = 10
    with pytest.raises(ValidationError, match="too large"):
        clean_upload(lying)


def test_an_empty_upload_is_refused():
    """An empty file is refused."""
    assert refusal(b"") == "The uploaded file is empty."


def test_an_image_with_too_many_pixels_is_refused_from_its_header(monkeypatch):
    """A PNG claiming 8000 × 6000 pixels is refused before any pixel is decoded."""

    def no_decoding(self):
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(PngImagePlugin.PngImageFile, "load", no_decoding)
    message = refusal(png_claiming(8000, 6000), "bomb.png")
    assert message == (
        "This image has too many pixels to be processed safely. The limit is 40 megapixels."
    )


def test_a_decompression_bomb_small_on_disk_is_refused():
    """A 20000 × 20000 one-bit PNG of a few kilobytes is refused."""
    data = image_bytes("PNG", size=(20000, 20000), mode="1", color=0)
    assert len(data) < 100_000
    assert "too many pixels" in refusal(data, "bomb.png")


def test_an_image_between_pillows_bomb_thresholds_is_refused(monkeypatch):
    """An image Pillow only warns about is refused, not just warned about."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 50_000)
    data = image_bytes("PNG", size=(300, 200))  # 60,000 pixels: over 1×, under 2×
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert "too many pixels" in refusal(data, "bomb.png")


def test_an_image_over_pillows_bomb_error_threshold_is_refused(monkeypatch):
    """An image over twice Pillow's pixel limit is refused."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 20_000)
    assert "too many pixels" in refusal(image_bytes("PNG", size=(300, 200)), "bomb.png")


def test_an_image_with_a_huge_side_is_refused():
    """A 30000 × 10 strip is refused with the per-side limit in the message."""
    assert refusal(png_claiming(30000, 10), "strip.png") == (
        "This image is too large (30000 × 10 pixels). Each side may be at most 12000 pixels."
    )


@pytest.mark.parametrize("size", [(150, 150), (1200, 120)])
def test_a_tiny_image_is_refused_with_the_minimum(size):
    """An image under 200 pixels on a side is refused, saying the minimum."""
    width, height = size
    assert refusal(image_bytes("JPEG", size=size)) == (
        f"This image is too small ({width} × {height} pixels). "
        "Each side must be at least 200 pixels."
    )


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_a_truncated_image_is_refused(image_format):
    """A JPEG, PNG or WebP cut short is refused, never padded and stored."""
    data = image_bytes(image_format, size=(600, 400), color=None)
    message = refusal(data[: len(data) // 2], "cut.jpg")
    assert message in (
        "This image is incomplete or damaged. Export it again and upload the new file.",
        "This file is not an image, or it is damaged. Upload a JPEG, PNG or WebP image.",
    )


def test_loading_truncated_images_is_a_configuration_error(monkeypatch):
    """If something turns on Pillow's truncated-image loading, uploads stop loudly."""
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(ImproperlyConfigured):
        clean_upload(upload(image_bytes()))


# Re-encoding


def exif_with_gps_and_orientation() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "SpyCam"
    exif[ExifTags.Base.Artist] = "Jane Secret"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 51.0, 24.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 21.0, 7.0)
    return exif


def test_exif_and_gps_are_removed_and_orientation_applied():
    """A 400 × 200 photo tagged "rotate 90°" is stored upright, 200 × 400, with no EXIF."""
    raw = Image.new("RGB", (400, 200), BLUE)
    raw.paste(RED, (0, 0, 200, 200))  # left half red: the top once rotated clockwise
    buffer = io.BytesIO()
    raw.save(
        buffer,
        "JPEG",
        exif=exif_with_gps_and_orientation(),
        comment=b"secret comment",
        xmp=b"<x:xmpmeta>secret xmp</x:xmpmeta>",
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    source = Image.open(io.BytesIO(buffer.getvalue()))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the input really has GPS

    content = clean_upload(upload(buffer.getvalue()))
    output = opened(content)
    assert output.size == (200, 400)
    assert len(output.getexif()) == 0
    assert not set(output.info) & {"exif", "icc_profile", "comment", "xmp"}
    assert close(output.getpixel((100, 50)), RED)
    assert close(output.getpixel((100, 350)), BLUE)
    content.seek(0)
    stored_bytes = content.read()
    for marker in (b"Exif", b"SpyCam", b"Jane", b"secret", b"ICC_PROFILE"):
        assert marker not in stored_bytes


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_metadata_is_removed_from_png_and_webp(image_format):
    """EXIF, GPS and text chunks in a PNG or WebP do not survive re-encoding."""
    params: dict = {"exif": exif_with_gps_and_orientation()}
    if image_format == "PNG":
        text = PngImagePlugin.PngInfo()
        text.add_text("Comment", "secret comment")
        params["pnginfo"] = text
    content = clean_upload(upload(image_bytes(image_format, size=(400, 200), **params)))
    output = opened(content)
    assert output.size == (200, 400)
    assert len(output.getexif()) == 0
    content.seek(0)
    assert b"secret" not in content.read()


def test_a_cmyk_jpeg_is_converted_to_rgb():
    """A CMYK JPEG is stored as an RGB JPEG of the same colour."""
    data = image_bytes("JPEG", mode="CMYK", color=(0, 255, 255, 0))  # pure red in CMYK
    output = opened(clean_upload(upload(data)))
    assert (output.format, output.mode) == ("JPEG", "RGB")
    assert close(output.getpixel((10, 10)), RED)


def test_a_sixteen_bit_png_keeps_its_tones():
    """A 16-bit greyscale PNG at half intensity is stored mid-grey, not white."""
    data = image_bytes("PNG", mode="I;16", color=32768)
    assert Image.open(io.BytesIO(data)).mode.startswith("I")
    output = opened(clean_upload(upload(data, "scan.png")))
    assert output.mode == "RGB"
    assert close(output.getpixel((10, 10)), (128, 128, 128), tolerance=3)


@pytest.mark.parametrize(
    ("mode", "color", "expected"),
    [("L", 128, (128, 128, 128)), ("1", 1, WHITE), ("P", 3, None), ("LA", (200, 255), None)],
)
def test_greyscale_palette_and_opaque_alpha_images_become_rgb_jpegs(mode, color, expected):
    """Greyscale, bilevel, palette and fully opaque LA images are stored as RGB JPEGs."""
    output = opened(clean_upload(upload(image_bytes("PNG", mode=mode, color=color), "a.png")))
    assert (output.format, output.mode) == ("JPEG", "RGB")
    if expected:
        assert close(output.getpixel((10, 10)), expected)


@pytest.mark.parametrize(
    ("mode", "color", "params"),
    [
        ("RGBA", (255, 0, 0, 0), {}),
        ("LA", (100, 0), {}),
        ("P", 0, {"transparency": 0}),
    ],
)
def test_transparency_is_kept_in_a_png(mode, color, params):
    """An image with transparent pixels is stored as an RGBA PNG, so they stay transparent."""
    content = clean_upload(upload(image_bytes("PNG", mode=mode, color=color, **params)))
    assert content.name == "image.png"
    output = opened(content)
    assert (output.format, output.mode) == ("PNG", "RGBA")
    assert output.getpixel((10, 10))[3] == 0


def test_a_png_named_jpg_is_accepted_under_its_real_extension():
    """The content decides: a PNG named photo.jpg is accepted and stored under the right name."""
    content = clean_upload(upload(image_bytes("PNG", mode="RGBA", color=(0, 0, 0, 0))))
    assert content.name == "image.png"
    assert opened(content).format == "PNG"

    content = clean_upload(upload(image_bytes("WEBP"), "photo.png", "image/png"))
    assert content.name == "image.jpg"
    assert opened(content).format == "JPEG"


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_only_the_first_frame_of_an_animation_is_kept(image_format, monkeypatch):
    """An animation is stored as its first frame; later frames are never read."""
    frames = [Image.new("RGB", (200, 200), RED if i % 2 else BLUE) for i in range(100)]
    buffer = io.BytesIO()
    frames[0].save(buffer, image_format, save_all=True, append_images=frames[1:], duration=20)
    plugin = {"PNG": PngImagePlugin.PngImageFile, "WEBP": WebPImagePlugin.WebPImageFile}
    image_class = plugin[image_format]
    original_seek = image_class.seek

    def first_frame_only(self, frame):
        assert frame == 0, "a later frame was read"
        return original_seek(self, frame)

    monkeypatch.setattr(image_class, "seek", first_frame_only)
    output = opened(clean_upload(upload(buffer.getvalue(), "anim.webp")))
    assert not getattr(output, "is_animated", False)
    assert close(output.getpixel((10, 10)), BLUE)


def test_a_large_image_is_stored_at_most_3200_pixels_wide():
    """The stored original is capped, keeping its proportions."""
    output = opened(clean_upload(upload(image_bytes("JPEG", size=(6400, 300)))))
    assert output.size == (3200, 150)


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.jpg", "evil\x00.php.jpg", "x" * 300 + ".jpg", "<script>.jpg"],
    ids=["traversal", "nul", "long", "markup"],
)
def test_the_uploaders_file_name_never_reaches_the_stored_name(name, storage):
    """Whatever the upload is called, it is stored under a random name in its folder."""
    hostile = ContentFile(image_bytes(), name=name)  # unlike an upload, no sanitising
    content = clean_upload(hostile)
    assert content.name == "image.jpg"
    field_file = stored(content, storage)
    assert re.fullmatch(r"articles/[0-9a-f]{32}\.jpg", field_file.name)
    assert re.fullmatch(r"/media/articles/[0-9a-f]{32}\.jpg", field_file.url)


# The form field


class PortraitForm(forms.Form):
    portrait = SafeImageField(required=False)


def test_the_form_field_cleans_to_the_re_encoded_file():
    """A valid upload's cleaned value is the re-encoded image, not the uploaded file."""
    form = PortraitForm(files={"portrait": upload(image_bytes("PNG"), "me.png")})
    assert form.is_valid(), form.errors
    cleaned = form.cleaned_data["portrait"]
    assert isinstance(cleaned, ContentFile)
    assert cleaned.name == "image.jpg"
    assert opened(cleaned).format == "JPEG"


def test_the_form_field_reports_refusals_as_form_errors():
    """A refused upload is a form error with the pipeline's own message."""
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    form = PortraitForm(files={"portrait": upload(svg, "me.svg", "image/svg+xml")})
    assert not form.is_valid()
    assert form.errors["portrait"] == ["SVG images are not accepted; upload a JPEG, PNG or WebP."]


def test_the_form_field_keeps_or_clears_the_current_image():
    """Without a new upload the current image is kept; the clear box empties it."""
    current = "articles/0123456789abcdef0123456789abcdef.jpg"
    form = PortraitForm(initial={"portrait": current}, data={}, files={})
    assert form.is_valid()
    assert form.cleaned_data["portrait"] == current

    form = PortraitForm(initial={"portrait": current}, data={"portrait-clear": "on"}, files={})
    assert form.is_valid()
    assert form.cleaned_data["portrait"] is False


def test_the_form_field_offers_only_accepted_types():
    """The file picker offers only JPEG, PNG and WebP."""
    assert 'accept="image/jpeg,image/png,image/webp"' in str(PortraitForm()["portrait"])


# Renditions


@pytest.mark.parametrize(
    ("size", "widths"),
    [
        ((2000, 1000), list(RENDITION_WIDTHS)),
        ((1000, 750), [480, 800, 1000]),
        ((800, 400), [480, 800]),
        ((300, 300), [300]),
    ],
)
def test_renditions_are_made_at_the_fixed_widths_in_webp_and_jpeg(size, widths, storage):
    """Each width that fits gets a WebP and a JPEG, plus the image's own width if smaller."""
    field_file = stored(clean_upload(upload(image_bytes("JPEG", size=size))), storage)
    renditions = make_renditions(field_file)
    assert json.loads(json.dumps(renditions)) == renditions
    assert (renditions["source"], renditions["width"], renditions["height"]) == (
        field_file.name,
        *size,
    )
    assert [row["width"] for row in renditions["renditions"]] == widths
    for row in renditions["renditions"]:
        assert row["height"] == round(size[1] * row["width"] / size[0])
        for key, image_format in (("webp", "WEBP"), ("jpeg", "JPEG")):
            extension = {"webp": "webp", "jpeg": "jpg"}[key]
            assert re.fullmatch(rf"renditions/[0-9a-f]{{32}}-{row['width']}\.{extension}", row[key])
            with storage.open(row[key]) as rendition:
                image = Image.open(rendition)
                image.load()
            assert (image.format, image.size) == (image_format, (row["width"], row["height"]))


def test_transparent_renditions_are_flattened_on_white_for_jpeg(storage):
    """A transparent image keeps its alpha in WebP and shows white in the JPEG fallback."""
    data = image_bytes("PNG", size=(500, 300), mode="RGBA", color=(255, 0, 0, 0))
    field_file = stored(clean_upload(upload(data, "logo.png")), storage)
    row = make_renditions(field_file)["renditions"][0]
    with storage.open(row["webp"]) as webp, storage.open(row["jpeg"]) as jpeg:
        assert Image.open(webp).convert("RGBA").getpixel((5, 5))[3] == 0
        assert close(Image.open(jpeg).convert("RGB").getpixel((5, 5)), WHITE)


def test_renditions_go_to_the_storage_given(storage):
    """Renditions can be written to another storage than the source's."""
    other = InMemoryStorage()
    field_file = stored(clean_upload(upload(image_bytes())), storage)
    row = make_renditions(field_file, storage=other)["renditions"][0]
    assert other.exists(row["webp"]) and not storage.exists(row["webp"])


def test_renditions_can_be_deleted(storage):
    """Deleting renditions removes every file they list."""
    field_file = stored(clean_upload(upload(image_bytes("JPEG", size=(900, 600)))), storage)
    renditions = make_renditions(field_file)
    delete_renditions(renditions, storage=storage)
    for row in renditions["renditions"]:
        assert not storage.exists(row["webp"]) and not storage.exists(row["jpeg"])


def test_renditions_of_a_file_that_is_not_an_image_are_refused(storage):
    """A stored file that does not decode raises ValidationError, not a Pillow error."""
    field_file = stored(ContentFile(b"not an image", name="old.jpg"), storage)
    with pytest.raises(ValidationError):
        make_renditions(field_file)


def test_renditions_are_current_only_for_the_file_they_were_made_from(storage):
    """Renditions go stale when the image is replaced or removed."""
    field_file = stored(clean_upload(upload(image_bytes())), storage)
    renditions = make_renditions(field_file)
    assert renditions_are_current(field_file, renditions)
    replacement = stored(clean_upload(upload(image_bytes())), storage)
    assert not renditions_are_current(replacement, renditions)
    assert not renditions_are_current(field_file, None)
    assert not renditions_are_current(field_file, {})
    assert not renditions_are_current(ImageFieldFile(None, field_file.field, ""), renditions)


# The template tag


def render(template: str, **context: object) -> str:
    return Template("{% load images %}" + template).render(Context(context))


def test_the_tag_renders_a_picture_with_srcset_sizes_and_dimensions(storage):
    """The picture offers WebP then JPEG at every width, the largest as fallback, escaped."""
    field_file = stored(clean_upload(upload(image_bytes("JPEG", size=(1000, 500)))), storage)
    renditions = make_renditions(field_file)
    html = render(
        "{% responsive_image image renditions alt=caption "
        'sizes="(min-width: 48rem) 44rem, 100vw" class="hero" %}',
        image=field_file,
        renditions=renditions,
        caption='A “red” <square> & "more"',
    )
    rows = renditions["renditions"]
    webp_srcset = ", ".join(f"/media/{row['webp']} {row['width']}w" for row in rows)
    jpeg_srcset = ", ".join(f"/media/{row['jpeg']} {row['width']}w" for row in rows)
    assert html == (
        "<picture>"
        f'<source type="image/webp" srcset="{webp_srcset}" '
        'sizes="(min-width: 48rem) 44rem, 100vw">'
        f'<img src="/media/{rows[-1]["jpeg"]}" srcset="{jpeg_srcset}" '
        'sizes="(min-width: 48rem) 44rem, 100vw" width="1000" height="500" '
        'alt="A “red” &lt;square&gt; &amp; &quot;more&quot;" '
        'loading="lazy" decoding="async" class="hero">'
        "</picture>"
    )


def test_a_hero_above_the_fold_is_eager_and_high_priority(storage):
    """loading="eager" also asks the browser to fetch the image first."""
    field_file = stored(clean_upload(upload(image_bytes())), storage)
    html = render(
        '{% responsive_image image renditions alt="" loading="eager" %}',
        image=field_file,
        renditions=make_renditions(field_file),
    )
    assert 'loading="eager"' in html and 'fetchpriority="high"' in html
    assert 'alt=""' in html


def test_the_tag_falls_back_to_the_file_without_current_renditions(storage):
    """Without renditions, or with stale ones, the tag shows the file itself, sized."""
    field_file = stored(clean_upload(upload(image_bytes("JPEG", size=(640, 480)))), storage)
    stale = {
        "source": "articles/old.jpg",
        "width": 1,
        "height": 1,
        "renditions": [{"width": 1, "height": 1, "webp": "x.webp", "jpeg": "x.jpg"}],
    }
    for renditions in (None, {}, stale, {"source": field_file.name, "renditions": "oops"}):
        html = render(
            "{% responsive_image image renditions alt='' %}",
            image=field_file,
            renditions=renditions,
        )
        assert html == (
            f'<img src="/media/{field_file.name}" width="640" height="480" alt="" '
            'loading="lazy" decoding="async">'
        )


def test_the_tag_survives_a_missing_file_and_renders_nothing_without_one(storage):
    """A missing stored file still renders an img; no file at all renders nothing."""
    field = models.ImageField(storage=storage)
    missing = ImageFieldFile(None, field, "articles/gone.jpg")
    html = render("{% responsive_image image alt='Gone' %}", image=missing)
    assert html == '<img src="/media/articles/gone.jpg" alt="Gone" loading="lazy" decoding="async">'
    assert (
        render("{% responsive_image image alt='' %}", image=ImageFieldFile(None, field, "")) == ""
    )
    assert render("{% responsive_image image alt='' %}", image=None) == ""


def test_the_tag_requires_alt():
    """Forgetting alt is a template error, not an inaccessible image."""
    with pytest.raises(TemplateSyntaxError):
        Template("{% load images %}{% responsive_image image %}")
