"""The image pipeline: validate uploads, re-encode them without metadata, make renditions.

Every uploaded hero image or portrait goes through ``clean_upload()`` (via ``SafeImageField``):
the stored file is always one this module encoded, never the uploader's bytes. Renditions
for ``<picture>``/``srcset`` are made once, by ``make_renditions()``, when the image changes.

Choices:

- Accepted: JPEG, PNG and WebP, decided by the decoded content; the file name and the
  browser's content type are ignored. GIF, BMP, TIFF, HEIC, AVIF, SVG and PDF are refused
  with a message naming the format.
- Limits: ``MAX_UPLOAD_BYTES`` on the file, ``MAX_PIXELS`` and ``MAX_SIDE`` read from the
  header before any pixel is decoded, ``MIN_SIDE`` so portraits and heroes stay sharp.
  Pillow's own decompression-bomb warning is an error here too.
- Animated WebP/PNG: only the first frame is decoded and kept; other frames are never read.
- Colour: embedded ICC profiles are applied (converted to sRGB) and then dropped; CMYK,
  16-bit, palette and greyscale images become 8-bit RGB, or RGBA when transparency is
  really used.
- Stored original: JPEG (quality 90), or PNG when the image has transparency so it is not
  lost; at most ``MASTER_MAX_SIDE`` pixels on its longer side; EXIF orientation applied;
  no EXIF, GPS, XMP, ICC profile, comment or text chunk.
- Renditions: WebP (alpha kept) and JPEG (alpha flattened onto white) at each of
  ``RENDITION_WIDTHS`` that fits, plus the image's own width when it is narrower than the
  largest, so no pixel the editor uploaded is thrown away.

Why this is ours: Django's ImageField checks that Pillow can open a file with any of its
decoders, then stores the uploader's own bytes, metadata and all; thumbnail libraries
make renditions of whatever was stored. None refuses by content before decoding, bounds
the decoding, and stores only pixels it encoded itself.
"""

import io
import logging
import uuid
import warnings

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile

from images.renditions import listed_files

try:
    from PIL import ImageCms
except ImportError:  # Pillow built without Little CMS: colours are converted naively.
    ImageCms = None

logger = logging.getLogger(__name__)

RENDITION_WIDTHS = (480, 800, 1200, 1600)

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 12_000
MIN_SIDE = 200
MASTER_MAX_SIDE = 3200
RENDITIONS_FOLDER = "renditions"
# (dict key, Pillow format, extension, quality): WebP first, as browsers pick the first match.
_RENDITION_FORMATS = (("webp", "WEBP", "webp", 80), ("jpeg", "JPEG", "jpg", 82))

ACCEPT = "image/jpeg,image/png,image/webp"

# Restrict Pillow to these decoders: fewer parsers exposed to hostile files. "MPO" is the
# multi-picture JPEG some cameras write; Pillow's JPEG decoder returns it by itself.
_PILLOW_FORMATS = ("JPEG", "PNG", "WEBP")
_ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}

# Magic numbers of formats Pillow is not allowed to open here, only to name them in the
# error message: an editor who uploads a GIF should read "GIF", not "not an image".
_REFUSED_SIGNATURES = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"II+\x00", "TIFF"),
    (b"MM\x00+", "TIFF"),
    (b"%PDF-", "PDF"),
)
_HEIF_BRANDS = {
    b"heic": "HEIC",
    b"heix": "HEIC",
    b"hevc": "HEIC",
    b"heim": "HEIC",
    b"heis": "HEIC",
    b"mif1": "HEIF",
    b"msf1": "HEIF",
    b"avif": "AVIF",
    b"avis": "AVIF",
}

# EXIF orientation → the transposition that shows the image upright.
_ORIENTATION_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_ORIENTATION_TAG = 0x0112

MESSAGES = {
    "empty": _("The uploaded file is empty."),
    "too_big": _("This file is too large (%(size)s). The limit is %(limit)s."),
    "svg": _("SVG images are not accepted; upload a JPEG, PNG or WebP."),
    "unsupported_format": _("%(format)s files are not accepted; upload a JPEG, PNG or WebP image."),
    "not_an_image": _(
        "This file is not an image, or it is damaged. Upload a JPEG, PNG or WebP image."
    ),
    "damaged": _("This image is incomplete or damaged. Export it again and upload the new file."),
    "too_many_pixels": _(
        "This image has too many pixels to be processed safely. The limit is %(limit)s megapixels."
    ),
    "too_wide": _(
        "This image is too large (%(width)s × %(height)s pixels). "
        "Each side may be at most %(max)s pixels."
    ),
    "too_small": _(
        "This image is too small (%(width)s × %(height)s pixels). "
        "Each side must be at least %(min)s pixels."
    ),
}


def _refuse(code: str, **params: object) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def _read_bounded(uploaded: File) -> bytes:
    """Read at most one byte more than the limit, whatever size the upload claims."""
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise _refuse("too_big", size=filesizeformat(size), limit=filesizeformat(MAX_UPLOAD_BYTES))
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    data = uploaded.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _refuse(
            "too_big",
            size=filesizeformat(len(data)),
            limit=filesizeformat(MAX_UPLOAD_BYTES),
        )
    if not data:
        raise _refuse("empty")
    return data


def _refuse_known_formats(data: bytes) -> None:
    """Name the format of a file that is recognisably something other than JPEG/PNG/WebP."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<") and b"<svg" in data[:4096].lower():
        raise _refuse("svg")
    for signature, name in _REFUSED_SIGNATURES:
        if data.startswith(signature):
            raise _refuse("unsupported_format", format=name)
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        raise _refuse("unsupported_format", format=_HEIF_BRANDS[data[8:12]])


def _check_dimensions(width: int, height: int, *, min_side: int) -> None:
    if width * height > MAX_PIXELS:
        raise _refuse("too_many_pixels", limit=MAX_PIXELS // 1_000_000)
    if max(width, height) > MAX_SIDE:
        raise _refuse("too_wide", width=width, height=height, max=MAX_SIDE)
    if min(width, height) < min_side:
        raise _refuse("too_small", width=width, height=height, min=min_side)


def _decode(data: bytes, *, min_side: int) -> Image.Image:
    """Return the first frame of ``data`` fully decoded, or raise ValidationError.

    Sizes are checked from the header, before a single pixel is decoded. Animated images
    are not refused, but only their first frame is ever read, so thousands of frames cost
    nothing.
    """
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        # With it on, Pillow pads a truncated file with grey and it would be stored.
        raise ImproperlyConfigured("PIL.ImageFile.LOAD_TRUNCATED_IMAGES must stay False.")
    _refuse_known_formats(data)
    with warnings.catch_warnings():
        # Images between Pillow's warning and error thresholds are bombs as well.
        # catch_warnings() is not thread-safe; MAX_PIXELS, checked below and lower than
        # Pillow's default threshold, is what holds when another thread resets the filter.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=_PILLOW_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _refuse("too_many_pixels", limit=MAX_PIXELS // 1_000_000) from None
        except Exception:
            # Pillow reports malformed input with many exception types (OSError,
            # SyntaxError, ValueError, struct.error…); each means "not a usable image".
            raise _refuse("not_an_image") from None
        if image.format not in _ACCEPTED_FORMATS:
            raise _refuse("not_an_image")
        _check_dimensions(*image.size, min_side=min_side)
        try:
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _refuse("too_many_pixels", limit=MAX_PIXELS // 1_000_000) from None
        except Exception:
            raise _refuse("damaged") from None
    return image


def _orientation(image: Image.Image) -> int:
    try:
        return int(image.getexif().get(_ORIENTATION_TAG, 1))
    except Exception:
        # A damaged EXIF block only loses the rotation; the pixels are fine.
        return 1


def _to_srgb(image: Image.Image) -> Image.Image:
    """Apply an embedded ICC profile, since the profile itself is not kept."""
    icc = image.info.get("icc_profile")
    if not icc or ImageCms is None or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        return ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(icc)),
            ImageCms.createProfile("sRGB"),
            outputMode="RGBA" if image.mode == "RGBA" else "RGB",
        )
    except Exception:
        # A broken or unusual profile: fall back to Pillow's plain conversion.
        return image


def _normalise(image: Image.Image, *, max_side: int | None = None) -> Image.Image:
    """Return an upright 8-bit RGB or RGBA copy of ``image`` carrying no metadata."""
    try:
        return _convert(image, max_side=max_side)
    except Exception:
        # The pixels decoded, yet a conversion failed on some unforeseen mode or profile:
        # refuse the file rather than answer the editor with a server error.
        logger.warning("A decoded image could not be converted.", exc_info=True)
        raise _refuse("damaged") from None


def _convert(image: Image.Image, *, max_side: int | None) -> Image.Image:
    orientation = _orientation(image)
    has_alpha = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or ("transparency" in image.info)
    image = _to_srgb(image)
    if image.mode.startswith("I"):
        # 16-bit greyscale: scale to 8 bits; a plain convert() would clip it to white.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    image = image.convert("RGBA" if has_alpha else "RGB")
    if image.mode == "RGBA" and image.getextrema()[3][0] == 255:
        image = image.convert("RGB")
    if max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    if orientation in _ORIENTATION_TRANSPOSE:
        image = image.transpose(_ORIENTATION_TRANSPOSE[orientation])
    # Encoders copy some of info (ICC profile, JPEG comment) into the output.
    image.info = {}
    return image


def _flatten(image: Image.Image) -> Image.Image:
    if image.mode != "RGBA":
        return image
    background = Image.new("RGB", image.size, (255, 255, 255))
    background.paste(image, mask=image.getchannel("A"))
    return background


def _encode(image: Image.Image, image_format: str, *, quality: int | None = None) -> bytes:
    buffer = io.BytesIO()
    if image_format == "JPEG":
        _flatten(image).save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    elif image_format == "WEBP":
        image.save(buffer, "WEBP", quality=quality, method=4)
    else:
        image.save(buffer, "PNG")
    return buffer.getvalue()


def clean_upload(uploaded: File) -> ContentFile:
    """Validate an uploaded image and return it re-encoded, upright and metadata-free.

    The result is a JPEG named ``image.jpg``, or a PNG named ``image.png`` when the image
    uses transparency. Raise ValidationError with a message for the editor for anything
    refused; never let Pillow's own exceptions escape.
    """
    image = _normalise(
        _decode(_read_bounded(uploaded), min_side=MIN_SIDE), max_side=MASTER_MAX_SIDE
    )
    if image.mode == "RGBA":
        return ContentFile(_encode(image, "PNG"), name="image.png")
    return ContentFile(_encode(image, "JPEG", quality=90), name="image.jpg")


class SafeImageField(forms.ImageField):
    """An image upload field whose cleaned value is the re-encoded file from clean_upload().

    Django's ImageField.to_python() is replaced rather than run first: it opens the file
    with every Pillow decoder and judges the file name's extension and length, while this
    field lets only the content decide. Clearing and keeping the initial file work as in
    forms.ImageField.
    """

    default_validators = []

    def to_python(self, data: File | None) -> ContentFile | None:
        if data in self.empty_values:
            return None
        if not hasattr(data, "read"):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if not getattr(data, "size", 1) and not self.allow_empty_file:
            raise ValidationError(self.error_messages["empty"], code="empty")
        return clean_upload(data)

    def widget_attrs(self, widget: forms.Widget) -> dict:
        attrs = super().widget_attrs(widget)
        if "accept" in attrs and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT
        return attrs


def _rendition_widths(width: int) -> list[int]:
    widths = {w for w in RENDITION_WIDTHS if w <= width}
    if width < max(RENDITION_WIDTHS):
        widths.add(width)
    return sorted(widths)


def make_renditions(field_file: File, *, storage: Storage | None = None) -> dict:
    """Write WebP and JPEG renditions of a stored image and describe them.

    Widths are those of RENDITION_WIDTHS not larger than the image, plus the image's own
    width when it is narrower than the largest. Files go to ``storage`` (by default the
    file's own) under random names in ``renditions/``. Return a JSON-serialisable dict::

        {"source": name, "width": W, "height": H,
         "renditions": [{"width": w, "height": h, "webp": name, "jpeg": name}, ...]}

    with renditions in ascending width. The stored file is decoded with the same checks
    as an upload (except the minimum size), so an image stored before this pipeline
    existed is cleaned too; raise ValidationError if it cannot be decoded.
    """
    storage = storage or field_file.storage
    with field_file.open("rb") as source:
        image = _normalise(_decode(_read_bounded(source), min_side=1))
    width, height = image.size
    token = uuid.uuid4().hex
    saved: list[str] = []
    rows = []
    try:
        for target in _rendition_widths(width):
            target_height = max(1, round(height * target / width))
            resized = (
                image
                if target == width
                else image.resize(
                    (target, target_height), Image.Resampling.LANCZOS, reducing_gap=3.0
                )
            )
            names = {}
            for key, image_format, extension, quality in _RENDITION_FORMATS:
                name = storage.save(
                    f"{RENDITIONS_FOLDER}/{token}-{target}.{extension}",
                    ContentFile(_encode(resized, image_format, quality=quality)),
                )
                saved.append(name)
                names[key] = name
            rows.append({"width": target, "height": target_height, **names})
    except Exception:
        # Leave no orphan files behind when the storage fails half-way.
        for name in saved:
            storage.delete(name)
        raise
    return {"source": field_file.name, "width": width, "height": height, "renditions": rows}


def delete_renditions(record: dict | None, *, storage: Storage) -> None:
    """Delete the files `record` lists, e.g. once the image is replaced."""
    for name in listed_files(record):
        if isinstance(name, str):
            storage.delete(name)
