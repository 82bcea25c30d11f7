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
install_system_packages() {  # install_system_packages WHAT PACKAGE...: as root or via sudo
  local what=$1; shift
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO="none"; fi
  if [ "$SUDO" = "none" ]; then
    echo "$what needs these system packages; ask your administrator to install: $*" >&2
    return 0
  fi
  echo "Installing $what: $*"
  # Wait for another apt run to finish rather than fail on its lock.
  $SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
    --no-install-recommends "$@" >/dev/null
}
not_installed() {  # the packages among the arguments that dpkg does not list as installed
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || echo "$pkg"
  done
}

if [ ${#missing[@]} -gt 0 ]; then
  install_system_packages "Qt's system libraries" "${missing[@]}"
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

# A real window (Qt's xcb platform) needs more libraries than offscreen; ldd on the plugin
# says which are missing (scripts/qt_xcb_packages.sh), so a newer Qt cannot need one
# silently. The real-window acceptance suite (tests/acceptance) also needs Xvfb and xdotool.
if command -v dpkg-query >/dev/null 2>&1; then
  xcb_packages=$(scripts/qt_xcb_packages.sh .venv/bin/python)  # exits 1 naming an unmapped library
  # shellcheck disable=SC2086  # one package a word
  wanted=($(not_installed $xcb_packages xvfb xdotool))
  if [ ${#wanted[@]} -gt 0 ]; then
    install_system_packages "the real window (xcb) and its test tools" "${wanted[@]}"
    if [ "$SUDO" != "none" ]; then
      still=$(scripts/qt_xcb_packages.sh .venv/bin/python)
      [ -z "$still" ] || { echo "Qt's xcb plugin still lacks libraries from: $still" >&2; exit 1; }
    fi
  fi
fi

# What a screen reader receives (tests/acceptance/test_accessibility_bus.py): a session
# D-Bus (dbus-launch), the AT-SPI bus and registry, and the system python3's pyatspi that
# reads the app's accessibility tree through that bus.
if command -v dpkg-query >/dev/null 2>&1; then
  # shellcheck disable=SC2207  # one package a word
  a11y_wanted=($(not_installed at-spi2-core dbus-x11 python3-pyatspi gir1.2-atspi-2.0))
  if [ ${#a11y_wanted[@]} -gt 0 ]; then
    install_system_packages "the accessibility bus test" "${a11y_wanted[@]}"
  fi
fi
