# Kindly's two everyday commands:
#   make run   — set up .venv if needed and open Kindly on the demo shop
#   make test  — set up .venv if needed and run the whole test suite headless
# Both install exactly what uv.lock names (versions and hashes). After changing a dependency in
# pyproject.toml: `make lock`, then commit pyproject.toml and uv.lock together.
PYTHON ?= python3
VENV ?= .venv
ifeq ($(OS),Windows_NT)
BIN := $(VENV)/Scripts
TOOLS_BIN := .tools/uv/Scripts
EXE := .exe
else
BIN := $(VENV)/bin
TOOLS_BIN := .tools/uv/bin
EXE :=
endif
STAMP := $(VENV)/.kindly-installed

# uv installs the lock. A machine with only Python gets it from PyPI through pip, pinned with
# hashes (packaging/uv-requirements.txt), in its own small venv under .tools/.
UV := $(TOOLS_BIN)/uv$(EXE)
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_NO_PROGRESS := 1
LOCK_HINT := uv.lock does not match pyproject.toml: run "make lock" and commit uv.lock with it

.PHONY: run test setup lock lock-uv screenshots clean

$(UV): packaging/uv-requirements.txt
	$(PYTHON) -m venv .tools/uv
	$(TOOLS_BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		--no-deps -r packaging/uv-requirements.txt
	@touch $(UV)

# --inexact: a tool added to .venv by hand (pip install ruff) survives the next sync.
$(STAMP): pyproject.toml uv.lock $(UV)
	@test -x $(BIN)/python || $(UV) venv --quiet --seed --python $(PYTHON) $(VENV)
	@$(UV) sync --locked --inexact --quiet --python $(PYTHON) --extra test \
		|| { echo 'make: $(LOCK_HINT)' >&2; exit 1; }
	@touch $(STAMP)

# Resolve again from PyPI (releases at least a week old) and rewrite uv.lock.
lock: $(UV)
	$(UV) lock --python $(PYTHON)

# Move uv itself to UV_VERSION: make lock-uv UV_VERSION=X.Y.Z
lock-uv: $(UV)
	@test -n "$(UV_VERSION)" || { echo "make: say which uv, e.g. make lock-uv UV_VERSION=0.13.9" >&2; exit 1; }
	@head -4 packaging/uv-requirements.txt > build-uv-requirements.txt
	echo "uv==$(UV_VERSION)" | $(UV) pip compile --universal --generate-hashes --no-header \
		--quiet --index-url https://pypi.org/simple - >> build-uv-requirements.txt
	mv build-uv-requirements.txt packaging/uv-requirements.txt

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/python main.py --demo

FORMATTED = app ui tests bench tools main.py

format: $(STAMP)
	$(BIN)/ruff format $(FORMATTED)

test: $(STAMP) lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider

# Lint, format and type check (part of `make test`); `make format` fixes the format.
.PHONY: lint format
lint: $(STAMP)
	$(BIN)/ruff check app ui
	$(BIN)/ruff format --check $(FORMATTED)
	$(BIN)/mypy

# The README's pictures, rendered offscreen from the demo shop.
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --demo --screenshot docs/inbox.png --view inbox
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --demo --screenshot docs/conversation.png --view conversation
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --demo --screenshot docs/composer.png --view composer
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --demo --screenshot docs/templates.png --view templates
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --demo --screenshot docs/review.png --view review
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --demo --screenshot docs/people.png --view people
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --demo --screenshot docs/stats.png --view stats
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --demo --screenshot docs/dms.png --view dms
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --demo --screenshot docs/search.png --view search
	QT_QPA_PLATFORM=offscreen $(BIN)/python main.py --demo --screenshot docs/earlier_replies.png --view earlier_replies
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.e2e.settings_screens docs
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m tests.e2e.inbox_screens docs/inbox-filters

# The installable app: dist/Kindly (dist/Kindly.app on macOS), frozen with PyInstaller from
# packaging/kindly.spec, then checked by running its own --smoke. Installers are made in CI.
.PHONY: dist
DIST_STAMP := $(VENV)/.kindly-dist-installed

$(DIST_STAMP): $(STAMP)
	@$(UV) sync --locked --inexact --quiet --python $(PYTHON) --extra test --extra dist \
		|| { echo 'make: $(LOCK_HINT)' >&2; exit 1; }
	@touch $(DIST_STAMP)

dist: $(DIST_STAMP)
	$(BIN)/python packaging/build.py

# Kindly as a package: build the sdist and wheel, install the wheel with the locked
# dependencies into a fresh venv and run its --smoke there (a few minutes; .ci/run runs it).
.PHONY: test-wheel
test-wheel: $(STAMP)
	QT_QPA_PLATFORM=offscreen KINDLY_TEST_WHEEL=1 $(BIN)/python -m pytest -q -p no:cacheprovider \
		-s tests/e2e/test_wheel.py

# The Windows installer, compiled from packaging/windows/kindly.iss by Inno Setup under wine around
# a stand-in Kindly.exe, then installed, updated, uninstalled and checked at each step
# (packaging/windows/wine_check.py). Installs wine, mingw-w64 and Xvfb from Debian first if
# missing (needs root). About two minutes; .ci/run runs it.
.PHONY: installer-check
installer-check:
	bash packaging/windows/wine_tools.sh
	xvfb-run -a $(PYTHON) packaging/windows/wine_check.py

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
	rm -rf $(VENV) .tools build dist .pytest_cache
