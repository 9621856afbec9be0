"""Model fields of uploaded images: where they are stored, how they are checked."""

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible

from images import processing
from images.renditions import renditions_are_current


class ResponsiveImageField(models.ImageField):
    """An image whose uploads are checked and re-encoded by images.processing.

    The model keeps the image's renditions in a JSON field and calls
    `refresh_renditions()` from save().
    """

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": processing.SafeImageField, **kwargs})


def refresh_renditions(instance: models.Model, image_field: str, renditions_field: str) -> None:
    """Store a newly assigned image and make its renditions, once per image."""
    field_file = getattr(instance, image_field)
    renditions = getattr(instance, renditions_field)
    if not field_file:
        if renditions:
            processing.delete_renditions(renditions, storage=field_file.storage)
        setattr(instance, renditions_field, {})
        return
    if not field_file._committed:
        field_file.save(field_file.name, field_file.file, save=False)
    if renditions_are_current(field_file, renditions):
        return
    try:
        fresh = processing.make_renditions(field_file)
    except ValidationError:
        # A stored file that cannot be decoded keeps no renditions; pages fall back to it.
        fresh = {}
    if renditions:
        processing.delete_renditions(renditions, storage=field_file.storage)
    setattr(instance, renditions_field, fresh)


@deconstructible
class RandomFileName:
    """Store an upload under a random name so the uploader's file name is never public."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePath(filename).suffix.lower()[:8]
        return f"{self.folder}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomFileName) and other.folder == self.folder
