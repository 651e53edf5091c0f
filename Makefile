# kaohe — `make extract` and `make test` work on a fresh machine with Python 3.11 and pip.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
INPUT  ?= samples/reports
OUTPUT ?= output


.PHONY: eval-scans
.PHONY: extract eval test fuzz lint bench samples clean messages

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

# The scanned samples (samples/make_scans.py), read by OCR, measured on their own (OCR costs
# seconds a page; each OCRed page adds 30 s to its file's time limit, pipeline/ocr_clock.py).
eval-scans: $(VENV)/.installed
	@$(BIN)/kaohe eval --samples samples/scans --truth samples/scans_truth -o "$(OUTPUT)/eval-scans"

test: $(VENV)/.installed
	$(BIN)/python -m pytest -q

# The fuzz test of `make test` (300 mutated files, a fixed seed), longer and with a new seed;
# a failure prints the seed: KAOHE_FUZZ_SEED=<seed> make fuzz replays it.
FUZZ_CASES ?= 3000
fuzz: $(VENV)/.installed
	KAOHE_FUZZ_CASES=$(FUZZ_CASES) KAOHE_FUZZ_SEED=$${KAOHE_FUZZ_SEED:-$$(date +%s)} \
		$(BIN)/python -m pytest -q -s tests/robustness/test_fuzz.py

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

# Speed against bare pdfplumber and python-docx, 1 worker against all cores, and the cache's
# re-run, over a corpus of $(BENCH_REPORTS) distinct copies of the samples, and OCR seconds per
# scanned page ($(BENCH_OCR_PAGES) pages of samples/scans); writes output/bench.json.
BENCH_OCR_PAGES ?= 4
BENCH_REPORTS ?= 200
bench: $(VENV)/.installed
	BENCH_REPORTS=$(BENCH_REPORTS) BENCH_OCR_PAGES=$(BENCH_OCR_PAGES) $(BIN)/python bench/bench.py

# The catalogs (pipeline/locale): the sentences marked in the code and report.html's template into
# kaohe.pot, merged into each language's .po (translate what is new or fuzzy there), and every .po
# compiled into the .mo the package reads. tests/unit/test_i18n.py fails until this is done.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k N_ --no-location --sort-output --omit-header -o pipeline/locale/kaohe.pot .
	$(BIN)/pybabel update -i pipeline/locale/kaohe.pot -d pipeline/locale -D kaohe --ignore-obsolete --ignore-pot-creation-date --width 100
	$(BIN)/pybabel compile -d pipeline/locale -D kaohe --statistics
	$(BIN)/pybabel compile -d pipeline/locale -D argparse --statistics

# Rebuild the sample documents and their ground truth (needs LibreOffice for the PDFs).
samples: $(VENV)/.installed
	$(BIN)/python samples/make_samples.py

clean:
	rm -rf $(OUTPUT) .pytest_cache .mypy_cache .ruff_cache
