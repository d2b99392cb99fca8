# The two set-up commands of the README. Both work on a fresh machine with Python 3.10+.
VENV ?= .venv
PY := $(VENV)/bin/python

$(VENV)/.installed: pyproject.toml
	sh scripts/install-system-packages.sh
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[test]"
	# byte-compile the sources once: an editable install does not, and where PYTHONDONTWRITEBYTECODE is set
	# every process would compile them again (about 70 ms of each start)
	$(PY) -m compileall -q src
	touch $@

install: $(VENV)/.installed

# Parse the sample corpus (corpus/*.txt) into out/ and score it against the gold files.
sample: install
	$(VENV)/bin/kehoach-parser parse corpus/*.txt --out out
	$(VENV)/bin/kehoach-parser eval corpus out

test: install
	$(PY) -m pytest -q

bench: install
	$(PY) benchmarks/bench_parse.py

# Raise tests/accuracy_baseline.json to the levels reached now (after an improvement).
baseline: install
	$(PY) tests/update_baseline.py

schema: install
	$(PY) -c "import json,kehoach_parser as k; print(json.dumps(k.PlanDocument.model_json_schema(), ensure_ascii=False, indent=1))" > docs/schema.json

.PHONY: install sample test bench baseline schema
