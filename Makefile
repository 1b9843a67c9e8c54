# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed
TSTAMP := $(VENV)/.installed-test
OUT    := out
EXAMPLE := examples/musk-china-ai.txt

.PHONY: demo test install install-test chromium bench bench-store screenshot clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): setup.cfg pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[model]'
	touch $@

install: $(STAMP)

$(TSTAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[model,test]'
	touch $@

install-test: $(TSTAMP) chromium

# Browser tests drive Debian's chromium; Playwright never downloads a browser here.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/kg build $(EXAMPLE) --published 2023-06-05 -o $(OUT)/graph.trig
	$(BIN)/kg viz --graph $(OUT)/graph.trig -o $(OUT)/map.html
	$(BIN)/kg stats --graph $(OUT)/graph.trig
	@echo "Who met whom?"
	$(BIN)/kg query -f examples/queries/who-met-whom.rq --graph $(OUT)/graph.trig

test: install-test
	$(BIN)/python -m pytest -q --doctest-modules kg
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(PY) benchmarks/news_eval.py
	$(PY) benchmarks/carb.py
	$(PY) benchmarks/conll04.py
	$(PY) benchmarks/speed.py

# The store on a synthetic 1M-quad graph: kg load, KgStore.add, 1-hop and GROUP BY (about 2 minutes, 2 GB).
bench-store: $(STAMP)
	$(PY) benchmarks/store.py

# The README's picture of the demo map, drawn by headless chromium from out/map.html.
screenshot: demo install-test
	$(PY) scripts/screenshot.py $(OUT)/map.html docs/map.png --search "Elon Musk" --edge meet

clean:
	rm -rf $(OUT) build *.egg-info
