"""Media on S3-compatible object storage (the `s3` extra), stored with their headers."""

from storages.backends.s3 import S3Storage

from images.delivery import media_headers


class MediaS3Storage(S3Storage):
    """S3Storage whose objects are served inline under a safe name (images.delivery).

    Object storage keeps a Content-Disposition with each object, but no
    Content-Security-Policy: the CDN in front adds that one (docs/deploy.md).
    """

    def get_object_parameters(self, name: str) -> dict:
        return {
            **super().get_object_parameters(name),
            "ContentDisposition": media_headers(name)["Content-Disposition"],
        }
