# Passerelle: `make run` serves the site with demo data, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000

.PHONY: install run serve test bench clean

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

run: install
	$(FLASK) db upgrade
	$(FLASK) demo load
	$(FLASK) search reindex
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install
	$(BIN)/bandit --quiet --recursive app --severity-level high
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) instance .pytest_cache
