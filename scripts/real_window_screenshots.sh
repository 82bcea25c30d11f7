#!/usr/bin/env bash
# Screenshots of every tab, the Export dialog and Help › Keyboard shortcuts from the real
# window (xcb on Xvfb, keys sent with xdotool) at 1366x768 maximised and at 683x768
# half-screen, into docs/screenshots/ (or the folder given).
# Re-run after any layout change, then look at every PNG. Needs scripts/setup.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
exec env -u QT_QPA_PLATFORM .venv/bin/python -m tests.acceptance.real_screenshots "$@"
