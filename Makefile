# Passerelle: `make run` serves the site with demo data, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000
# Mail links and other absolute URLs of `make run` follow PORT; a PUBLIC_URL set in the environment wins.
PUBLIC_URL ?= http://127.0.0.1:$(PORT)
# The browser journeys' axe-core and the HTML checker's vnu.jar (tests/browser); installed by `make test` when npm is
# there (--ignore-scripts: vnu-jar's own script would download a Java runtime; Debian's default-jre-headless runs it).
BROWSER_DEPS := tests/browser/node_modules/.package-lock.json

BENCH_LISTINGS ?= 100000

.PHONY: install run serve test browser-deps bench bench-distinct bench-search bench-load clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-smic.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -r requirements-smic.txt
	touch $@

run: export PUBLIC_URL := $(PUBLIC_URL)
run: install
	$(FLASK) db upgrade
	$(FLASK) demo load
	$(FLASK) search reindex
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install browser-deps
	$(BIN)/bandit --quiet --recursive app --severity-level high
	$(BIN)/isort --check-only --quiet app tests bench config.py wsgi.py
	$(BIN)/python -m pytest -q

# npm ci only when package-lock.json changed; without npm the journeys skip and say what is missing.
browser-deps:
	@if [ ! $(BROWSER_DEPS) -nt tests/browser/package-lock.json ]; then \
		if command -v npm >/dev/null; then npm ci --prefix tests/browser --no-audit --no-fund --silent --ignore-scripts; \
		else echo "npm absent : les parcours dans le navigateur seront sautés (voir README, « Tests »)"; fi; fi

# Production-like local serving: gunicorn with deploy/gunicorn.conf.py (PASSERELLE_ENV, SECRET_KEY... from the env).
serve: install
	$(FLASK) db upgrade
	$(FLASK) search sync
	$(BIN)/gunicorn -c deploy/gunicorn.conf.py --bind 127.0.0.1:$(PORT) wsgi:app

# Benchmarks (bench/): distinct queries then load at BENCH_LISTINGS listings; `make bench BENCH_LISTINGS=2000
# BENCH_QUERIES=400` takes a couple of minutes. bench-search is the old replayed (warm cache) benchmark.
BENCH_QUERIES ?= 1200
bench: bench-distinct bench-load

bench-distinct: install
	BENCH_LISTINGS=$(BENCH_LISTINGS) BENCH_QUERIES=$(BENCH_QUERIES) $(BIN)/python -m bench.distinct

bench-search: install
	BENCH_LISTINGS=$(BENCH_LISTINGS) $(BIN)/python -m bench.search

bench-load: install
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
		echo "wrk absent : bench/load.py utilise son client Python de repli"
	BENCH_LISTINGS=$(BENCH_LISTINGS) $(BIN)/python -m bench.load --skip-reindex

clean:
	rm -rf $(VENV) instance .pytest_cache
