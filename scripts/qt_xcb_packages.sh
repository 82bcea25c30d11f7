#!/usr/bin/env bash
# Print the Debian packages that Qt's xcb platform plugin (a real window) still needs, one a
# line, found by `ldd` on the plugin in this venv's PySide6 and on the Qt libraries it loads
# (ldd follows them), so a future Qt that needs one more library is caught, not guessed.
# Prints nothing when every library is there. Exits 1, naming the library, if a missing
# library cannot be mapped to a package (setup.sh and build_and_check.sh then stop).
#
#   scripts/qt_xcb_packages.sh [PYTHON]      # default .venv/bin/python
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${1:-.venv/bin/python}

qt_dir=$("$PY" - <<'PYEOF'
import importlib.util, pathlib
spec = importlib.util.find_spec("PySide6")
print(pathlib.Path(spec.origin).parent / "Qt" if spec and spec.origin else "")
PYEOF
)
plugin="$qt_dir/plugins/platforms/libqxcb.so"
if [ -z "$qt_dir" ] || [ ! -f "$plugin" ]; then
  echo "qt_xcb_packages: no xcb platform plugin under PySide6 for $PY" >&2
  exit 1
fi
command -v ldd >/dev/null 2>&1 || { echo "qt_xcb_packages: ldd is missing (install libc-bin)" >&2; exit 1; }

# The plugin, its OpenGL integrations, and every Qt library beside them it links to.
objects=("$plugin")
for extra in "$qt_dir"/plugins/xcbglintegrations/*.so "$qt_dir"/lib/libQt6XcbQpa.so.6; do
  [ -f "$extra" ] && objects+=("$extra")
done
missing_libs=$(for object in "${objects[@]}"; do ldd "$object" 2>/dev/null; done \
  | awk '$2 == "=>" && $3 == "not" { print $1 }' | sort -u)
[ -n "$missing_libs" ] || exit 0

# Sonames whose package name does not follow Debian's library naming rule below.
declare -A KNOWN=(
  [libglib-2.0.so.0]=libglib2.0-0
  [libgthread-2.0.so.0]=libglib2.0-0
  [libgobject-2.0.so.0]=libglib2.0-0
  [libGLX.so.0]=libglx0
  [libGLdispatch.so.0]=libglvnd0
  [libEGL.so.1]=libegl1
  [libGL.so.1]=libgl1
  [libOpenGL.so.0]=libopengl0
  [libX11-xcb.so.1]=libx11-xcb1
  [libX11.so.6]=libx11-6
  [libSM.so.6]=libsm6
  [libICE.so.6]=libice6
  [libxcb-cursor.so.0]=libxcb-cursor0
  [libxcb-icccm.so.4]=libxcb-icccm4
  [libxcb-keysyms.so.1]=libxcb-keysyms1
  [libxcb-image.so.0]=libxcb-image0
  [libxcb-render-util.so.0]=libxcb-render-util0
  [libxcb-util.so.1]=libxcb-util1
  [libxkbcommon-x11.so.0]=libxkbcommon-x11-0
  [libxkbcommon.so.0]=libxkbcommon0
  [libfontconfig.so.1]=libfontconfig1
  [libfreetype.so.6]=libfreetype6
  [libdbus-1.so.3]=libdbus-1-3
)

package_exists() { apt-cache show --no-all-versions "$1" >/dev/null 2>&1; }

# Debian's rule: libfoo-bar.so.N is in libfoo-barN (libfoo-bar1.so.N: libfoo-bar1-N).
by_naming_rule() {
  local stem=${1%%.so.*} version=${1##*.so.}
  stem=${stem,,}
  if [[ $stem =~ [0-9]$ ]]; then echo "$stem-$version"; else echo "$stem$version"; fi
}

packages=() unmapped=()
for lib in $missing_libs; do
  package=${KNOWN[$lib]:-}
  if [ -z "$package" ]; then
    candidate=$(by_naming_rule "$lib")
    if package_exists "$candidate"; then
      package=$candidate
    elif ! compgen -G "/var/lib/apt/lists/*_Packages*" >/dev/null; then
      # No package lists yet (a fresh image before apt-get update): trust the naming rule;
      # apt-get install then names the package if the rule was wrong.
      package=$candidate
    elif command -v apt-file >/dev/null 2>&1; then
      package=$(apt-file search -l "/$lib" 2>/dev/null | head -1 || true)
    fi
  fi
  if [ -n "$package" ]; then packages+=("$package"); else unmapped+=("$lib"); fi
done

if [ ${#unmapped[@]} -gt 0 ]; then
  echo "qt_xcb_packages: no Debian package known for ${unmapped[*]} (needed by $plugin);" \
    "add it to KNOWN in scripts/qt_xcb_packages.sh" >&2
  exit 1
fi
printf '%s\n' "${packages[@]}" | sort -u
