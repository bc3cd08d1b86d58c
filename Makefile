# plplan — `make run` serves the app, `make test` runs every test. Both set themselves up.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= 5000
HTMX_VERSION := 4.0.1
HTMX_SRI := sha384-Qp9rdC8H7EqOoX+nR0P3RPG2Noji+qdwJlGpfzwQJsfOpp3sGwIdSP9xO3+UlEhn
HTMX := static/vendor/htmx.min.js

.PHONY: run test test-sqlite test-postgres lint migrate demo bench clean

run: $(VENV)/.installed $(HTMX) ## set up if needed, migrate, load the demo once, serve
	$(FLASK) db upgrade
	$(FLASK) plplan demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: $(VENV)/.installed-test $(HTMX) ## the whole suite on SQLite, then on PostgreSQL when configured
	$(PY) -m pytest
	@if [ -n "$$PLPLAN_TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL"; \
	  $(PY) -m pytest --database-url "$$PLPLAN_TEST_DATABASE_URL"; \
	elif [ "$$CI" = "true" ]; then \
	  echo "CI: PLPLAN_TEST_DATABASE_URL is not set" >&2; exit 1; \
	fi

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check plplan tests bench
	$(VENV)/bin/ruff format --check plplan tests bench

migrate: $(VENV)/.installed
	$(FLASK) db upgrade

bench: $(VENV)/.installed-test $(HTMX)
	for script in bench/*.py; do $(PY) $$script; done

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

# The local fallback copy of htmx, fetched from the npm registry and checked against the SRI hash.
$(HTMX):
	@mkdir -p static/vendor
	@tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent htmx.org@$(HTMX_VERSION) >/dev/null \
	  && tar -xzf htmx.org-$(HTMX_VERSION).tgz && cd - >/dev/null \
	  && cp $$tmp/package/dist/htmx.min.js $@ && rm -rf $$tmp
	@got="sha384-$$(openssl dgst -sha384 -binary $@ | openssl base64 -A)"; \
	  if [ "$$got" != "$(HTMX_SRI)" ]; then rm -f $@; echo "htmx SRI mismatch: $$got" >&2; exit 1; fi

clean:
	rm -rf $(VENV) static/vendor .pytest_cache
