#!/usr/bin/env bash
# Run Reel Reader: ./run.sh [REEL] [options]; with no reel it opens the sample reel.
set -euo pipefail
source "$(dirname "$0")/scripts/setup.sh"
exec "$PY" "$ROOT/main.py" "$@"
