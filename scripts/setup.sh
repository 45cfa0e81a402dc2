#!/usr/bin/env bash
# Installs what Reel Reader needs, only where it is missing, so that ./run.sh and
# ./test.sh work on a fresh Debian machine and cost nothing on the second run.
# Sourced by both commands; leaves $PY pointing at the project's interpreter.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Debian packages: Tesseract, the libraries the Qt xcb/offscreen plugins load,
# Xvfb and xdotool for the end-to-end tests, Poppler and qpdf to check exports,
# desktop-file-utils, shared-mime-info and gio (libglib2.0-bin) to check the desktop entry.
DEBS=(tesseract-ocr tesseract-ocr-eng
      libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
      libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
      libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xfixes0 libxcb-xkb1
      libxcb-shm0 libxcb-sync1 libxrender1 libxi6 fonts-dejavu-core
      python3-venv xvfb xauth xdotool poppler-utils qpdf desktop-file-utils shared-mime-info
      libglib2.0-bin)

missing=()
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "reel-reader: installing Debian packages: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# Python packages, pinned with hashes in requirements.lock, in a private venv.
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
if [ ! -x "$PY" ]; then
  echo "reel-reader: creating $VENV" >&2
  python3 -m venv "$VENV"
fi
want="$(sha256sum "$ROOT/requirements.lock" | cut -d' ' -f1)"
have="$(cat "$VENV/.lock-sha256" 2>/dev/null || true)"
if [ "$want" != "$have" ]; then
  echo "reel-reader: installing Python packages from requirements.lock" >&2
  "$PY" -m pip install -q --disable-pip-version-check --require-hashes --no-deps -r "$ROOT/requirements.lock" >&2
  echo "$want" > "$VENV/.lock-sha256"
fi

# Debian's Tesseract is built with OpenMP: one thread per process is far faster
# when we run one process per core.
export OMP_THREAD_LIMIT=1
export PY ROOT
