# kaohe — `make extract` and `make test` work on a fresh machine with Python 3.11 and pip.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
INPUT  ?= samples/reports
OUTPUT ?= output

.PHONY: extract eval test lint samples clean

# pip's own chatter goes to .venv/install.log; it is printed only when the install fails.
$(VENV)/.installed: pyproject.toml
	@echo "kaohe: setting up $(VENV) (first run only)…"
	@$(PYTHON) -m venv $(VENV)
	@{ $(BIN)/python -m pip install --upgrade pip && $(BIN)/python -m pip install -e '.[dev]'; } \
		> $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@touch $@

# Exit 1 (findings) and 2 (some files failed) are outcomes a person reads in the summary,
# not failures of the run; anything above is.
extract: $(VENV)/.installed
	@$(BIN)/kaohe extract "$(INPUT)" -o "$(OUTPUT)" || [ $$? -le 2 ]

# Reads samples/reports into $(OUTPUT)/eval and measures it against samples/truth; exit 1
# (something below 100%) fails the target on purpose: the figures are in the table and eval.json.
eval: $(VENV)/.installed
	@$(BIN)/kaohe eval -o "$(OUTPUT)/eval"

test: $(VENV)/.installed
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

# Rebuild the sample documents and their ground truth (needs LibreOffice for the PDFs).
samples: $(VENV)/.installed
	$(BIN)/python samples/make_samples.py

clean:
	rm -rf $(OUTPUT) .pytest_cache .mypy_cache .ruff_cache
