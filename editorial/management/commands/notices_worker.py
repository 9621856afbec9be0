"""The worker that sends the notification e-mails: django-tasks' db_worker, once the
hourly sweep for overdue plans is enqueued (editorial.notifications)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from editorial.notifications import ensure_sweep


class Command(BaseCommand):
    help = "Send the notification e-mails as they fall due (make serve starts this)."

    def handle(self, *args, **options):
        ensure_sweep()
        # Never reloads on a code change: a reload could cut an e-mail in half.
        call_command("db_worker", reload=False, verbosity=options["verbosity"])
