#!/usr/bin/env bash
# Quick start: install diplograph into .venv (first run only) and build the knowledge graph
# of the bundled example articles (examples/) as Turtle in out/examples.ttl.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/kg ]; then
  echo "demo: installing diplograph into .venv (first run only; this takes a few minutes)" >&2
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -e .
fi
mkdir -p out
export OPENBLAS_NUM_THREADS=1
.venv/bin/kg build examples/ -o out/examples.ttl
echo
echo "The graph is in $(pwd)/out/examples.ttl (Turtle)."
echo "Try:  .venv/bin/kg query out/examples.ttl talks_timeline"
