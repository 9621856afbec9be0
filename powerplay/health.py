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
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import resolve, reverse
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


_migrated = False


def database_migrated() -> bool:
    """Every migration applied: a new release's code never serves an old schema.

    Reading the migration graph takes a while: once it is known complete, it stays so
    for the life of the process (migrations are applied before a release starts).
    """
    global _migrated
    if not _migrated:
        try:
            executor = MigrationExecutor(connection)
            _migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
        except Exception:
            logger.warning("Readiness: the migrations cannot be read.", exc_info=True)
            return False
        if not _migrated:
            logger.warning("Readiness: the database lacks migrations (manage.py migrate).")
    return _migrated


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
    """200 when the database (migrated) and the cache answer; 503 naming what failed."""
    checks = {"database": database_works(), "cache": cache_works()}
    if checks["database"]:
        checks["migrations"] = database_migrated()
    failing = sorted(name for name, works in checks.items() if not works)
    body = {"status": "failing" if failing else "ok", "failing": failing}
    return JsonResponse(body, status=503 if failing else 200)


class ProbeMiddleware:
    """Answers the probes first, whatever the Host header says.

    A load balancer probes each app server at its own address, which ALLOWED_HOSTS does
    not list; the probes tell nothing about the site, so they skip the host check (and
    the rest of the middleware) instead of answering 400.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.paths = {reverse("healthz"), reverse("readyz")}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info in self.paths:
            return resolve(request.path_info).func(request)
        return self.get_response(request)
