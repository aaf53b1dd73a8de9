# Every target sets up its own virtual environment first, so each works on a
# fresh clone with nothing but Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: bench site test serve check clean schemas golden parity

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/briefing build

check: $(STAMP)
	$(BIN)/briefing check

test: $(STAMP)
	$(BIN)/python -m pytest

serve: $(STAMP)
	$(BIN)/briefing serve

# Rewrite the golden rendered pages in tests/golden/ after an intended change
# to templates or rendering (read the diff, commit it); see README, Tests.
golden: $(STAMP)
	$(BIN)/python -m pytest -q tests/test_golden_pages.py --update-golden

# Build the site with ProperDocs and with MkDocs in fresh environments and compare.
parity:
	bash .ci/properdocs-parity.sh

# Regenerate the editors' JSON Schemas from builder/model.py (commit the result).
schemas: $(STAMP)
	$(BIN)/briefing schema

# Build synthetic briefings of 100 and 1000 sources and print one JSON line of
# figures each (SIZES="50 2000" for others); see README, Performance.
SIZES ?= 100 1000
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --sizes $(SIZES)

clean:
	rm -rf site .site-* $(VENV) *.egg-info
