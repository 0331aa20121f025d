# Two set-up commands (README): `make demo` and `make test`. Each builds .venv first.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_HOME ?= .demo

.PHONY: venv demo test test-team eval bench samples clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	# The pip that ships (23.2) loops for >10 min on this dependency set; uv resolves it in seconds.
	$(BIN)/python -m pip install -q -U pip uv
	$(BIN)/uv pip install -q --python $(BIN)/python -c constraints.txt -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# The demo library lives in $(DEMO_HOME), not ~/.touyan: the last line says how to keep using it.
demo: $(STAMP)
	TOUYAN_HOME=$(DEMO_HOME) $(BIN)/touyan ingest data/samples/reports
	TOUYAN_HOME=$(DEMO_HOME) $(BIN)/touyan search "人形机器人 灵巧手 供应商" -k 5
	@echo ""
	@echo "演示研报库在 $(DEMO_HOME)。接着用它（否则默认是 ~/.touyan，一个空库）："
	@echo "  export TOUYAN_HOME=$(DEMO_HOME)"
	@echo "  export PATH=\"$$PWD/$(BIN):\$$PATH\""

# Lint (ruff, rules in pyproject.toml), then the suite on every core (pytest-xdist: on a 2-core machine
# shared with other jobs, 206-285 s → 130-152 s). One file runs faster alone: .venv/bin/python -m pytest tests/test_x.py
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n auto

# The team-mode suite (tests/team): starts a real PostgreSQL 15 (Debian's, as the postgres user) and a real
# `chroma run` on 127.0.0.1 free ports, and stops them. `make test` never collects it and needs no server.
test-team: $(STAMP)
	$(BIN)/python -m pytest tests/team

# The prompt-regression gate on the replay suites: the extractive engine, the pipeline snapshots (stand-in
# responses) and the cassettes recorded from a real llama.cpp server (touyan eval record). No network.
# The extractive engine's ROUGE-L floors (issue 13) are corpus-level ratios over the benchmark's report split,
# read from the `extractive:` section of evals/thresholds.yaml (about 30 s on 2 cores).
EVAL_HOME := out/eval/home
eval: $(STAMP)
	TOUYAN_HOME=$(EVAL_HOME) $(BIN)/touyan eval run --suite replay --out out/eval/extractive
	TOUYAN_HOME=$(EVAL_HOME) $(BIN)/touyan eval compare extractive out/eval/extractive --report out/eval/extractive.md
	TOUYAN_HOME=$(EVAL_HOME) $(BIN)/python -m benchmarks.extractive_rouge --check
	TOUYAN_HOME=$(EVAL_HOME) $(BIN)/touyan eval run --suite pipeline-snapshot --out out/eval/snapshot
	TOUYAN_HOME=$(EVAL_HOME) $(BIN)/touyan eval compare pipeline-snapshot out/eval/snapshot --report out/eval/snapshot.md
	TOUYAN_HOME=$(EVAL_HOME) $(BIN)/touyan eval run --suite real-llamacpp --out out/eval/real-llamacpp
	TOUYAN_HOME=$(EVAL_HOME) $(BIN)/touyan eval compare real-llamacpp out/eval/real-llamacpp --thresholds evals/thresholds_real.yaml --report out/eval/real-llamacpp.md

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run_all --reuse benchmarks/results --reuse-names reingest ingest embeddings

samples: $(STAMP)
	$(BIN)/python scripts/make_sample_corpus.py

clean:
	rm -rf $(VENV) $(DEMO_HOME) .pytest_cache
