# The two commands: `make demo` and `make test`. Everything else supports them.
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: demo test lint system-packages bench clean

demo: $(INSTALLED)
	$(BIN)/opencqi demo

test: $(INSTALLED) system-packages
	$(BIN)/ruff check
	$(BIN)/ruff format --check
	$(BIN)/pytest

lint: $(INSTALLED)
	$(BIN)/ruff check --fix
	$(BIN)/ruff format

$(BIN)/python:
	"$$(scripts/find-python.sh)" -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test,spark]"
	touch $@

# Browser tests drive Debian's Chromium; PDF tests read with poppler; DOCX opens in LibreOffice;
# the PySpark parity test needs a Java runtime.
system-packages:
	@command -v chromium >/dev/null && command -v pdftotext >/dev/null && command -v soffice >/dev/null \
	  && command -v java >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils \
	    libreoffice-writer-nogui $$(command -v java >/dev/null || echo openjdk-17-jre-headless); }

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
