#!/usr/bin/env bash
# Run the whole test suite: ./test.sh [pytest options]
set -euo pipefail
source "$(dirname "$0")/scripts/setup.sh"
cd "$ROOT"
"$PY" -m importlinter.cli lint-imports --no-cache >&2 2>&1 || "$PY" -m importlinter.cli >&2
export QT_QPA_PLATFORM=offscreen
exec "$PY" -m pytest -n 2 -q "$@"
