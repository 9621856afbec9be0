"""Probes for the load balancer and the orchestrator.

`/healthz` says the process answers: it touches neither the database nor the cache, so a
database outage never gets healthy app processes killed and restarted. `/readyz` says
whether this process can serve pages now: the load balancer sends readers elsewhere
while it answers 503.
"""

import logging
import secrets

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

READY_KEY = "powerplay:readyz"


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up and answers HTTP."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def database_works() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("Readiness: the database does not answer.", exc_info=True)
        return False


def cache_works() -> bool:
    token = secrets.token_hex(8)
    try:
        cache.set(READY_KEY, token, timeout=30)
        # Another process may have written its own token in between: any answer means a
        # working cache, only an exception or a lost write does not.
        return cache.get(READY_KEY) is not None
    except Exception:
        logger.warning("Readiness: the cache does not answer.", exc_info=True)
        return False


@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the cache both answer; 503 naming what failed otherwise."""
    checks = {"database": database_works(), "cache": cache_works()}
    failing = sorted(name for name, works in checks.items() if not works)
    body = {"status": "failing" if failing else "ok", "failing": failing}
    return JsonResponse(body, status=503 if failing else 200)
