"""Give the Author and Editor groups exactly the permissions editorial.roles lists.

For a database whose groups were changed by hand in the admin, or after a release that
changed the roles without a migration having run yet.
"""

from django.core.management.base import BaseCommand, CommandError

from editorial.roles import sync_roles


class Command(BaseCommand):
    help = "Set the permissions of the Author and Editor groups to those of editorial.roles."

    def handle(self, *args, **options) -> None:
        try:
            counts = sync_roles()
        except LookupError as error:
            raise CommandError(str(error)) from None
        for role, count in counts.items():
            self.stdout.write(f"{role}: {count} permissions.")
