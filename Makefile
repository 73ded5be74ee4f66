# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STORE ?= sqlite:///./buendnisatlas.db
export BUENDNISATLAS_STORE ?= $(STORE)

.PHONY: run test lint typecheck pytest install clean bench bench-modules neo4j-jars peer-tools screenshots

# uv (from PyPI, into the venv) installs in seconds and shows its progress; where it cannot be
# had, pip does the same, more slowly, also showing what it does.
$(VENV)/.installed: pyproject.toml
	@echo "== Python-Umgebung $(VENV) anlegen =="
	$(PYTHON) -m venv $(VENV)
	@echo "== Abhängigkeiten installieren (mit uv, sonst pip) =="
	if $(BIN)/pip install --disable-pip-version-check --progress-bar on uv; then \
	  $(BIN)/uv pip install --python $(BIN)/python -e '.[test,neo4j]'; \
	else \
	  $(BIN)/pip install --progress-bar on --upgrade pip && $(BIN)/pip install --progress-bar on -e '.[test,neo4j]'; \
	fi
	touch $@

install: $(VENV)/.installed

## run: install, load the demo network if the store is empty, create the demo coordinator's
## account if missing (printing its sign-in), show what it finds, draw its map (the map
## command prints the file:// address to open), then serve the web pages until Ctrl+C
## (PORT=8000 by default)
PORT ?= 8000
run: install
	$(BIN)/buendnisatlas demo --if-empty
	$(BIN)/buendnisatlas stats
	$(BIN)/buendnisatlas gaps pfd-msh
	$(BIN)/buendnisatlas map pfd-msh -o buendnisatlas-karte.html
	$(BIN)/buendnisatlas user demo
	@echo "Im Browser öffnen: http://127.0.0.1:$(PORT)/anmelden (Anmeldung siehe oben)"
	$(BIN)/buendnisatlas serve --port $(PORT)

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
# axe-core: tests/test_web_walk.py injects it into every page of the browser walk.
NPM_CACHE ?= $(or $(BUENDNISATLAS_NPM),$(HOME)/.cache/buendnisatlas/npm)
PEER_PACKAGES := graphology@0.26.0 graphology-gexf@0.13.2 graphology-graphml@0.5.2
AXE_PACKAGE := axe-core@4.14.1
peer-tools:
	@if command -v npm >/dev/null; then \
	  test -f $(NPM_CACHE)/node_modules/graphology-gexf/package.json \
	  || npm install --silent --no-audit --no-fund --prefix $(NPM_CACHE) $(PEER_PACKAGES); \
	  test -f $(NPM_CACHE)/node_modules/axe-core/axe.min.js \
	  || npm install --silent --no-audit --no-fund --prefix $(NPM_CACHE) $(AXE_PACKAGE); \
	else echo "npm fehlt: graphology- und axe-core-Tests werden übersprungen (apt-get install nodejs npm)"; fi

## screenshots: walk the browser test and refresh the screenshots in docs/screenshots/
screenshots: install peer-tools
	BUENDNISATLAS_SCREENSHOTS=docs/screenshots $(BIN)/pytest tests/test_web_walk.py -q

# The Neo4j test server's jars from Maven Central, cached in ~/.cache/buendnisatlas
# (BUENDNISATLAS_NEO4J_CACHE); a no-op once there.
neo4j-jars: install
	@echo "== Neo4j-Testserver: Jars von Maven Central nach ~/.cache/buendnisatlas (nur beim ersten Mal) =="
	$(BIN)/python tests/neo4j_jars.py

## bench: one table of figures beside their baselines, written to bench/RESULTS.md
## (quick, a few minutes; FULL=1 for issue 17's sizes, which takes long). bench-modules: the older modules.
bench: install
	$(BIN)/python -m bench.speed $(if $(FULL),--full)

bench-modules: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
