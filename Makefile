# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STORE ?= sqlite:///./buendnisatlas.db
export BUENDNISATLAS_STORE ?= $(STORE)

.PHONY: run test lint typecheck pytest install clean bench neo4j-jars peer-tools

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,neo4j]'
	touch $@

install: $(VENV)/.installed

## run: install, load the demo network if the store is empty, create the demo coordinator's
## account if missing (printing its sign-in), show what it finds, draw its map
## (the map command prints the file:// address to open)
run: install
	$(BIN)/buendnisatlas demo --if-empty
	$(BIN)/buendnisatlas user demo
	$(BIN)/buendnisatlas stats
	$(BIN)/buendnisatlas gaps pfd-msh
	$(BIN)/buendnisatlas map pfd-msh -o buendnisatlas-karte.html

## test: install, then ruff, mypy and pytest (starting what the tests need)
test: install lint typecheck pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy cannot follow setuptools' package-dir mapping, so it checks a tree of
# symlinks laid out the way the package is installed.
typecheck: install
	rm -rf build/typecheck && mkdir -p build/typecheck/buendnisatlas
	cd build/typecheck/buendnisatlas && for f in ../../../buendnisatlas/*; do ln -s "$$f" .; done \
	  && ln -s ../../../graph graph && ln -s ../../../api api && ln -s ../../../importers importers \
	  && ln -s ../../../visualizations visualizations
	cd build/typecheck && ../../$(BIN)/mypy --config-file ../../pyproject.toml -p buendnisatlas

pytest: install neo4j-jars peer-tools
	$(BIN)/pytest

# graphology, the library behind Gephi Lite, from npm into ~/.cache/buendnisatlas/npm
# (BUENDNISATLAS_NPM): tests/test_peer_files.py reads and re-saves our exports with it.
NPM_CACHE ?= $(or $(BUENDNISATLAS_NPM),$(HOME)/.cache/buendnisatlas/npm)
PEER_PACKAGES := graphology@0.26.0 graphology-gexf@0.13.2 graphology-graphml@0.5.2
peer-tools:
	@if command -v npm >/dev/null; then \
	  test -f $(NPM_CACHE)/node_modules/graphology-gexf/package.json \
	  || npm install --silent --no-audit --no-fund --prefix $(NPM_CACHE) $(PEER_PACKAGES); \
	else echo "npm fehlt: graphology-Tests werden übersprungen (apt-get install nodejs npm)"; fi

# The Neo4j test server's jars from Maven Central, cached in ~/.cache/buendnisatlas
# (BUENDNISATLAS_NEO4J_CACHE); a no-op once there.
neo4j-jars: install
	$(BIN)/python tests/neo4j_jars.py

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
