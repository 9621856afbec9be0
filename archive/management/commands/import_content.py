"""Restore an archive written by export_content into an empty database."""

from django.core.management.base import BaseCommand, CommandError

from archive.content import ArchiveError, restore_archive


class Command(BaseCommand):
    help = (
        "Restore an archive written by export_content, media files included, into a "
        "database that holds no content yet (run migrate first). Refuses otherwise."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Path of the .zip file written by export_content.")

    def handle(self, *args, archive: str, **options) -> None:
        try:
            restored = restore_archive(archive)
        except ArchiveError as error:
            raise CommandError(str(error)) from None
        rows = sum(restored.counts.values())
        self.stdout.write(f"Imported {rows} rows and {restored.media} media files from {archive}.")
        if restored.created_users:
            self.stdout.write(
                "Revision authors without a login here got an inactive one with no "
                "password: " + ", ".join(restored.created_users)
            )
