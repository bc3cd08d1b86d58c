# plplan — `make run` serves the app, `make test` runs every test. Both set themselves up.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app wsgi
PORT ?= 5000
HTMX_VERSION := 4.0.1
HTMX_SRI := sha384-Qp9rdC8H7EqOoX+nR0P3RPG2Noji+qdwJlGpfzwQJsfOpp3sGwIdSP9xO3+UlEhn
HTMX := static/vendor/htmx.min.js

.PHONY: run test test-sqlite test-postgres lint lock migrate demo bench messages clean icons

# The mail deliverer runs beside the server (to the log without SMTP_HOST); Ctrl-C stops both.
run: $(VENV)/.installed $(HTMX) ## set up if needed, migrate, load the demo once, index search, serve
	$(FLASK) db upgrade
	$(FLASK) plplan demo --if-empty
	$(FLASK) plplan reindex
	@echo "plplan: open http://127.0.0.1:$(PORT)/auth/login"
	@$(FLASK) plplan deliver --loop & deliverer=$$!; trap 'kill $$deliverer 2>/dev/null' EXIT; \
	  PLPLAN_DEMO=true $(FLASK) run --host 127.0.0.1 --port $(PORT)

test: $(VENV)/.installed $(HTMX) ## the whole suite on SQLite, then on PostgreSQL when configured
	$(PY) -m pytest
	@if [ -n "$$PLPLAN_TEST_DATABASE_URL" ]; then \
	  echo "== again on PostgreSQL"; \
	  $(PY) -m pytest --database-url "$$PLPLAN_TEST_DATABASE_URL"; \
	elif [ "$$CI" = "true" ]; then \
	  echo "CI: PLPLAN_TEST_DATABASE_URL is not set" >&2; exit 1; \
	fi

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check plplan tests bench hatch_build.py
	$(VENV)/bin/ruff format --check plplan tests bench hatch_build.py

migrate: $(VENV)/.installed
	$(FLASK) db upgrade

# The large dataset is built once into instance/bench.sqlite; BENCH="--sizes 40 --no-wrk" narrows a run.
bench: $(VENV)/.installed $(HTMX)
	$(PY) bench/run.py $(BENCH)

# Every dependency, runtime and test, exactly as pinned (with hashes) in requirements.lock;
# then plplan itself, from the checkout, without touching the pins. The pip a venv starts with
# (23.2) fails hash mode on an extra (weasyprint's fonttools[woff]) once a newer release exists.
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet pip==26.3
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# Re-pin after changing pyproject.toml; `make lock UPGRADE=--upgrade` (or
# UPGRADE="--upgrade-package flask") moves pins forward instead of keeping them.
lock: $(VENV)/.installed
	$(PY) -m uv pip compile --quiet --no-config --universal --python-version 3.11 \
	  --generate-hashes --extra test $(UPGRADE) -o requirements.lock pyproject.toml

# Every marked string (gettext/ngettext, {% trans %}) into the template a translation starts from.
messages: $(VENV)/.installed
	$(VENV)/bin/pybabel -q extract -F babel.cfg -o messages.pot .

# The local fallback copy of htmx, fetched from the npm registry and checked against the SRI hash.
$(HTMX):
	@mkdir -p static/vendor
	@tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent htmx.org@$(HTMX_VERSION) >/dev/null \
	  && tar -xzf htmx.org-$(HTMX_VERSION).tgz && cd - >/dev/null \
	  && cp $$tmp/package/dist/htmx.min.js $@ && rm -rf $$tmp
	@got="sha384-$$(openssl dgst -sha384 -binary $@ | openssl base64 -A)"; \
	  if [ "$$got" != "$(HTMX_SRI)" ]; then rm -f $@; echo "htmx SRI mismatch: $$got" >&2; exit 1; fi

# The icon sprite (committed): the icons the templates use, from the pinned lucide-static.
LUCIDE_VERSION := 1.62.0
ICONS := bell chevron-down compass download file-text grid-3x3 house log-out menu message-square plus \
  sprout trending-up user-plus users
icons:
	@tmp=$$(mktemp -d) && cd $$tmp && npm pack --silent lucide-static@$(LUCIDE_VERSION) >/dev/null \
	  && tar -xzf lucide-static-$(LUCIDE_VERSION).tgz && cd - >/dev/null \
	  && python3 scripts/icon_sprite.py $$tmp/package/icons static/icons/sprite.svg $(ICONS) \
	  && cp $$tmp/package/LICENSE static/icons/LICENSE && rm -rf $$tmp

clean:
	rm -rf $(VENV) static/vendor .pytest_cache
