"""Model fields shared by the apps."""

from django.core.exceptions import ValidationError
from django.db import models

from powerplay import images


class ResponsiveImageField(models.ImageField):
    """An image whose uploads are checked and re-encoded by powerplay.images.

    The model keeps the image's renditions in a JSON field and calls
    `refresh_renditions()` from save().
    """

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": images.SafeImageField, **kwargs})


def refresh_renditions(instance: models.Model, image_field: str, renditions_field: str) -> None:
    """Store a newly assigned image and make its renditions, once per image."""
    field_file = getattr(instance, image_field)
    renditions = getattr(instance, renditions_field)
    if not field_file:
        if renditions:
            images.delete_renditions(renditions, storage=field_file.storage)
        setattr(instance, renditions_field, {})
        return
    if not field_file._committed:
        field_file.save(field_file.name, field_file.file, save=False)
    if images.renditions_are_current(field_file, renditions):
        return
    try:
        fresh = images.make_renditions(field_file)
    except ValidationError:
        # A stored file that cannot be decoded keeps no renditions; pages fall back to it.
        fresh = {}
    if renditions:
        images.delete_renditions(renditions, storage=field_file.storage)
    setattr(instance, renditions_field, fresh)
