# Tablée: the two commands of the README.
#   make demo   set up, load the demo territory and serve http://127.0.0.1:8000 (SQLite)
#   make test   set up and run the whole test suite
PY ?= python3
VENV ?= .venv
HOST ?= 127.0.0.1:8000

.PHONY: setup demo test lint messages

setup:
	PY=$(PY) VENV=$(VENV) sh scripts/setup.sh

demo: setup
	$(VENV)/bin/python manage.py migrate --noinput
	$(VENV)/bin/python manage.py seed_demo
	TABLEE_SITE_URL=http://$(HOST) $(VENV)/bin/python manage.py runserver $(HOST)

# The suite runs on every core (one test database per worker); PYTEST_ARGS=-n0 runs it in one process.
test: setup
	$(VENV)/bin/python -m pytest -n auto $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

messages: setup
	$(VENV)/bin/python manage.py makemessages -l fr --no-obsolete --ignore=.venv --ignore=tests --ignore=bench
