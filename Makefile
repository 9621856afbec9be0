# Power Play: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint venv messages clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

venv: $(VENV)/.installed

var/secret_key:
	mkdir -p var
	$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

run: venv var/secret_key
	@export DEBUG=1 SECRET_KEY="$$(cat var/secret_key)"; \
	$(PY) manage.py migrate --no-input && \
	$(PY) manage.py seed_demo && \
	$(PY) manage.py demo_editor --host $(HOST) --port $(PORT) && \
	$(PY) manage.py runserver $(HOST):$(PORT)

test: venv
	$(VENV)/bin/pytest

lint: venv
	$(VENV)/bin/ruff check .

# Refresh the French catalogue after changing UI strings (needs GNU gettext).
messages: venv
	DEBUG=1 $(PY) manage.py makemessages --locale fr --no-obsolete --add-location file
	DEBUG=1 $(PY) manage.py compilemessages --locale fr

clean:
	rm -rf $(VENV) var/static
