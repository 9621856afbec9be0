"""Editors see the outbox of notification e-mails (editorial.roles.ROLE_PERMISSIONS)."""

from django.db import migrations

from editorial.roles import sync_roles


def sync(apps, schema_editor):
    sync_roles(apps, missing_ok=True)


class Migration(migrations.Migration):
    dependencies = [("editorial", "0005_notices")]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
