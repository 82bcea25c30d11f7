#!/usr/bin/env bash
# Set up a development copy on Debian/Ubuntu: Qt's system libraries, then a virtualenv
# in .venv with the app and its test tools. Safe to run again; quick when done already.
set -euo pipefail
cd "$(dirname "$0")/.."

QT_SYSTEM_LIBS=(libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 fonts-dejavu-core)

PYTHON=${PYTHON:-python3}
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for pkg in "${QT_SYSTEM_LIBS[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  # Debian's own python3 ships without venv/ensurepip.
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    missing+=(python3 python3-venv)
  elif ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
    missing+=(python3-venv)
  fi
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO="none"; fi
  if [ "$SUDO" = "none" ]; then
    echo "Qt needs these system packages; ask your administrator to install: ${missing[*]}" >&2
  else
    echo "Installing Qt's system libraries: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv || {
    echo "Could not create a virtualenv: install python3-venv (apt-get install python3-venv)." >&2
    exit 1
  }
fi
stamp=.venv/.installed-$(sha1sum pyproject.toml | cut -c1-12)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".[test]"
  rm -f .venv/.installed-* && touch "$stamp"
fi
