"""Make sure a demo editor can log in, and say how."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from editorial.models import EditorProfile

USERNAME = "editor"


class Command(BaseCommand):
    help = (
        "Create the demo editor login on first run with a generated password, stored in "
        "var/demo-editor-password, and print how to log in."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, host, port, **options):
        password_file = Path(settings.VAR_DIR) / "demo-editor-password"
        user_model = get_user_model()
        user = user_model.objects.filter(username=USERNAME).first()
        if user is None or not password_file.exists():
            password = secrets.token_urlsafe(12)
            user = user or user_model(username=USERNAME, email="editor@example.org")
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.add(Group.objects.get(name="Editor"))
            EditorProfile.objects.get_or_create(user=user)
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n")
            password_file.chmod(0o600)
        password = password_file.read_text().strip()
        self.stdout.write(
            f"\nSite:  http://{host}:{port}/\n"
            f"Admin: http://{host}:{port}/admin/\n"
            f"Login: {USERNAME} / {password}   (stored in {password_file})\n"
        )
