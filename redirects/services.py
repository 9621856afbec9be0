"""Keep the old addresses of renamed pages answering, without chains or loops."""

from collections.abc import Hashable, Mapping

from django.db import transaction

from .models import Redirect


def redirect_record(*, old_path: str, new_path: str) -> None:
    """Make `old_path` answer 301 to `new_path`, for good.

    Every redirect points straight at a live address: those that led to `old_path` now
    lead to `new_path`, and a redirect from `new_path` itself (a page moved back to an
    address it had before) is dropped, so no redirect ever leads to another, or to itself.
    """
    if old_path == new_path:
        return
    with transaction.atomic():
        Redirect.objects.filter(new_path=old_path).update(new_path=new_path)
        Redirect.objects.filter(old_path=new_path).delete()
        Redirect.objects.update_or_create(old_path=old_path, defaults={"new_path": new_path})


def redirect_record_moves(
    *, before: Mapping[Hashable, str], after: Mapping[Hashable, str]
) -> None:
    """Record a redirect for each key whose address changed between `before` and `after`.

    A key missing from `after` (a deleted row) records nothing: its old address is gone.
    """
    for key, old_path in before.items():
        new_path = after.get(key)
        if new_path and new_path != old_path:
            redirect_record(old_path=old_path, new_path=new_path)
