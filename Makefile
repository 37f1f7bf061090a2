# One command per task; CI runs the same ones (.ci/run -> make test).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DATA ?= sample_data

.PHONY: run test bench lint sample clean mutants

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

run: $(VENV)/.installed
	$(PY) -m streamlit run dashboard.py -- --data $(DATA)

test: $(VENV)/.installed
	$(PY) -m pytest

bench: $(VENV)/.installed
	$(PY) -m bench

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m sqlfluff lint queries

# Regenerate the committed simulated town (deterministic for the seed).
sample: $(VENV)/.installed
	rm -rf sample_data.new
	$(PY) -m childplan simulate --out sample_data.new
	rm -rf sample_data && mv sample_data.new sample_data

clean:
	rm -rf $(VENV) tests/artifacts

# Break the product on purpose (tests/mutants.py): every mutation caught?
mutants: $(VENV)/.installed
	$(PY) -m tests.mutants
