"""The state every page key shares: the content generation and the next scheduled change.

Reading it costs a round trip to the shared cache, so each process keeps what it read
for SETTLE seconds at most. What makes that exact: a change is not finished, for
whoever made it, before SETTLE seconds have passed since it bumped the generation
(`settle()`: the page cache middleware waits that long before answering the request that
changed content, and a command before it exits). A request that starts after a change
was finished therefore finds either the new generation or a copy old enough to be read
again, in every process of every machine. The next change is checked against the clock
on every request.
"""

import atexit
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

# Any failure of the database (a lost connection is an InterfaceError, no DatabaseError).
from django.db import Error as DatabaseFailure

from pagecache.backend import CACHE_ERRORS, page_cache, warn_unavailable

logger = logging.getLogger("pagecache")

GENERATION_KEY = "powerplay:content-generation"
NEXT_CHANGE_KEY = "powerplay:next-change"
# How long a process trusts the state it read, and how long a change waits to finish.
SETTLE = 0.05

# The functions naming scheduled changes (pagecache.invalidation.watch_schedule).
schedules: list[Callable[[datetime], datetime | None]] = []
# The functions making the changes due at a moment happen, for those that need a row
# written (pagecache.invalidation.watch_due_changes); each says how many it made.
due_changes: list[Callable[[datetime], int]] = []


@dataclass(frozen=True)
class State:
    """What every page key of this moment shares."""

    generation: int | None
    next_change: datetime | None
    # When next_change was found: before it (a clock set back), it may not be the next.
    since: datetime | None = None

    def seconds_left(self, now: datetime) -> float | None:
        """How long a page rendered at `now` stays right; None: until content changes."""
        if self.next_change is None:
            return None
        return (self.next_change - now).total_seconds()


def next_change_after(moment: datetime) -> datetime | None:
    """The first instant after `moment` when a watched schedule changes a page, if any."""
    instants = [instant for source in schedules if (instant := source(moment)) is not None]
    return min(instants, default=None)


class _Recent:
    """This process's last reading of the state, and when it was made."""

    def __init__(self) -> None:
        self.state: State | None = None
        self.read_at = 0.0

    def get(self, now: datetime) -> State | None:
        state = self.state
        if (
            state is None
            or time.monotonic() - self.read_at >= SETTLE
            or (state.next_change is not None and state.next_change <= now)
            or (state.since is not None and now < state.since)
        ):
            return None
        return state

    def put(self, state: State, read_at: float) -> None:
        self.state, self.read_at = state, read_at

    def forget(self) -> None:
        self.state = None


recent = _Recent()


def current_state(now: datetime) -> State | None:
    """The generation and the next change after `now`; None if neither can be known.

    The next change is read from the database once per generation and kept in the
    cache beside it, until its instant comes.
    """
    state = recent.get(now)
    if state is not None:
        return state
    read_at = time.monotonic()
    state = _read_state(now)
    if state is not None and state.generation is not None:
        recent.put(state, read_at)
    return state


# After a failed attempt at the due changes (a lock not obtained, a busy SQLite file), how
# soon a request tries again.
DUE_RETRY = timedelta(seconds=1)


@dataclass(frozen=True)
class Made:
    """What make_due_changes() did: how many changes, and whether any attempt failed."""

    count: int
    failed: bool = False


def make_due_changes(now: datetime) -> Made:
    """Make every watched change due at `now` happen."""
    count, failed = 0, False
    for make in due_changes:
        try:
            count += make(now)
        except DatabaseFailure as error:
            failed = True
            logger.warning("Scheduled changes not made yet: %r", error)
    return Made(count, failed)


def _read_state(now: datetime, *, made_due: Made | None = None) -> State | None:
    generation = None
    try:
        cache_backend = page_cache()
        found = cache_backend.get_many([GENERATION_KEY, NEXT_CHANGE_KEY])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            cache_backend.add(GENERATION_KEY, time.time_ns(), timeout=None)
            generation = cache_backend.get(GENERATION_KEY)
        stored = found.get(NEXT_CHANGE_KEY)
        if stored is not None and len(stored) == 3:
            stored_generation, since, following = stored
            if stored_generation == generation and since <= now and (
                following is None or following > now
            ):
                return State(generation, following, since)
    except CACHE_ERRORS as error:
        warn_unavailable("read", error)
        generation = None
    # An instant has passed or content changed: what became due is made first, so that
    # this request, and every one after it, reads it (the generation it bumped included).
    made = made_due or make_due_changes(now)
    if made_due is None and (made.count or made.failed):
        # Read again: a failure may come after some were made.
        return _read_state(now, made_due=Made(0, made.failed))
    try:
        following = next_change_after(now)
    except DatabaseFailure as error:
        logger.warning("Next change unknown, page not cached: %r", error)
        return None
    if made.failed:
        # Still due: kept until the next change, this reading would leave it unmade
        # until content changes. It ends soon, and the request after it tries again.
        following = min(filter(None, (following, now + DUE_RETRY)))
    if generation is not None:
        try:
            page_cache().set(NEXT_CHANGE_KEY, (generation, now, following), timeout=None)
        except CACHE_ERRORS as error:
            warn_unavailable("write", error)
    return State(generation, following, now)


# A change finishes SETTLE seconds after its last bump ----------------------------------

_changes = threading.local()
_settle_at_exit = False


def changed() -> None:
    """The generation was just bumped by this thread: forget this process's reading, and
    have whatever made the change finish no sooner than SETTLE seconds from now."""
    global _settle_at_exit
    recent.forget()
    _changes.last_change_at = time.monotonic()
    _changes.settled_at = _changes.last_change_at + SETTLE
    if not _settle_at_exit:
        # Outside a request (a command, the shell), the process waits before it exits.
        _settle_at_exit = True
        atexit.register(settle)


def last_change_at() -> float:
    """When this thread last bumped the generation (time.monotonic()), 0 if never."""
    return getattr(_changes, "last_change_at", 0.0)


def settle() -> None:
    """Wait until SETTLE seconds have passed since this thread's last bump, if they have not."""
    settled_at = getattr(_changes, "settled_at", 0.0)
    if settled_at:
        _changes.settled_at = 0.0
        remaining = settled_at - time.monotonic()
        if remaining > 0:
            time.sleep(remaining)
