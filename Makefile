# Two commands for a fresh machine: `make run` and `make test`.
# Both create .venv from the pinned requirements on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# make test's worker processes (pytest-xdist; tests/conftest.py, "Workers"); 0 runs in one process.
TEST_WORKERS ?= 2

.PHONY: run test lint format messages compilemessages bench drills install clean lock

$(VENV)/.installed: requirements/base.txt requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements/dev.txt
	touch $@

install: $(VENV)/.installed

compilemessages: install
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(PY) manage.py compilemessages --ignore='.venv' --ignore='var' >/dev/null

## make run: the embedded default (SQLite, database search, eager Celery, demo data)
run: compilemessages
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(PY) manage.py migrate --no-input
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(PY) manage.py load_demo
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(PY) manage.py runserver $(HOST):$(PORT)

## make test: lint, migrations check, translations check and the whole pytest suite (with an
## Elasticsearch-API server: the one on 127.0.0.1:9200, else noida-db started for the run): in
## TEST_WORKERS processes, then the fast outage drills alone (their processes load the machine).
## The suite's run ends with its 25 slowest tests (--durations) and its 25 slowest files (from its
## JUnit report, var/test-results/suite.xml: tests/time_by_file.py), to see where its time goes.
test: lint compilemessages
	bash tests/e2e/ensure_browser.sh
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(PY) manage.py makemigrations --check --dry-run
	bash tests/with_search_engine.sh $(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder \
	  --durations=25 --junitxml=var/test-results/suite.xml --ignore=tests/drills $(PYTEST_ARGS)
	$(PY) tests/time_by_file.py var/test-results/suite.xml
	bash tests/with_search_engine.sh $(PY) -m pytest -p no:cacheprovider tests/drills

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

## make messages: refresh locale/*/LC_MESSAGES/django.po from the source
messages: install
	DJANGO_SETTINGS_MODULE=portal.settings.dev $(PY) manage.py sync_translations

## make bench: gunicorn on PostgreSQL, page cost as a ratio to a bare Django view
bench: compilemessages
	$(PY) bench/run.py $(BENCH_ARGS)

## make drills: every outage drill (tests/drills/), the slow ones too; `make test` runs the fast ones.
## Each prints one line of figures, kept in var/drills/latest.json (README, "Drills").
drills: compilemessages
	PORTAL_DRILLS=all $(PY) -m pytest -m drill tests/drills -p no:cacheprovider $(PYTEST_ARGS)

lock:
	$(PYTHON) -m venv /tmp/lockvenv && /tmp/lockvenv/bin/pip install -q -r requirements/base.in && \
	  /tmp/lockvenv/bin/pip freeze > requirements/base.txt

clean:
	rm -rf $(VENV) var db.sqlite3

## make audit: static checks and API fuzzing. bandit over the deployed packages must report
## nothing beyond the reviewed .bandit-baseline.json (no high finding is accepted; each entry
## says why it is fine); pip-audit checks the pinned requirements when an advisory service
## answers, else prints why it skipped; schemathesis against /api/v1/openapi.json (0 server
## errors, every answer documented) and check --deploy under production settings.
BANDIT_TARGETS := portal catalog cases search competition incubator manage.py
.PHONY: audit
audit: install
	$(VENV)/bin/bandit -q -r $(BANDIT_TARGETS) -x '*/migrations/*' -b .bandit-baseline.json
	$(PY) requirements/audit.py
	$(PY) -m pytest -q -p no:cacheprovider tests/portal/test_static_checks.py tests/portal/test_api_schemathesis.py \
	  tests/portal/test_security.py::test_production_settings_pass_check_deploy_with_zero_warnings
