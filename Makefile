# Two commands matter: `make run` and `make test`. Everything else is for developers and CI.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app wsgi
STAMP  := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: run test test-browser lint audit audit-offline cluster soak soak-ci bench bench-catalogue bench-import bench-ledger bench-matching bench-dashboards bench-web translations venv clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3 setuptools==84.2.1
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

run: venv
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) run --host 127.0.0.1 --port 5000

test: venv
	$(BIN)/pytest -q

test-browser: venv
	$(BIN)/pytest -q -m browser

# Bandit: a security finding of medium or high severity fails the build; a `# nosec Bxxx` has its reason beside it.
lint: venv
	$(BIN)/ruff check .
	$(BIN)/bandit -q -r marketplace -ll

# pip-audit over every installed distribution, pinned as installed (the project itself, editable, aside);
# --strict fails when one cannot be checked. `audit` asks PyPI's advisory service; `audit-offline` asks a
# copy of the PyPA advisory database kept in .ci/advisories.json (.ci/offline_audit.py), for machines
# without a route to it (.ci/run falls back to it when PyPI cannot be reached).
AUDIT_ARGS := --strict --no-deps --disable-pip -r $(VENV)/frozen-requirements.txt
audit: venv
	$(BIN)/python -m pip freeze --all --exclude-editable > $(VENV)/frozen-requirements.txt
	$(BIN)/pip-audit $(AUDIT_ARGS)

audit-offline: venv
	$(BIN)/python -m pip freeze --all --exclude-editable > $(VENV)/frozen-requirements.txt
	$(BIN)/python .ci/offline_audit.py audit $(AUDIT_ARGS)

translations: venv
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o marketplace/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i marketplace/translations/messages.pot -d marketplace/translations --no-fuzzy-matching
	$(BIN)/pybabel compile -d marketplace/translations

# Two gunicorn instances of two workers on one PostgreSQL and one Redis (bench/cluster.py); Ctrl-C stops them.
cluster: venv
	$(BIN)/python -m bench.cluster

# The soak (bench/soak.py): a ramp to the maximum, 10 minutes at about 70 % of it with a worker killed,
# PostgreSQL restarted and Redis stopped, then the ledger and the rows; bench/results/soak.json.
soak: venv
	$(BIN)/python -m bench.soak

# Its 60-second version, for CI.
soak-ci: venv
	$(BIN)/python -m bench.soak --duration 60 --ramp 20 --ramp-users 60 --own-postgres --out test-artifacts/soak-ci.json

# Every benchmark runs, whichever misses a bar; the run fails at the end if one missed a bar or failed.
BENCHES := bench-catalogue bench-import bench-ledger bench-matching bench-dashboards bench-web
bench: venv
	@status=0; for target in $(BENCHES); do \
	  started=$$(date +%s); \
	  $(MAKE) --no-print-directory $$target || { echo "$$target: a bar was missed, or it failed (see above)"; status=1; }; \
	  echo "$$target took $$(( $$(date +%s) - started )) s"; \
	done; exit $$status

# The PostgreSQL database the benchmarks that run on both databases use (created when missing; dropped
# and rebuilt by each run).
BENCH_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/bench

# The benchmarks measured on both databases run on PostgreSQL even when SQLite missed a bar.
bench-catalogue: venv
	@status=0; $(BIN)/python -m bench.catalogue || status=1; \
	  $(BIN)/python -m bench.catalogue --database-url $(BENCH_DATABASE_URL) || status=1; exit $$status

bench-import: venv
	$(BIN)/python -m bench.importing

bench-ledger: venv
	@status=0; $(BIN)/python -m bench.ledger || status=1; \
	  $(BIN)/python -m bench.ledger --database-url $(BENCH_DATABASE_URL) || status=1; exit $$status

bench-matching: venv
	$(BIN)/python -m bench.matching

bench-dashboards: venv
	$(BIN)/python -m bench.dashboards

# The pages served by gunicorn against a bare route, at 10,000, 100,000 and 1,000,000 patents, on PostgreSQL.
bench-web: venv
	$(BIN)/python -m bench.web --database-url $(BENCH_DATABASE_URL)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
