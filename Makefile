# Two commands do everything on a fresh machine (Python >= 3.11 and make):
#   make run    set up .venv, then extract seeds/ into data/ and print a summary
#   make test   set up .venv, check the code (make lint), then run the test suite
# make train rebuilds the speaker ranker's model (flows/extraction/speech/speaker_model.json).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SOURCE ?= seeds
OUT    ?= data

.PHONY: run test lint format bench bench-scale accuracy train install lock clean

run: $(STAMP)
	$(BIN)/quoteflow run $(SOURCE) --out $(OUT)

# Tests run on every core (pytest-xdist), a file's tests on one worker: most of the time
# goes to servers, subprocesses and the spaCy parse, which overlap well.
test: lint
	$(BIN)/python -m pytest -n auto --dist loadfile --durations=15

# ruff (lint rules and formatting) and mypy (strict), configured in pyproject.toml
lint: $(STAMP)
	$(BIN)/ruff check flows schemas tests bench training
	$(BIN)/ruff format --check flows schemas tests bench training
	$(BIN)/mypy

# Apply ruff's fixes and formatting.
format: $(STAMP)
	$(BIN)/ruff check --fix flows schemas tests bench training
	$(BIN)/ruff format flows schemas tests bench training

# Speed against bare spaCy (one process and two), peak memory at N and 10×N articles and
# for a 5 MB input, a run with nothing to do by phase; then extraction cost next to parsing
# (ratios beside their goals, not seconds). About 40 minutes on 2 cores.
bench: $(STAMP)
	$(BIN)/python bench/performance.py
	$(BIN)/python bench/extraction_cost.py

# Commit cost against dataset size: a 20,000-article backfill (about 6 minutes), then one
# article into a corpus of 20,000 made-up people against into an empty dataset (about 2 minutes),
# then no-op and one-article runs over 20,000 and 1,000,000 stored inputs (the stored state is
# written once under /work/bench-scale, about 5 minutes and 5 GB; the runs about 10 minutes).
bench-scale: $(STAMP)
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/scale_entities.py
	$(BIN)/python bench/scale_million.py --inputs 1000000

# Extraction accuracy on entity-dev (and each half), the project's own set and PolNeAR dev,
# beside the goals (needs the shared evaluation data: QUOTEFLOW_EVAL_DIR, default ../shared/eval).
accuracy: $(STAMP)
	$(BIN)/python bench/accuracy.py

# The speaker ranker, trained on the tune half of PolNeAR train (QUOTEFLOW_EVAL_DIR, and the
# half's texts in QUOTEFLOW_TUNE_DIR, default /work/evalsets/tune): prints candidate recall, the
# 5-fold cross-validation of the three speaker models, a learning curve and an ablation, then
# writes the model into the package (the same bytes on every run). About 5 minutes on 2 shared cores.
train: $(STAMP)
	$(BIN)/python training/speaker.py

install: $(STAMP)

# Re-install whenever the project definition or the pins change.
$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "quoteflow needs Python >= 3.11; set PYTHON=python3.11 (or newer)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,train]'
	touch $(STAMP)

# Refresh constraints.txt from what is installed (after changing pyproject.toml).
lock:
	$(BIN)/python -m pip freeze --exclude-editable --exclude quoteflow > constraints.txt

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache
