#!/usr/bin/env bash
# Install everything the tests need (system packages, a virtualenv with the project and
# its test extra) and run the whole test suite. Used by the README and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-packages.sh
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -e '.[test]'
export OPENBLAS_NUM_THREADS=1
exec .venv/bin/python -m pytest "$@"
