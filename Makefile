# Two commands matter: `make run` (set up everything and serve the demo site) and
# `make test` (the whole suite). `make help` lists the rest.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PLAYER := static/h5p-player/NOTICE
SCORM_RUNTIME := static/scorm-again/NOTICE
# Ralph, the LRS the xAPI tests send to (and `make lrs` serves), in a venv of its own.
RALPH_VENV := .venv-ralph
RALPH_STAMP := $(RALPH_VENV)/.installed
HOST ?= 127.0.0.1:8000
# Test processes in parallel (pytest-xdist); each file runs whole in one of them.
TEST_WORKERS ?= auto
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

.DEFAULT_GOAL := help
.PHONY: help run test serve messages bench bench-inprocess bench-pages bench-quiz bench-certificates bench-coordination bench-library format worker beat clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

# The H5P player, copied from node_modules with its licence notices.
$(PLAYER): $(NODE_STAMP) scripts/copy-h5p-player.sh
	bash scripts/copy-h5p-player.sh

# The SCORM runtime (scorm-again), copied from node_modules with its licence.
$(SCORM_RUNTIME): $(NODE_STAMP) scripts/copy-scorm-runtime.sh
	bash scripts/copy-scorm-runtime.sh

# --ignore-scripts: no package runs code at install (h5p-standalone's preinstall would).
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --silent --ignore-scripts
	touch $@

# Ralph's FastAPI, pydantic and the rest stay out of the project's virtualenv.
$(RALPH_STAMP): tests/xapi/ralph-requirements.txt
	$(PYTHON) -m venv $(RALPH_VENV)
	$(RALPH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(RALPH_VENV)/bin/python -m pip install --quiet -r tests/xapi/ralph-requirements.txt
	touch $@

LRS_PORT ?= 8100
LRS_DATA := $(RALPH_VENV)/lrs
LRS_RALPH_ENV := RALPH_RUNSERVER_BACKEND=fs RALPH_AUTH_FILE=$(LRS_DATA)/auth.json \
	RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH=$(LRS_DATA)
.PHONY: lrs
lrs: $(RALPH_STAMP) ## Serve a local LRS (Ralph) on http://127.0.0.1:8100 to try the learning records
	@mkdir -p $(LRS_DATA)
	@test -s $(LRS_DATA)/auth.json || $(LRS_RALPH_ENV) $(RALPH_VENV)/bin/ralph auth \
		-u lms -p lms-demo -s all -A lms http://127.0.0.1:$(LRS_PORT) -w 2>/dev/null
	@echo "Set these where the site and the Celery worker run:"
	@echo "  export LRS_ENDPOINT=http://127.0.0.1:$(LRS_PORT)/xAPI/ LRS_USERNAME=lms LRS_PASSWORD=lms-demo"
	@echo "Without a broker, send with: $(PY) manage.py send_statements"
	@echo "Read them: curl -u lms:lms-demo http://127.0.0.1:$(LRS_PORT)/xAPI/statements"
	$(LRS_RALPH_ENV) $(RALPH_VENV)/bin/uvicorn --app-dir tests/xapi ralph_lrs:app \
		--host 127.0.0.1 --port $(LRS_PORT)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check -o $@ $<

run: $(STAMP) $(PLAYER) $(SCORM_RUNTIME) $(MO_FILES) ## Set up from a fresh clone and serve the demo site on http://127.0.0.1:8000
	$(PY) manage.py generate_badge_key --if-missing
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Serving on http://$(HOST)/  (Wagtail admin: http://$(HOST)/admin/)"
	$(PY) manage.py runserver $(HOST)

test: $(STAMP) $(RALPH_STAMP) $(NODE_STAMP) $(PLAYER) $(SCORM_RUNTIME) $(MO_FILES) ## Run the whole suite (lint, migrations check, pytest)
	$(PY) -m ruff check .
	$(PY) manage.py makemigrations --check --dry-run --settings=lms.settings.test
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --durations=20

serve: $(STAMP) $(PLAYER) $(SCORM_RUNTIME) $(MO_FILES) ## Serve without reloading the demo content
	$(PY) manage.py generate_badge_key --if-missing
	$(PY) manage.py runserver $(HOST)

messages: $(STAMP) ## Update the Dutch and French catalogues from the code
	$(PY) manage.py makemessages -l nl -l fr --no-obsolete --no-location \
		--ignore=.venv --ignore=node_modules --ignore=tests --ignore=benchmarks

bench: $(STAMP) $(MO_FILES) ## Every benchmark against gunicorn, PostgreSQL, Redis and Celery: one table, JSON in benchmarks/results/
	$(PY) benchmarks/run_all.py

bench-inprocess: $(STAMP) $(MO_FILES) ## The learner's and trainer's pages in-process against a hello-world view
	$(PY) benchmarks/learning_pages.py

bench-pages: $(STAMP) $(MO_FILES) ## Learner pages' throughput on gunicorn + PostgreSQL + Redis against hello-world
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lms} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/1} $(PY) benchmarks/learner_pages.py

bench-quiz: $(STAMP) $(MO_FILES) ## 50 learners hand in a test at once (gunicorn + PostgreSQL)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lms} $(PY) benchmarks/quiz_submit.py

bench-certificates: $(STAMP) $(MO_FILES) ## One worker renders a backlog of 1,000 certificates
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lms} \
	CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} \
	$(PY) benchmarks/certificates_render.py

bench-coordination: $(STAMP) $(MO_FILES) ## Progress view and exports of 2,000 members against hello-world
	$(PY) benchmarks/coordination_progress.py

bench-library: $(STAMP) $(MO_FILES) ## Databank list and search of 10,000 items on gunicorn against hello-world
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/lms} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/1} $(PY) benchmarks/library_search.py

worker: $(STAMP) ## Run a Celery worker (needs CELERY_BROKER_URL)
	$(VENV)/bin/celery -A lms worker --loglevel=info

beat: $(STAMP) ## Run celery beat: overdue attempts, pending certificates and credentials, reminders, learning records
	$(VENV)/bin/celery -A lms beat --loglevel=info

format: $(STAMP) ## Format and fix the code with ruff
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean: ## Remove the virtualenv, node_modules, the SQLite database and media
	rm -rf $(VENV) $(RALPH_VENV) node_modules db.sqlite3 media staticfiles static/h5p-player static/scorm-again
