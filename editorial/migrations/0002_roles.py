"""The Author and Editor roles, as groups with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# The byline writers: they create articles and edit their own until they are in review.
AUTHOR_PERMISSIONS = [
    ("articles", "article", ["add", "change", "view"]),
    ("articles", "articletranslation", ["add", "change", "view"]),
    ("articles", "articleauthor", ["add", "change", "delete", "view"]),
    ("articles", "taggedarticletranslation", ["add", "change", "delete", "view"]),
    ("series", "series", ["view"]),
    ("series", "seriestranslation", ["view"]),
    ("authors", "author", ["view"]),
    ("taggit", "tag", ["view"]),
]

# Everything about content, and the right to put it in front of readers.
EDITOR_MODELS = [
    ("articles", ["article", "articletranslation", "articleauthor", "taggedarticletranslation"]),
    ("series", ["series", "seriestranslation"]),
    ("authors", ["author", "authortranslation", "authorlink"]),
    ("taggit", ["tag", "taggeditem"]),
    ("editorial", ["sharelink"]),
]
EDITOR_EXTRA = [("editorial", "publish_articles"), ("editorial", "view_editorprofile")]


def create_roles(apps, schema_editor):
    # Permissions are normally created after migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    author, _ = Group.objects.get_or_create(name="Author")
    author.permissions.set([
        permission(app, f"{action}_{model}")
        for app, model, actions in AUTHOR_PERMISSIONS for action in actions
    ])
    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.set(
        [
            permission(app, f"{action}_{model}")
            for app, models in EDITOR_MODELS for model in models
            for action in ("add", "change", "delete", "view")
        ]
        + [permission(app, codename) for app, codename in EDITOR_EXTRA]
    )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Author", "Editor"]).delete()


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
