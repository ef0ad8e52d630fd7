# The single entry points used by README.md, .ci/run, the Dockerfile and docker-compose.yml.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests spread over the cores; set WORKERS=0 to run in one process.
WORKERS ?= auto

.PHONY: help install migrate messages extract-messages check-translations static demo run serve test test-browser test-fault \
	lint security-lint typecheck check-deploy lock clean bench-search bench-realtime test-fuzz-quick fuzz \
	test-soak-quick soak

help:
	@echo "make run    set everything up and serve on http://$(HOST):$(PORT)"
	@echo "make test   run the whole test suite"
	@echo "make test-fault   the fault test: Redis and daphne restarts under load"
	@echo "make test-soak-quick   the reliability soak for CI: $(SOAK_QUICK_SECONDS) s of mixed load with restarts (DATABASE_URL: PostgreSQL)"
	@echo "make soak   the long soak: SOAK_SECONDS=$(SOAK_SECONDS) of browsing, posting and messaging with restarts"
	@echo "make test-fuzz-quick / make fuzz   API fuzzing, bounded / long"

# The virtualenv is rebuilt whenever the lock file changes.
$(BIN)/.installed: requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	@touch $@

install: $(BIN)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

# Translations are compiled with Babel, so no system gettext is needed.
messages: install
	$(BIN)/pybabel compile --domain django --directory locale --statistics

# Needs GNU gettext (xgettext): for developers and CI, not for make run.
MAKEMESSAGES := $(BIN)/python manage.py makemessages --locale es --no-obsolete \
	--ignore ".venv/*" --ignore "staticfiles/*" --ignore "tests/*" --ignore "bench/*" --add-location file

extract-messages: install
	$(MAKEMESSAGES)

# Fails when a string in the code or templates has no Spanish translation.
check-translations: extract-messages
	$(BIN)/python -m config.translations check

static: install messages
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

demo: migrate
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py load_demo_networks
	$(BIN)/python manage.py load_demo_forums
	$(BIN)/python manage.py load_demo_toolbox
	$(BIN)/python manage.py load_demo_library
	$(BIN)/python manage.py load_demo_messaging
	$(BIN)/python manage.py search_reindex

# Search timings on PostgreSQL (DATABASE_URL): builds and drops its own minga_bench database.
bench-search: install
	$(BIN)/python bench/search.py

# Real-time figures of one daphne beside a bare Channels consumer (bench/realtime.py; about 10 minutes).
# BENCH_ARGS picks figures and options, e.g. BENCH_ARGS="rate --runs 2"; DATABASE_URL: PostgreSQL.
bench-realtime: install
	$(BIN)/python bench/realtime.py $(BENCH_ARGS)

# Local run: embedded SQLite, in-memory channel layer, DEBUG on (files under media/ are served).
run: messages static demo
	@echo "Demo logins (password minga-demo-2026):"
	@$(BIN)/python manage.py load_demo --logins 2>/dev/null
	DEBUG=$${DEBUG:-1} $(BIN)/daphne -b $(HOST) -p $(PORT) config.asgi:application

# Production serving (docker-compose.yml): settings come from the environment only.
serve:
	$(BIN)/daphne -b $(HOST) -p $(PORT) --proxy-headers config.asgi:application

test: messages
	$(BIN)/python -m pytest -n $(WORKERS) -m "not browser and not fault and not fuzz and not soak" $(PYTEST_ARGS)

# Kills and restarts Redis and a daphne under load (tests/messaging/test_fault.py): a few minutes, one
# process. pytest exits 5 when no test is collected, which fails the target like any failure.
test-fault: messages
	$(BIN)/python -m pytest -m fault -s $(PYTEST_ARGS)


# Schemathesis against a real daphne (tests/test_api_fuzz.py): FUZZ_EXAMPLES generated requests per
# operation and mode. The quick run is CI's; `make fuzz` is the long one (FUZZ_RANDOM=1 for a
# new random draw each run instead of the fixed one).
FUZZ_QUICK_EXAMPLES ?= 5
FUZZ_EXAMPLES ?= 200
test-fuzz-quick: messages
	FUZZ_EXAMPLES=$(FUZZ_QUICK_EXAMPLES) $(BIN)/python -m pytest -n 2 -m fuzz $(PYTEST_ARGS)

fuzz: messages
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -n 2 -m fuzz $(PYTEST_ARGS)

# Mixed load (browsing, forum replies, messages) on two daphnes, PostgreSQL and a private Redis, with
# Redis and one daphne killed and restarted (tests/test_soak.py). Needs DATABASE_URL (PostgreSQL); the
# test skips without it and MINGA_NO_SKIPS=1 turns that skip into a failure of the target.
SOAK_QUICK_SECONDS ?= 120
SOAK_SECONDS ?= 600
test-soak-quick: messages
	MINGA_NO_SKIPS=1 SOAK_SECONDS=$(SOAK_QUICK_SECONDS) $(BIN)/python -m pytest -m soak -s $(PYTEST_ARGS)

soak: messages
	MINGA_NO_SKIPS=1 SOAK_SECONDS=$(SOAK_SECONDS) $(BIN)/python -m pytest -m soak -s $(PYTEST_ARGS)

test-browser: messages
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# bandit: no medium or high finding in the application code; each accepted one carries
# `# nosec B<id>` and its reason on its line (docs/security.md).
security-lint: install
	$(BIN)/bandit -r community forums networks messaging config -ll -q

typecheck: install
	$(BIN)/mypy .

check-deploy: install
	$(BIN)/python manage.py check --deploy --fail-level WARNING

lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 --no-header -o requirements.lock

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache
