# The two commands a new user needs: `make serve` and `make test`. Everything else is set-up.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
# Material prints a long banner about MkDocs 2 on every build; it is noise for this project.
export NO_MKDOCS_2_WARNING := 1
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install serve build test lint bench clean browser

# Reinstalls only when pyproject.toml changes, so repeated runs are quick.
$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

serve: install
	$(BIN)/mkdocs serve --livereload --dirty -a 127.0.0.1:8000

build: install
	$(BIN)/mkdocs build

# The browser test needs Debian's chromium; install it when we are allowed to (root, as in CI).
browser:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || echo "chromium missing: browser tests will skip"; }

test: install browser
	$(BIN)/ruff check briefgen tests bench
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf site .briefgen-cache
