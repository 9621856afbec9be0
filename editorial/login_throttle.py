"""Admin sign-in throttling: slow password guessing down to a few tries per quarter hour.

Failures are counted in the cache (Redis in production, so every app process shares the
counts) per (username, address) and per address, over a fixed window that starts with the
first failure. Past either limit, every attempt from there is refused with one message,
right password or not, whether the username exists or not: the answer never tells an
account that exists from one that does not.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

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


def is_throttled(username: str, address: str) -> bool:
    account_key, address_key = _keys(username, address)
    try:
        counts = cache.get_many([account_key, address_key])
    except Exception:
        # Fail open: an outage of the cache must not lock every editor out.
        logger.warning("Login throttle: the cache does not answer.", exc_info=True)
        return False
    return (
        counts.get(account_key, 0) >= FAILURES_PER_ACCOUNT
        or counts.get(address_key, 0) >= FAILURES_PER_ADDRESS
    )


def record_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        try:
            # add() starts the window; incr() keeps its expiry, so the window is fixed.
            if not cache.add(key, 1, timeout=WINDOW_SECONDS):
                cache.incr(key)
        except ValueError:
            # The key expired between add() and incr(): this failure opens a new window.
            cache.add(key, 1, timeout=WINDOW_SECONDS)
        except Exception:
            logger.warning("Login throttle: the cache does not answer.", exc_info=True)


def forget_failures(username: str, address: str) -> None:
    """After a successful sign-in, earlier typos of this account no longer count."""
    try:
        cache.delete(_keys(username, address)[0])
    except Exception:
        logger.warning("Login throttle: the cache does not answer.", exc_info=True)


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin's sign-in form, refusing every attempt for a while after too many failures."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "throttled": _(
            "Too many failed attempts to sign in. Wait a quarter of an hour, then try again."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or password is None:
            return super().clean()
        address = client_address(self.request)
        if is_throttled(username, address):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            cleaned_data = super().clean()
        except ValidationError:
            record_failure(username, address)
            raise
        forget_failures(username, address)
        return cleaned_data
