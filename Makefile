# Every target sets up its own virtual environment first, so each works on a
# fresh clone with nothing but Python 3.11+.
# `make site` installs only what building needs; `make test` adds the test tools.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SITE_STAMP := $(VENV)/.installed-site
TEST_STAMP := $(VENV)/.installed-test
export NO_MKDOCS_2_WARNING := 1

.PHONY: bench site test test-fast lint serve check clean schemas diff golden parity mutate contracts lighthouse messages

$(SITE_STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(SITE_STAMP)

$(TEST_STAMP): $(SITE_STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

site: $(SITE_STAMP)
	$(BIN)/briefing build

check: $(SITE_STAMP)
	$(BIN)/briefing check

# Lint first (ruff, the layers' import contracts), then every test, browsers included.
test: lint
	$(BIN)/python -m pytest

# The in-process tests (no whole-site build, browser or child process): under a minute on two cores.
test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -m "not slow"

# ruff (pyflakes, bugbear, pyupgrade, complexity 12), mypy (strict on model, sources and checks) and
# import-linter (the pipeline's layers); all configured in pyproject.toml.
lint: $(TEST_STAMP)
	$(BIN)/ruff check builder tests benchmarks tools
	$(BIN)/mypy
	$(BIN)/lint-imports

serve: $(SITE_STAMP)
	$(BIN)/briefing serve

# What changed in the briefing since a git revision (REF, default HEAD), as Markdown; CI writes it
# to a pull request's job summary (make --silent diff REF=origin/main).
REF ?= HEAD
diff: $(SITE_STAMP)
	$(BIN)/briefing diff "$(REF)"

# Lighthouse's scores (mobile) of the built site's home page, a theme, a source and /changes/, served compressed
# from 127.0.0.1 as a static host serves it; written to tools/lighthouse/scores.json with what cost points.
# Needs Node 20 and Chromium; Lighthouse is pinned in tools/lighthouse/package-lock.json. Not part of
# `make test`: three runs a page (the median kept) take about three minutes, and the scores move from run to run.
LIGHTHOUSE := tools/lighthouse/node_modules/.package-lock.json
$(LIGHTHOUSE): tools/lighthouse/package-lock.json
	cd tools/lighthouse && npm ci --no-audit --no-fund
lighthouse: $(SITE_STAMP) $(LIGHTHOUSE)
	$(BIN)/briefing build
	$(BIN)/python tools/lighthouse/run.py --site site --runs 3

# Rewrite the golden rendered pages in tests/golden/ after an intended change
# to templates or rendering (read the diff, commit it); see README, Tests.
golden: $(TEST_STAMP)
	$(BIN)/python -m pytest -q tests/test_golden_pages.py --update-golden

# Mutation testing of the rule modules with the fast in-process tests (not part of `make test`;
# an hour and a half or more on two cores; run it before a release of the generator): see README, Tests.
# MUTATE_NAMES picks mutants by name, e.g. make mutate MUTATE_NAMES='builder.checks.rules.*'.
MUTANT_STAMP := $(VENV)/.installed-mutation
MUTATE_NAMES ?= builder.checks.rules.* builder.model.load.* builder.model.yamlfile.* builder.sources.quotes.* builder.sources.lock.* \
	builder.sources.archive.* builder.model.citations.* builder.checks.links.* builder.model.xref.* builder.checks.sourcing.* \
	builder.sources.shared_text.* builder.model.dates.* \
	builder.pages.references.* builder.pages.dependencies.* builder.publish.incremental.* \
	builder.releases.changes.* builder.releases.prose.*
MUTATE_CHILDREN ?= 2
$(MUTANT_STAMP): $(TEST_STAMP)
	$(BIN)/pip install --quiet -e '.[test,mutation]'
	touch $(MUTANT_STAMP)

mutate: $(MUTANT_STAMP)
	rm -f mutants/mutmut-stats.json  # which tests reach which function: worked out anew, as tests change
	$(BIN)/mutmut run --max-children $(MUTATE_CHILDREN) $(foreach n,$(MUTATE_NAMES),'$(n)') >mutmut-run.log 2>&1 || { tail -20 mutmut-run.log; false; }
	$(BIN)/python tools/mutation_score.py

# Build the site with ProperDocs and with MkDocs in fresh environments and compare.
parity:
	bash .ci/properdocs-parity.sh

# Extract every string the site shows readers into templates/locale/messages.pot and bring each
# language's catalogue (templates/locale/<language>.po) up to date; new strings are left untranslated
# for tests/test_languages.py to name (see README, Languages).
messages: $(SITE_STAMP)
	$(BIN)/python tools/messages.py

# Regenerate the editors' JSON Schemas from builder/model/items.py (commit the result).
schemas: $(SITE_STAMP)
	$(BIN)/briefing schema

# Issue 30's figures: synthetic briefings of 1000 and 5000 sources and this repository's, printed as a
# table beside their targets and written to benchmarks/results.json (SIZES=10000 runs the large case;
# BENCH_ARGS="--no-serve --no-real" for a quick look; BENCH_ARGS=--show prints the whole table of results.json
# measuring nothing); see README, Performance.
SIZES ?= 1000 5000
BENCH_ARGS ?=
bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/run.py --sizes $(SIZES) $(BENCH_ARGS)

clean:
	rm -rf site .site-* $(VENV) *.egg-info mutants

# Rewrite TEMPLATES.md, what each page template receives, from builder/pages/contracts.py (commit it).
contracts: $(SITE_STAMP)
	$(BIN)/python -c "from pathlib import Path; from builder.pages import contracts; contracts.write(Path(\"TEMPLATES.md\"))"
