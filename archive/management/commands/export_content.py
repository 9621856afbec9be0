"""Write all content and its media to one archive; see archive.content for the format."""

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.content import ArchiveError, write_archive


class Command(BaseCommand):
    help = (
        "Write all content (series, authors, articles and their language versions, tags, "
        "revisions, redirects) and the media files it uses to one zip archive."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", help="Path of the .zip file to write, or - for standard output."
        )

    def handle(self, *args, archive: str, **options) -> None:
        if archive == "-":
            manifest = self._export(sys.stdout.buffer)
            report = self.stderr
        else:
            manifest = self._export_to_file(Path(archive))
            report = self.stdout
        for name in manifest["missing_media"]:
            self.stderr.write(f"Missing from the media storage, not archived: {name}")
        rows = sum(manifest["counts"].values())
        report.write(
            f"Exported {rows} rows and {len(manifest['media'])} media files"
            + ("" if archive == "-" else f" to {archive}")
            + "."
        )

    def _export(self, target) -> dict:
        try:
            return write_archive(target)
        except ArchiveError as error:
            raise CommandError(str(error)) from None

    def _export_to_file(self, path: Path) -> dict:
        """Write beside the target and rename, so a failed export leaves no half archive.

        The file is readable by its owner only (mkstemp's mode): it holds unpublished drafts.
        """
        try:
            if path.is_dir():
                raise CommandError(f"{path} is a directory; give the archive's file name.")
            folder = path.resolve().parent
            if not folder.is_dir():
                raise CommandError(f"The folder {folder} does not exist.")
            handle, partial = tempfile.mkstemp(
                dir=folder, prefix=f".{path.name}.", suffix=".part"
            )
        except OSError as error:
            raise self._unwritable(path, error) from None
        try:
            with os.fdopen(handle, "wb") as target:
                manifest = self._export(target)
            os.replace(partial, path)
        except OSError as error:
            # Media storage errors arrive as ArchiveError: this one is about the target.
            Path(partial).unlink(missing_ok=True)
            raise self._unwritable(path, error) from None
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
        return manifest

    def _unwritable(self, path: Path, error: OSError) -> CommandError:
        return CommandError(f"{path} cannot be written: {error.strerror or error}.")
