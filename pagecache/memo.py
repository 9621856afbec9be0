"""What changes only when content changes, computed once per content state in each process.

A page the page cache does not serve (page cache off, a page rendered for the first time
after a change, a page past the cache's bounds) still shows much that is the same for
every reader until the next change: an article's read-more picks, its neighbours in the
series, the cards of a series page. `per_content` keeps such a value in this process
under the current content state (pagecache.state: the content generation and the next
scheduled instant), so it is as fresh as a page the page cache would serve: a change or
a scheduled instant ends every value at once, in every process, with no message to send.

Nothing here is shared between processes, and the values are read-only: callers must not
change what they are given. Callers change no content: a value computed inside a
transaction that changed content (and might still roll back) would be kept under the
generation that change bumped first. Public views and templates are the callers; the back
office's previews go around the memo (articles.queries.reading).

On only where the content state is shared by every process (settings.CONTENT_MEMO, by
default with Redis); without it, every call computes.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import wraps
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.utils import timezone

from pagecache.state import current_state

Value = TypeVar("Value")
Params = ParamSpec("Params")


class ContentMemo:
    """Values by key, all belonging to one content state; a new state empties it."""

    def __init__(self) -> None:
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._state: tuple | None = None
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Value]) -> Value:
        """The value of `key` in the current content state, computed if this process has
        not kept it; computed every time when the state cannot be known."""
        if not settings.CONTENT_MEMO:
            return compute()
        state = current_state(timezone.now())
        if state is None or state.generation is None:
            return compute()
        stamp = (state.generation, state.next_change)
        with self._lock:
            if stamp != self._state:
                self._values.clear()
                self._state = stamp
            elif key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        # Computed outside the lock: a slow value does not hold up the others. Should a
        # change commit meanwhile, the value is kept under the state read before it, which
        # no request starting after that change reads (pagecache.state: SETTLE).
        value = compute()
        with self._lock:
            # None (a page not found) is not kept: made-up addresses push nothing out.
            if value is not None and stamp == self._state:
                self._values[key] = value
                while len(self._values) > settings.CONTENT_MEMO_ENTRIES:
                    self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._state = None


memo = ContentMemo()


def per_content(function: Callable[Params, Value]) -> Callable[Params, Value]:
    """Keep `function`'s result per content state, by its arguments (hashable, and naming
    everything the result depends on besides content, such as the language)."""
    name = f"{function.__module__}.{function.__qualname__}"

    @wraps(function)
    def kept(*args: Params.args, **kwargs: Params.kwargs) -> Value:
        key = (name, args, tuple(sorted(kwargs.items())))
        return memo.get(key, lambda: function(*args, **kwargs))

    kept.uncached = function
    return kept


def kept_page(
    key: Hashable, rows: Callable[[], QuerySet], number: object, per_page: int
) -> Page:
    """Page `number` of the list `rows()` builds, as core.pagination.paginate() gives it
    (any odd number gives the nearest real page), its rows and count kept per content state.

    `key` names the list (with its language); only real page numbers are kept apart, so
    made-up numbers keep nothing new.
    """
    paginator = Paginator((), per_page)
    paginator.count = memo.get((key, "count"), lambda: rows().count())
    try:
        number = paginator.validate_number(number)
    except PageNotAnInteger:
        number = 1
    except EmptyPage:
        number = paginator.num_pages
    start = (number - 1) * per_page
    end = paginator.count if number == paginator.num_pages else start + per_page
    found = memo.get((key, number), lambda: list(rows()[start:end]))
    return Page(found, number, paginator)
