# Power Play: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run serve test lint venv lock chromium vnu java messages clean bench load wrk

# Every package at the exact version requirements.lock pins (make lock writes it).
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -c requirements.lock --upgrade pip setuptools
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

venv: $(VENV)/.installed

# Re-pin every dependency, the s3 extra's too, to the newest release pyproject.toml allows,
# resolved in a fresh virtualenv; then run make test and commit requirements.lock.
LOCK_VENV := var/lock-venv
lock:
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet --upgrade pip setuptools
	$(LOCK_VENV)/bin/python -m pip install --quiet -e ".[dev,s3]"
	{ echo "# Exact versions of every dependency: make lock writes this file from pyproject.toml."; \
	  $(LOCK_VENV)/bin/python -m pip freeze --all --exclude-editable; } > requirements.lock
	rm -rf $(LOCK_VENV)

var/secret_key:
	mkdir -p var
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

run: venv var/secret_key
	@export DEBUG=1 SECRET_KEY="$$(cat var/secret_key)"; \
	$(PY) manage.py migrate --no-input && \
	$(PY) manage.py seed_demo && \
	$(PY) manage.py demo_editor --host $(HOST) --port $(PORT) && \
	$(WITH_WORKER) $(PY) manage.py runserver $(HOST):$(PORT)

# The worker that sends the notification e-mails (django-tasks' db_worker), started beside
# the server and stopped with it; RUN_WORKER=0 leaves it to another machine. It polls the
# database each second; several workers, here or on other machines, share the tasks.
WITH_WORKER := $(PY) scripts/with_worker.py

# The production profile on this machine: gunicorn (WEB_CONCURRENCY workers, 2 by
# default), DEBUG off, static files collected, against DATABASE_URL (default: the SQLite
# file), with the worker beside it. The secret and hosts default to development values
# here, never in settings; plain http on loopback, so no https redirect nor secure-only
# cookies unless asked.
serve: venv var/secret_key
	@export DEBUG=0 HOST="$(HOST)" PORT="$(PORT)" \
	  SECRET_KEY="$${SECRET_KEY:-$$(cat var/secret_key)}" \
	  ALLOWED_HOSTS="$${ALLOWED_HOSTS:-127.0.0.1,localhost}" \
	  SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-0}" \
	  SESSION_COOKIE_SECURE="$${SESSION_COOKIE_SECURE:-0}" \
	  CSRF_COOKIE_SECURE="$${CSRF_COOKIE_SECURE:-0}" \
	  SERVE_MEDIA="$${SERVE_MEDIA:-1}"; \
	$(PY) manage.py migrate --no-input && \
	$(PY) manage.py collectstatic --no-input --verbosity 0 && \
	$(WITH_WORKER) $(VENV)/bin/gunicorn --config gunicorn.conf.py

# The browser tests need Debian's Chromium: install it where missing, or say how.
chromium:
	bash scripts/ensure-chromium

# The HTML validation test runs the Nu HTML Checker: vnu-jar from the npm registry, at
# the version package-lock.json pins, in node_modules/, and a Java runtime to run it.
VNU_JAR := node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR): package.json package-lock.json
	@command -v npm >/dev/null || { \
	  echo "npm is missing: install Node.js 18 or later (sudo apt-get install npm)." >&2; \
	  exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

java:
	bash scripts/ensure-java

vnu: $(VNU_JAR) java

test: venv chromium vnu
	$(VENV)/bin/pytest

# Speed on PostgreSQL, on loopback (docs/benchmarks.md): bench fills powerplay_bench and
# powerplay_bench_small once (DATABASE_URL, SMALL_DATABASE_URL override them), then loads
# each page with wrk under `make serve`; load runs 60 s at 64 connections. Not in CI.
bench: venv var/secret_key wrk
	$(PY) scripts/bench.py bench

load: venv var/secret_key wrk
	$(PY) scripts/bench.py load

wrk:
	@command -v wrk >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -q wrk || \
	    { apt-get update -q && apt-get install -y -q wrk; }; \
	  else echo "wrk is missing: install Debian's package (sudo apt-get install wrk)." >&2; \
	    exit 1; fi; }

lint: venv
	$(VENV)/bin/ruff check .

# Refresh the catalogue of every language of settings.LANGUAGES after changing UI strings
# (needs GNU gettext); English is the language of the source strings.
MESSAGE_LOCALES = DEBUG=1 $(PY) -c "import django, os; \
	os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'powerplay.settings'); django.setup(); \
	from django.conf import settings; \
	print(' '.join(code for code, _ in settings.LANGUAGES if code != 'en'))"
messages: venv
	for code in $$($(MESSAGE_LOCALES)); do \
	  DEBUG=1 $(PY) manage.py makemessages --locale $$code --no-obsolete --add-location file \
	    -i "var/*" -i "tests/*" -i "scripts/*" && \
	  DEBUG=1 $(PY) manage.py compilemessages --locale $$code --ignore ".venv" || exit 1; \
	done

clean:
	rm -rf $(VENV) var/static node_modules
