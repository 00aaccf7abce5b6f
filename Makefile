# 月老 Yuelao — `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8080
WORKERS ?= 2
export FLASK_APP := wsgi
export PYTHONPATH := $(CURDIR)

.PHONY: run test venv deps dev-deps translations migrate-check lint browser-test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.deps: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-deps: requirements-dev.txt requirements.txt $(VENV)/.deps
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

venv deps: $(VENV)/.deps
dev-deps: $(VENV)/.dev-deps

# Compiled catalogs are build output (.mo files are not committed): the core's, then each
# module's own app/<module>/translations.
translations: $(VENV)/.deps
	@for d in app/translations app/*/translations; do \
	  if [ -d "$$d" ]; then $(BIN)/pybabel compile -f -d "$$d" >/dev/null || exit 1; fi; \
	done

run: translations
	$(BIN)/flask --app wsgi db upgrade
	$(BIN)/flask --app wsgi roles sync
	$(BIN)/flask --app wsgi seed demo
	@echo ""
	@echo "  月老 Yuelao is at http://$(HOST):$(PORT)/"
	@echo "  Demo accounts (password: $${DEMO_PASSWORD:-Yuelao@2026}):"
	@$(BIN)/flask --app wsgi seed accounts
	@echo ""
	$(BIN)/gunicorn -c gunicorn.conf.py -w $(WORKERS) -b $(HOST):$(PORT) wsgi:app

# The whole suite on SQLite, then again on PostgreSQL when TEST_DATABASE_URL is set.
test: dev-deps translations
	$(BIN)/ruff check app seeds tests bench wsgi.py config.py gunicorn.conf.py
	TEST_DATABASE_URL= $(BIN)/pytest -q -p no:cacheprovider tests
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "== again on $$TEST_DATABASE_URL"; \
	  $(BIN)/pytest -q -p no:cacheprovider tests; \
	fi

browser-test: dev-deps translations
	TEST_DATABASE_URL= $(BIN)/pytest -q -p no:cacheprovider tests/browser

# Over HTTP at 10^6 clients, Yuelao beside a plain FAB app (bench/RESULTS_http.md; needs wrk
# and PostgreSQL; seeds the clients the first time, about a minute).
BENCH_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/bench
CLIENTS ?= 1000000
bench: dev-deps translations
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m bench.http_bench \
	  --clients $(CLIENTS) --seconds 8 --one-connection

lint: dev-deps
	$(BIN)/ruff check app seeds tests bench wsgi.py config.py gunicorn.conf.py

clean:
	rm -rf $(VENV) instance/yuelao.db
