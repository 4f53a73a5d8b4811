# Kindly's two everyday commands:
#   make run   — set up .venv if needed and open Kindly on the demo shop
#   make test  — set up .venv if needed and run the whole test suite headless
PYTHON ?= python3
VENV ?= .venv
ifeq ($(OS),Windows_NT)
BIN := $(VENV)/Scripts
else
BIN := $(VENV)/bin
endif
STAMP := $(VENV)/.kindly-installed

.PHONY: run test setup screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/python main.py --demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

# The README's pictures, rendered offscreen from the demo shop.
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --demo --screenshot docs/inbox.png --view inbox
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --demo --screenshot docs/conversation.png --view conversation
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --demo --screenshot docs/composer.png --view composer
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --demo --screenshot docs/templates.png --view templates
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --demo --screenshot docs/review.png --view review
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --demo --screenshot docs/people.png --view people
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --demo --screenshot docs/stats.png --view stats

# The installable app: dist/Kindly (dist/Kindly.app on macOS), frozen with PyInstaller from
# packaging/kindly.spec, then checked by running its own --smoke. Installers are made in CI.
.PHONY: dist
DIST_STAMP := $(VENV)/.kindly-dist-installed

$(DIST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test,dist]"
	@touch $(DIST_STAMP)

dist: $(DIST_STAMP)
	$(BIN)/python packaging/build.py

# Speed, memory and responsiveness at a million mentions, each next to a reference measured in
# the same run (bench/; data built once and cached under build/bench/). Not part of `make test`.
.PHONY: bench crash-soak
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

# Crash safety, longer: Kindly SIGKILLed at random 50 times while it types, imports, syncs and
# sends (the suite runs a few of the same trials).
CRASH_TRIALS ?= 50
crash-soak: $(STAMP)
	QT_QPA_PLATFORM=offscreen KINDLY_CRASH_TRIALS=$(CRASH_TRIALS) $(BIN)/python -m pytest -q \
		-p no:cacheprovider tests/e2e/test_crash_safety.py

# The window and the command line on one file at once, 20 rounds (the suite runs 2): see
# tests/e2e/test_window_and_commands_together.py.
CONCURRENCY_ROUNDS ?= 20
.PHONY: concurrency
concurrency: $(STAMP)
	QT_QPA_PLATFORM=offscreen KINDLY_CONCURRENCY_ROUNDS=$(CONCURRENCY_ROUNDS) $(BIN)/python -m \
		pytest -q -p no:cacheprovider tests/e2e/test_window_and_commands_together.py

clean:
	rm -rf $(VENV) build dist .pytest_cache
