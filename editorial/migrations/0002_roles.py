"""The Author and Editor roles, as groups with their permissions."""

from django.db import migrations

from editorial.roles import ROLE_PERMISSIONS, sync_roles


def create_roles(apps, schema_editor):
    # The matrix is editorial.roles.ROLE_PERMISSIONS, which the sync_roles command
    # applies too; a later change to it comes with a migration that syncs again.
    sync_roles(apps, missing_ok=True)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLE_PERMISSIONS)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_profiles_and_share_links"),
        ("articles", "0003_hero_renditions"),
        ("series", "0002_cover_renditions"),
        ("authors", "0003_portrait_renditions"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
