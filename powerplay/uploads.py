"""Where uploaded files are stored."""

import uuid
from pathlib import PurePath

from django.utils.deconstruct import deconstructible


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
