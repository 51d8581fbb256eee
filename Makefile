# Svoboda: `make run` to try it, `make test` to check it. See README.md.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SVOBODA := $(BIN)/svoboda
INSTALLED := $(VENV)/.installed
MO_FILES := locale/ru/LC_MESSAGES/django.mo locale/en/LC_MESSAGES/django.mo
# `make run` is development: DEBUG on, SQLite under var/ unless DATABASE_URL says otherwise.
DEV := DEBUG=true

.PHONY: run test lint format audit audit-code audit-packages messages makemessages install clean bench-reports bench-backup \
	bench-search loadtest bench

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	@# PyICU (name matching, matching/) compiles against the system's ICU.
	@pkg-config --exists icu-uc 2>/dev/null || { echo "ICU is missing: on Debian or Ubuntu run" \
		"'apt-get install libicu-dev pkg-config g++' (README.md, Setup)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# compat mode puts the checkout on sys.path, so a new app needs no reinstall.
	$(BIN)/python -m pip install --quiet -e '.[dev]' --config-settings editable_mode=compat
	touch $@

# Compiled catalogues are build output (git-ignored); Babel compiles them without GNU gettext.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(INSTALLED)
	$(BIN)/pybabel compile --domain=django --directory=locale --locale=$* --statistics

messages: $(MO_FILES)

run: install messages
	mkdir -p var
	$(DEV) $(SVOBODA) migrate --noinput
	$(DEV) $(SVOBODA) seed_demo
	@echo
	@echo "  Svoboda is starting (with a background job worker)."
	@echo "    Public site:  http://127.0.0.1:8000/ru/  and  http://127.0.0.1:8000/en/"
	@echo "    Workspace:    http://127.0.0.1:8000/workspace/"
	@echo "    Admin:        http://127.0.0.1:8000/admin/"
	@echo "  Demo logins, all with the password svoboda-demo:"
	@echo "    administrator@demo.svoboda  coordinator@demo.svoboda  caseworker@demo.svoboda"
	@echo "    volunteer@demo.svoboda      editor@demo.svoboda"
	@echo "  Then a code from an authenticator app with the demo key"
	@echo "    ON3G 6YTP MRQS 2ZDF NVXS 2MTG MEWW WZLZ   (or: DEBUG=true $(SVOBODA) demo_code)"
	@echo "  Demo follow-up code for http://127.0.0.1:8000/ru/help/follow-up/ :"
	@echo "    берёза лодка солнце окно чайник комната семя"
	@echo "  Stop with Ctrl-C."
	@echo
	$(DEV) sh -c '$(SVOBODA) db_worker & worker=$$!; \
		trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
		$(SVOBODA) runserver 127.0.0.1:8000'

# The whole suite. DATABASE_URL=postgres://... runs it on PostgreSQL instead of SQLite.
test: install messages
	$(BIN)/pytest $(PYTEST_ARGS)

# The benchmark (bench/README.md): every figure beside its floor, on a fresh PostgreSQL database
# per scale (seeded by `svoboda seed_bench`, measured by `svoboda bench` with production settings,
# then dropped, even on failure), and on SQLite at the smallest scale. Results go to
# bench/results/<date>-<database>.json and the tables to bench/results/<date>.md.
# BENCH_SCALES="10000" BENCH_SQLITE_SCALES="" BENCH_RUN_ARGS="--only lists --repeat 10" narrows it.
BENCH_SCALES ?= 10000 100000 1000000
BENCH_SQLITE_SCALES ?= 10000
BENCH_RUN_ARGS ?=
BENCH_DATE := $(shell date -u +%Y-%m-%d)
BENCH_ALL_DB := svoboda_bench
BENCH_SQLITE := var/bench.sqlite3
BENCH_KEYS := SECRET_KEY=bench-only STATIC_ROOT=var/bench-static \
	FIELD_ENCRYPTION_KEYS=YmVuY2gtb25seS1ub3QtYS1zZWNyZXQtYXQtYWxsLiE= \
	SEARCH_DIGEST_KEY=bench-only-search-digest-key-not-a-secret-at-all
# Recursive (=): PGUSER is set further down, with the other benchmarks.
BENCH_PG_ENV = DATABASE_URL=postgres://$(PGUSER)@127.0.0.1:5432/$(BENCH_ALL_DB) $(BENCH_KEYS)
BENCH_SQLITE_ENV := DATABASE_URL=sqlite:///$(CURDIR)/$(BENCH_SQLITE) $(BENCH_KEYS)

bench: install messages
	mkdir -p var bench/results
	$(BENCH_PG_ENV) $(SVOBODA) collectstatic --noinput -v0
	@status=0; for scale in $(BENCH_SCALES); do \
		$(PSQL_ADMIN) -c "DROP DATABASE IF EXISTS $(BENCH_ALL_DB) WITH (FORCE)" \
			-c "CREATE DATABASE $(BENCH_ALL_DB)" || exit 1; \
		$(BENCH_PG_ENV) $(SVOBODA) migrate --noinput -v0 \
			&& $(BENCH_PG_ENV) $(SVOBODA) bench --force --scale $$scale $(BENCH_RUN_ARGS) \
				--json bench/results/$(BENCH_DATE)-postgresql.json || status=1; \
		$(PSQL_ADMIN) -c "DROP DATABASE $(BENCH_ALL_DB) WITH (FORCE)"; \
	done; \
	for scale in $(BENCH_SQLITE_SCALES); do \
		rm -f $(BENCH_SQLITE); \
		$(BENCH_SQLITE_ENV) $(SVOBODA) migrate --noinput -v0 \
			&& $(BENCH_SQLITE_ENV) $(SVOBODA) bench --force --scale $$scale $(BENCH_RUN_ARGS) \
				--json bench/results/$(BENCH_DATE)-sqlite.json || status=1; \
		rm -f $(BENCH_SQLITE); \
	done; \
	$(BENCH_SQLITE_ENV) $(SVOBODA) bench_table bench/results/$(BENCH_DATE)-*.json \
		> bench/results/$(BENCH_DATE).md && echo "Tables: bench/results/$(BENCH_DATE).md"; \
	exit $$status

# The reports benchmark (README.md, "Performance of the reports"): a fresh PostgreSQL database
# with a million synthetic victim records, measured with production settings (DEBUG off, static
# files collected), then dropped. BENCH_ARGS="--records 100000 --json bench.json" passes options
# to `svoboda bench_reports`.
PGUSER ?= postgres
BENCH_DB := svoboda_bench_reports
PSQL_ADMIN := psql -q -h 127.0.0.1 -p 5432 -U $(PGUSER) -d postgres -v ON_ERROR_STOP=1
BENCH_ENV := DATABASE_URL=postgres://$(PGUSER)@127.0.0.1:5432/$(BENCH_DB) \
	SECRET_KEY=bench-reports-only STATIC_ROOT=var/bench-static \
	FIELD_ENCRYPTION_KEYS=YmVuY2gtcmVwb3J0cy1vbmx5LW5vdC1hLXNlY3JldCE= \
	SEARCH_DIGEST_KEY=bench-reports-only-search-digest-key-not-secret

bench-reports: install messages
	$(PSQL_ADMIN) -c "DROP DATABASE IF EXISTS $(BENCH_DB) WITH (FORCE)"
	$(PSQL_ADMIN) -c "CREATE DATABASE $(BENCH_DB)"
	$(BENCH_ENV) $(SVOBODA) migrate --noinput -v0 \
		&& $(BENCH_ENV) $(SVOBODA) collectstatic --noinput -v0 \
		&& $(BENCH_ENV) $(SVOBODA) bench_reports --force $(BENCH_ARGS); \
		status=$$?; $(PSQL_ADMIN) -c "DROP DATABASE $(BENCH_DB) WITH (FORCE)"; exit $$status

# The backup benchmark (README.md, "Performance of backups"): a fresh PostgreSQL database with
# 10,000 synthetic cases made through the actions, `svoboda backup`, then `svoboda restore` into
# a second, empty database by a separate process with production settings, every row count and
# file compared and the restored audit chain verified; both databases dropped afterwards, even
# on failure. BENCH_BACKUP_ARGS="--cases 1000 --json backup.json" passes options to
# `svoboda bench_backup`.
BENCH_BACKUP_DB ?= svoboda_bench_backup
BENCH_BACKUP_RESTORED_DB ?= svoboda_bench_backup_restored
BENCH_BACKUP_MEDIA := var/bench-backup-media
BENCH_BACKUP_ENV := DATABASE_URL=postgres://$(PGUSER)@127.0.0.1:5432/$(BENCH_BACKUP_DB) \
	SECRET_KEY=bench-backup-only MEDIA_ROOT=$(BENCH_BACKUP_MEDIA) \
	AUDIT_CHAIN_KEY=bench-backup-only-audit-chain-key \
	FIELD_ENCRYPTION_KEYS=YmVuY2gtYmFja3VwLW9ubHktbm90LWEtc2VjcmV0LSE= \
	SEARCH_DIGEST_KEY=bench-backup-only-search-digest-key-not-a-secret

bench-backup: install messages
	rm -rf $(BENCH_BACKUP_MEDIA)
	$(PSQL_ADMIN) -c "DROP DATABASE IF EXISTS $(BENCH_BACKUP_DB) WITH (FORCE)" \
		-c "DROP DATABASE IF EXISTS $(BENCH_BACKUP_RESTORED_DB) WITH (FORCE)"
	$(PSQL_ADMIN) -c "CREATE DATABASE $(BENCH_BACKUP_DB)" -c "CREATE DATABASE $(BENCH_BACKUP_RESTORED_DB)"
	$(BENCH_BACKUP_ENV) $(SVOBODA) migrate --noinput -v0 \
		&& $(BENCH_BACKUP_ENV) $(SVOBODA) bench_backup \
		--restore-into postgres://$(PGUSER)@127.0.0.1:5432/$(BENCH_BACKUP_RESTORED_DB) \
		$(BENCH_BACKUP_ARGS); \
		status=$$?; $(PSQL_ADMIN) -c "DROP DATABASE $(BENCH_BACKUP_DB) WITH (FORCE)" \
		-c "DROP DATABASE $(BENCH_BACKUP_RESTORED_DB) WITH (FORCE)"; \
		rm -rf $(BENCH_BACKUP_MEDIA); exit $$status

# The search benchmark (README.md, "Performance of the search"): a fresh PostgreSQL database with
# a million synthetic people and their name index, searched the way a coordinator of their branch
# searches, with production settings (DEBUG off), then dropped, even on failure.
# BENCH_SEARCH_ARGS="--people 100000 --json search.json" passes options to `svoboda bench_search`.
BENCH_SEARCH_DB ?= svoboda_bench_search
BENCH_SEARCH_ENV := DATABASE_URL=postgres://$(PGUSER)@127.0.0.1:5432/$(BENCH_SEARCH_DB) \
	SECRET_KEY=bench-search-only \
	FIELD_ENCRYPTION_KEYS=YmVuY2gtc2VhcmNoLW9ubHktbm90LWEtc2VjcmV0ISE= \
	SEARCH_DIGEST_KEY=bench-search-only-search-digest-key-not-a-secret

bench-search: install messages
	$(PSQL_ADMIN) -c "DROP DATABASE IF EXISTS $(BENCH_SEARCH_DB) WITH (FORCE)"
	$(PSQL_ADMIN) -c "CREATE DATABASE $(BENCH_SEARCH_DB)"
	$(BENCH_SEARCH_ENV) $(SVOBODA) migrate --noinput -v0 \
		&& $(BENCH_SEARCH_ENV) $(SVOBODA) bench_search --force $(BENCH_SEARCH_ARGS); \
		status=$$?; $(PSQL_ADMIN) -c "DROP DATABASE $(BENCH_SEARCH_DB) WITH (FORCE)"; exit $$status

# The help form's load test (README.md, "Load test"): a fresh PostgreSQL database, gunicorn with
# production settings (DEBUG off, static files collected) on 127.0.0.1, 60 s of submissions and
# page reads, every acknowledged request checked in the database, then the database dropped.
# LOADTEST_ARGS="--duration 20 --rate 10 --json load.json" passes options to `svoboda loadtest`.
LOADTEST_DB ?= svoboda_loadtest
LOADTEST_ENV := DATABASE_URL=postgres://$(PGUSER)@127.0.0.1:5432/$(LOADTEST_DB) \
	SECRET_KEY=loadtest-only STATIC_ROOT=var/loadtest-static \
	FIELD_ENCRYPTION_KEYS=bG9hZC10ZXN0LW9ubHktbm90LWEtc2VjcmV0LWtleSE= \
	SEARCH_DIGEST_KEY=load-test-only-search-digest-key-not-a-secret

loadtest: install messages
	$(PSQL_ADMIN) -c "DROP DATABASE IF EXISTS $(LOADTEST_DB) WITH (FORCE)"
	$(PSQL_ADMIN) -c "CREATE DATABASE $(LOADTEST_DB)"
	$(LOADTEST_ENV) $(SVOBODA) migrate --noinput -v0 \
		&& $(LOADTEST_ENV) $(SVOBODA) collectstatic --noinput -v0 \
		&& $(LOADTEST_ENV) $(SVOBODA) loadtest --force $(LOADTEST_ARGS); \
		status=$$?; $(PSQL_ADMIN) -c "DROP DATABASE $(LOADTEST_DB) WITH (FORCE)"; exit $$status

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Security checks (SECURITY.md): bandit over our own code (settings in pyproject.toml
# [tool.bandit]; a false positive is marked at its line, `# nosec BXXX # why`), then pip-audit
# over every package installed in .venv against PyPI's vulnerability data (PIP_AUDIT_ARGS="-s osv"
# asks OSV instead). --strict: a package that could not be checked fails the audit, so a machine
# that cannot reach the service never passes silently. A vulnerability that does not apply is
# ignored here with --ignore-vuln ID and a comment saying why.
PIP_AUDIT_ARGS ?=
audit: audit-code audit-packages

audit-code: install
	$(BIN)/bandit -c pyproject.toml -r . -q

audit-packages: install
	@$(BIN)/pip-audit --strict --skip-editable --progress-spinner off $(PIP_AUDIT_ARGS) || { \
		echo; \
		echo "pip-audit FAILED: a package above has a known vulnerability, or the vulnerability"; \
		echo "service could not be reached (\"Dependency not found\" or a connection error)."; \
		echo "An environment that was not audited does not pass."; \
		exit 1; }

# Refresh the .po files from the code (needs GNU gettext: apt-get install gettext).
makemessages: install
	$(DEV) $(SVOBODA) makemessages -l ru -l en --no-obsolete --no-location \
		--ignore=.venv --ignore=var --ignore=build

clean:
	rm -rf $(VENV) build *.egg-info $(MO_FILES)
