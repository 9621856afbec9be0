"""Gunicorn settings of the production profile (`make serve`, docs/deploy.md).

Read from the environment like the Django settings; any can still be overridden on
gunicorn's command line.
"""

import os
import sys


def whole_number(name: str, default: int, minimum: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < minimum:
        sys.exit(f"Power Play cannot start: {name} must be a whole number of at least "
                 f"{minimum}, not {value!r}.")
    return int(value)


wsgi_app = "powerplay.wsgi:application"
# Loopback by default: a load balancer or reverse proxy on the same host faces the world.
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Synchronous workers: each handles one request at a time, so run one or two per core.
workers = whole_number("WEB_CONCURRENCY", 2, minimum=1)
# A request that takes longer is stuck: the worker is replaced, the client gets a 502.
timeout = whole_number("GUNICORN_TIMEOUT", 30, minimum=1)
graceful_timeout = 30
# Behind a load balancer that keeps connections open to the app.
keepalive = 5
# Import Django once in the master: a broken deploy fails at start, and workers share
# memory. Nothing opens a database or cache connection at import time.
preload_app = True
# Recycle workers now and then, so a slow leak never grows without bound.
max_requests = whole_number("GUNICORN_MAX_REQUESTS", 2000, minimum=0)
max_requests_jitter = max_requests // 10
# Logs go to stdout/stderr, for the process manager to collect.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# Gunicorn 25+ opens a control socket at one fixed path per user: several app servers
# on one host (docs/deploy.md, the scale-out test) would take it from each other.
control_socket_disable = True
