#!/bin/sh
# Entity linking on NEREL dev (issue 3 acceptance): build the dev documents, score the
# graph's owl:sameAs links against the dev .ann files. Run from the project root.
#   bench/el_eval.sh [SHARED_DIR]   (default /work/shared; needs .venv with kg installed)
set -eu
SHARED=${1:-/work/shared}
OUT=${TMPDIR:-/tmp}
grep '"id": "nerel-dev-' "$SHARED/corpora/nerel/docs.jsonl" > "$OUT/nerel_dev.jsonl"
.venv/bin/kg build "$OUT/nerel_dev.jsonl" -o "$OUT/nerel_dev.trig" -q
.venv/bin/python "$SHARED/eval/el_score.py" --ann-dir "$SHARED/corpora/nerel/dev" \
    --id-prefix nerel-dev- --graph "$OUT/nerel_dev.trig" --json "$OUT/nerel_dev_el.json"
