#!/usr/bin/env bash
# Run the whole test suite: ./test.sh [pytest options]
set -euo pipefail
source "$(dirname "$0")/scripts/setup.sh"
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
exec "$PY" -m pytest -n 2 -q "$@"
