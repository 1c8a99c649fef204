# One task runner; the README's commands are these targets.
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: setup demo test soak bench lint format browser clean screenshots

# torch first, pinned: the CPU build on this disk. A looser range pulls a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[test]'
	touch $@

setup: $(VENV)/.installed

demo: setup
	$(VENV)/bin/outagewatch demo

# Headless Chromium for the browser tests (Debian's package; needs root, as in CI), with a
# small CJK font (1.8 MB) so Japanese, Chinese and Korean posts show as text in screenshots.
browser:
	@test -x /usr/bin/chromium -a -f /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf || { \
	  if [ "$$(id -u)" = "0" ]; then apt-get update -qq && \
	    apt-get install -y -qq chromium fonts-dejavu-core fonts-droid-fallback >/dev/null; \
	  else echo "chromium or its CJK font missing and not root: browser tests may be skipped"; fi; }

# Two pytest-xdist workers: many tests wait on child processes (crawls, servers, kills), so
# two share 2 cores well. TEST_WORKERS=0 runs one. `worksteal`: a worker that runs out takes
# tests still queued for the other; with the default `load`, the worker that built the demo
# warehouse was left alone with the slow fault tests (one idle from 303 s, the run 539 s;
# worksteal 488 s, both busy to the end).
TEST_WORKERS ?= 2
test: setup browser
	$(VENV)/bin/pytest -q -n $(TEST_WORKERS) --dist worksteal

soak: setup
	$(VENV)/bin/pytest -q -m soak tests/faults

bench: setup
	$(PY) bench/bench_process.py
	$(PY) bench/bench_enrich.py

screenshots: setup browser
	$(PY) docs/screenshots.py

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) data/outagewatch.duckdb* .pytest_cache
