"""The Author and Editor groups hold exactly the permissions editorial.roles lists."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from editorial.roles import AUTHOR, EDITOR, ROLE_PERMISSIONS

pytestmark = pytest.mark.django_db


def held(role: str) -> set[str]:
    group = Group.objects.get(name=role)
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.parametrize("role", [AUTHOR, EDITOR])
def test_the_migration_gives_each_role_the_permissions_of_the_matrix(role):
    assert held(role) == set(ROLE_PERMISSIONS[role])


def test_sync_roles_puts_a_group_changed_by_hand_back_in_line():
    editor = Group.objects.get(name=EDITOR)
    editor.permissions.remove(Permission.objects.get(codename="publish_articles"))
    author = Group.objects.get(name=AUTHOR)
    author.permissions.add(Permission.objects.get(codename="delete_article"))
    out = StringIO()

    call_command("sync_roles", stdout=out)

    assert held(EDITOR) == set(ROLE_PERMISSIONS[EDITOR])
    assert held(AUTHOR) == set(ROLE_PERMISSIONS[AUTHOR])
    assert f"Author: {len(ROLE_PERMISSIONS[AUTHOR])} permissions." in out.getvalue()


def test_only_editors_may_publish():
    assert "editorial.publish_articles" in ROLE_PERMISSIONS[EDITOR]
    assert "editorial.publish_articles" not in ROLE_PERMISSIONS[AUTHOR]
