"""Gunicorn settings of the production profile (`make serve`, docs/deploy.md).

Read from the environment like the Django settings; any can still be overridden on
gunicorn's command line.
"""

import os

wsgi_app = "powerplay.wsgi:application"
# Loopback by default: a load balancer or reverse proxy on the same host faces the world.
bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Synchronous workers: each handles one request at a time, so run one or two per core.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# A request that takes longer is stuck: the worker is replaced, the client gets a 502.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Behind a load balancer that keeps connections open to the app.
keepalive = 5
# Import Django once in the master: a broken deploy fails at start, and workers share
# memory. Nothing opens a database or cache connection at import time.
preload_app = True
# Recycle workers now and then, so a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Logs go to stdout/stderr, for the process manager to collect.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# Gunicorn 25+ opens a control socket at one fixed path per user: several app servers
# on one host (docs/deploy.md, the scale-out test) would take it from each other.
control_socket_disable = True
