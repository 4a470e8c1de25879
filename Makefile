# Two commands on a fresh Debian/Ubuntu machine: `make run` and `make test`.
# Both install what they need: system packages (apt, when root), a virtualenv, Python packages.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test setup system-packages translations merge-driver lint bench audit docs clean

# With a display: the kiosk full screen, demo catalogue and stand-in devices (staff PIN of the
# demo: 135790; the admin screen is under 帮助 → 工作人员入口). Without one: the headless demo.
run: setup
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ]; then \
		echo "启动自助终端（演示设备）"; \
		env -u QT_QPA_PLATFORM $(BIN)/kiosk --data-dir out/kiosk-data run --demo; \
	else \
		echo "没有显示器：运行无界面演示 (headless demo) -> out/demo/summary.json, out/demo/screens/"; \
		$(BIN)/kiosk --data-dir out/demo-data demo --headless --out out/demo; \
	fi

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest
	$(BIN)/kiosk --data-dir out/audit-data audit

setup: system-packages $(STAMP) translations merge-driver

# Merges of the translation sources take the union of both sides' texts (see .gitattributes).
merge-driver:
	@if git rev-parse --git-dir >/dev/null 2>&1 && ! git config --get merge.kiosk-ts.driver >/dev/null; then \
		git config merge.kiosk-ts.name "union of translation texts"; \
		git config merge.kiosk-ts.driver "$(PYTHON) -m tools.translations merge %O %A %B"; \
	fi

system-packages:
	@PYTHON=$(PYTHON) packaging/ensure-system-packages.sh

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# UI translations: Qt Linguist sources (.ts, kept by `python -m tools.translations`) compiled
# to the .qm files the kiosk loads.
QM := $(patsubst %.ts,%.qm,$(wildcard accessibility/locale/*.ts))
translations: $(QM)

accessibility/locale/%.qm: accessibility/locale/%.ts $(STAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: setup
	$(BIN)/kiosk bench

# Accessibility audit of every screen state at every scale, theme and size (about 5 minutes).
audit: setup
	$(BIN)/kiosk audit

# Regenerates the files in docs/ that are derived from code (a test fails when they drift).
docs: setup
	$(BIN)/kiosk catalog --schema > docs/catalog.schema.json
	$(BIN)/python -m server.protocol_docs

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis
