"""What ends cached pages: a change to what readers see, or a scheduled instant.

The apps whose rows readers see say so when they are ready (their AppConfig.ready()):

- `watch_models(...)`: every save or delete of these models, and of their many-to-many
  links, bumps the *content generation*, one number in the cache that every page key
  contains, so the very next request renders afresh;
- `watch_schedule(next_change_after)`: a function naming the first instant after a
  moment when what readers see changes by itself (a scheduled publication). Pages
  cached before it are never served at or after it, with no daemon to wake.
- `watch_due_changes(make_due)`: for a scheduled change that needs a row written (an
  update copied into the live text, a withdrawal), a function that writes those due at
  a moment. The first request for a public page at or after the instant calls it,
  before reading anything: exact to the request, still with no daemon.
"""

import time
from collections.abc import Callable, Iterable
from datetime import datetime

from django.db import connections, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from pagecache import state
from pagecache.backend import CACHE_ERRORS, page_cache, warn_unavailable
from pagecache.state import GENERATION_KEY


def bump_content_generation(using: str | None = None) -> None:
    """Make every cached page stale: call after changing content without save() or delete().

    Inside a transaction it bumps now and again at commit: a page rendered in between,
    from rows not yet committed, was keyed with the generation in between and is left
    behind.
    """
    _bump()
    connection = connections[using or "default"]
    if connection.in_atomic_block:
        transaction.on_commit(_bump, using=using, robust=True)


def _bump() -> None:
    try:
        cache_backend = page_cache()
        try:
            cache_backend.incr(GENERATION_KEY)
        except ValueError:
            # Missing (never set, evicted, flushed): start from the clock, so a restarted
            # counter never meets a generation that pages were cached under before.
            if not cache_backend.add(GENERATION_KEY, time.time_ns(), timeout=None):
                cache_backend.incr(GENERATION_KEY)
    except CACHE_ERRORS as error:
        warn_unavailable("bump", error)
    state.changed()


def content_changed(sender, *, using: str | None = None, **kwargs) -> None:
    """Receiver of post_save and post_delete (raw saves of restored revisions included)."""
    bump_content_generation(using)


def links_changed(sender, *, action: str, using: str | None = None, **kwargs) -> None:
    if action in {"post_add", "post_remove", "post_clear"}:
        bump_content_generation(using)


def watch_models(watched: Iterable[type[models.Model]]) -> None:
    """Bump the content generation on every change to these models' rows or links.

    Pass an app's `get_models(include_auto_created=True)`: many-to-many signals are sent
    by the link tables (tags, related picks).
    """
    for model in watched:
        uid = f"pagecache:{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
        m2m_changed.connect(links_changed, sender=model, dispatch_uid=uid)


def watch_schedule(next_change_after: Callable[[datetime], datetime | None]) -> None:
    """End cached pages at each instant `next_change_after(moment)` names."""
    if next_change_after not in state.schedules:
        state.schedules.append(next_change_after)


def watch_due_changes(make_due: Callable[[datetime], int]) -> None:
    """Have `make_due(moment)` write the scheduled changes due at `moment` (how many it
    wrote) before any public page is read at or after their instant. Name the same
    instants with watch_schedule(), or nothing asks at them."""
    if make_due not in state.due_changes:
        state.due_changes.append(make_due)
