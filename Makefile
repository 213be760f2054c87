# Veta: `make run` serves the site, `make test` runs the whole suite. Both set everything
# up first (virtual environment, packages, database, migrations, reference data, real
# records) and are safe to run again.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The browser tests drive Debian's Chromium; the set-up installs it when it is missing.
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

.PHONY: run dev test test-server suite setup install lint browser bench backup restore soak

# The suite runs in parallel (pytest-xdist), one worker per core unless told otherwise
# (TEST_WORKERS=0 runs it in this process); PYTEST_ARGS adds options or picks tests.
TEST_WORKERS ?= logical
PYTEST_ARGS ?=
# Python may write its bytecode caches (and pytest its rewritten test modules) even where the
# environment says not to: without them every test process and every server a test starts
# compiles all of its modules again, a good share of the suite's time.
PYTEST := PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal --durations=25 --durations-min=1

# The packages are installed by uv (the same pinned versions from PyPI, in seconds rather than
# a minute with pip) and compiled to bytecode once; uv itself comes from PyPI with pip, into
# the virtual environment.
UV_VERSION := 0.13.9

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Veta needs Python 3.11 or newer, found " + sys.version.split()[0])'
	$(PYTHON) -m venv --without-pip $(VENV)

$(BIN)/uv: | $(BIN)/python
	$(PYTHON) -m pip --python $(BIN)/python install --quiet uv==$(UV_VERSION) \
	  || ($(BIN)/python -m ensurepip --default-pip && $(BIN)/python -m pip install --quiet uv==$(UV_VERSION))

$(VENV)/.installed: requirements.txt | $(BIN)/uv
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.txt
	touch $@

install: $(VENV)/.installed

$(CHROMIUM):
	@echo "Installing Debian's chromium for the browser tests"
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium \
	  || ($(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium)

# GDAL's ogrinfo reads the GeoJSON exports in the tests, as a GIS user's tools would.
OGRINFO := /usr/bin/ogrinfo
$(OGRINFO):
	@echo "Installing Debian's gdal-bin for the GeoJSON tests"
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gdal-bin \
	  || ($(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends gdal-bin)

browser: $(CHROMIUM) $(OGRINFO)

setup: install
	$(BIN)/python manage.py bootstrap

# `make run` serves Veta as production does: gunicorn (gunicorn.conf.py) on loopback, DEBUG
# off, a secret key generated once into .data/secret_key, static files collected, hashed and
# compressed. Plain HTTP on loopback, so no redirect to HTTPS and cookies without the Secure
# flag; behind a TLS proxy see README, "Deploying". Each setting can still be given.
RUN_ENV = DEBUG=$${DEBUG:-false} SECRET_KEY_FILE=$${SECRET_KEY_FILE:-$(CURDIR)/.data/secret_key} \
	SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-false} SECURE_COOKIES=$${SECURE_COOKIES:-false} PORT=$(PORT)

run: setup
	@env $(RUN_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo
	@echo "Veta is starting on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/). Ctrl-C stops it."
	@echo "To create an editor account: $(BIN)/python manage.py createsuperuser"
	@echo
	@exec env $(RUN_ENV) $(BIN)/gunicorn --config gunicorn.conf.py veta.wsgi

# For people changing the code: Django's development server, reloading on every change, DEBUG on
# (its error pages show tracebacks and settings: never expose it beyond this machine).
dev: setup
	DEBUG=$${DEBUG:-true} $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run

test: setup lint browser
	$(PYTEST) $(PYTEST_ARGS)

# The suite alone, on a machine already set up (`make test` is set-up, lint and the suite).
suite: install
	$(PYTEST) $(PYTEST_ARGS)

# Only the tests that depend on the database server and the cache (marker `server`): what
# .ci/run runs a second time against a standalone PostgreSQL and Redis (DATABASE_URL, REDIS_URL).
# No bootstrap first: the tests make their own databases (test_bootstrap bootstraps one).
test-server: install
	$(PYTEST) -m server $(PYTEST_ARGS)

# The benchmark suite (bench/run.py): BENCH_SCALE=0.1 for a tenth of the national scale,
# BENCH_DATABASE_URL for the server and database it fills (never the development one).
BENCH_SCALE ?= 1
bench: setup
	$(BIN)/python bench/run.py --scale $(BENCH_SCALE)

# The reliability tests with larger bounds: a 3-minute soak and 50 schemathesis examples per
# operation with its coverage phase (every boundary value the schema defines).
SOAK_SECONDS ?= 180
SCHEMATHESIS_EXAMPLES ?= 50
soak: setup
	SOAK_SECONDS=$(SOAK_SECONDS) SCHEMATHESIS_EXAMPLES=$(SCHEMATHESIS_EXAMPLES) SCHEMATHESIS_PHASES=examples,coverage,fuzzing \
	  $(BIN)/python -m pytest tests/reliability -p no:cacheprovider

# Backups of the configured database (embedded or DATABASE_URL's), pg_dump custom format.
# `make backup` writes .data/backups/veta-<time>.dump (FILE=... elsewhere); `make restore
# FILE=...` restores one into a fresh database: the configured one when it is empty
# (REPLACE=1 drops it first when it is not), or DATABASE=name for another.
backup: install
	$(BIN)/python manage.py backup_database $(FILE)

restore: install
	@test -n "$(FILE)" || (echo "Name the backup: make restore FILE=.data/backups/veta-....dump" && exit 2)
	$(BIN)/python manage.py restore_database "$(FILE)" $(if $(DATABASE),--database "$(DATABASE)") $(if $(REPLACE),--replace)
