"""Authors and editors upload and pick the images of article bodies."""

from django.db import migrations

from editorial.roles import sync_roles


def sync(apps, schema_editor):
    sync_roles(apps, missing_ok=True)


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_roles"),
        ("images", "0001_image_library"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
