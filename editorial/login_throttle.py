"""Admin sign-in throttling: slow password guessing down to a few tries per quarter hour.

Failures are counted in the cache (Redis in production, so every app process shares the
counts) per (username, address) and per address, over a fixed window that starts with the
first failure. Past either limit, every attempt from there is refused with one message,
right password or not, whether the username exists or not: the answer never tells an
account that exists from one that does not. That answer is a 429 with Retry-After
(PowerPlayAdminSite.login), saying how long to wait; each refusal is logged with the
username and the address, never the password, so an operator sees an attack.
"""

import hashlib
import logging
import math
import time

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import ngettext

logger = logging.getLogger(__name__)

FAILURES_PER_ACCOUNT = 5
FAILURES_PER_ADDRESS = 20
WINDOW_SECONDS = 15 * 60


def client_address(request: HttpRequest) -> str:
    """The client's IP address, as seen by the outermost of TRUSTED_PROXY_COUNT proxies.

    X-Forwarded-For is only read behind proxies that append to it: the entries on its
    left are whatever the client sent, so only the one the trusted proxy added counts.
    """
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= trusted:
            return forwarded[-trusted]
    return request.META.get("REMOTE_ADDR", "")


def _keys(username: str, address: str) -> tuple[str, str]:
    # Case-folded: a guesser gains nothing by varying the case of a username.
    account = hashlib.sha256(f"{username.casefold()}\0{address}".encode()).hexdigest()
    host = hashlib.sha256(address.encode()).hexdigest()
    return f"login-failures:account:{account}", f"login-failures:address:{host}"


def _end_key(key: str) -> str:
    """Where the end of the window a count belongs to is kept (a Unix time)."""
    return f"{key}:ends"


def seconds_locked(username: str, address: str) -> int | None:
    """How many seconds more this sign-in is refused (at least 1), or None when it is not.

    The lock lasts until the end of the window of each count past its limit.
    """
    account_key, address_key = _keys(username, address)
    limits = {account_key: FAILURES_PER_ACCOUNT, address_key: FAILURES_PER_ADDRESS}
    try:
        stored = cache.get_many([*limits, *map(_end_key, limits)])
    except Exception:
        # Fail open: an outage of the cache must not lock every editor out.
        logger.warning("Login throttle: the cache does not answer.", exc_info=True)
        return None
    ends = [
        # A count without its end (written before ends were kept) lasts a whole window.
        stored.get(_end_key(key), time.time() + WINDOW_SECONDS)
        for key, limit in limits.items()
        if stored.get(key, 0) >= limit
    ]
    if not ends:
        return None
    return min(WINDOW_SECONDS, max(1, math.ceil(max(ends) - time.time())))


def is_throttled(username: str, address: str) -> bool:
    return seconds_locked(username, address) is not None


def record_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        try:
            # add() starts the window; incr() keeps its expiry, so the window is fixed.
            if cache.add(key, 1, timeout=WINDOW_SECONDS):
                _start_window(key)
            else:
                cache.incr(key)
        except ValueError:
            # The key expired between add() and incr(): this failure opens a new window.
            if cache.add(key, 1, timeout=WINDOW_SECONDS):
                _start_window(key)
        except Exception:
            logger.warning("Login throttle: the cache does not answer.", exc_info=True)


def _start_window(key: str) -> None:
    cache.set(_end_key(key), time.time() + WINDOW_SECONDS, timeout=WINDOW_SECONDS)


def forget_failures(username: str, address: str) -> None:
    """After a successful sign-in, earlier typos of this account no longer count."""
    try:
        cache.delete(_keys(username, address)[0])
    except Exception:
        logger.warning("Login throttle: the cache does not answer.", exc_info=True)


def throttled_message(seconds: int) -> str:
    """What a locked-out editor reads, in the active language: how long to wait."""
    minutes = math.ceil(seconds / 60)
    return ngettext(
        "Too many failed attempts to sign in. Wait %(minutes)s minute, then try again.",
        "Too many failed attempts to sign in. Wait %(minutes)s minutes, then try again.",
        minutes,
    ) % {"minutes": minutes}


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in form, refusing every attempt for a while after too many failures."""

    # Seconds the refused sign-in must wait (the Retry-After of the answer), once refused.
    retry_after: int | None = None

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or password is None:
            return super().clean()
        address = client_address(self.request)
        seconds = seconds_locked(username, address)
        if seconds is not None:
            self.retry_after = seconds
            # The username as typed, quoted (%r) so a made-up one cannot forge log lines.
            logger.warning(
                "Sign-in refused after too many failures: username %r from address %s; "
                "locked for %s more seconds.", username[:150], address, seconds,
            )
            raise ValidationError(throttled_message(seconds), code="throttled")
        try:
            cleaned_data = super().clean()
        except ValidationError:
            record_failure(username, address)
            raise
        forget_failures(username, address)
        return cleaned_data
