#!/usr/bin/env bash
# Remake the README's screenshots (docs/screenshot*.png) from the end-to-end path: the real
# app under Xvfb, driven by xdotool, exactly as tests/test_e2e_xvfb.py runs it.
set -euo pipefail
source "$(dirname "$0")/setup.sh"
cd "$ROOT"
exec "$PY" scripts/screenshots.py "$@"
