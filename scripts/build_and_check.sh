#!/usr/bin/env bash
# Build the one-folder bundle (build.spec) and prove it works the way an officer uses it:
# copy the folder to a path with spaces and non-ASCII letters, mark it portable, and run
# it offscreen with an empty HOME and a bare environment against a fresh database:
#   demo, --smoke-test, export minutes, export actions, import actions (that tracker), check.
# Every step runs even after a failure; the summary names each failure and the script
# exits 1 if there was one. Also checks that nothing was written outside data/, and
# prints timings and the bundle size. CI runs it after the tests (.ci/run).
#
#   scripts/build_and_check.sh              # uses .venv/bin/python (scripts/setup.sh)
#   PY=/path/to/python scripts/build_and_check.sh
#   SKIP_BUILD=1 scripts/build_and_check.sh # check an existing dist/csp-desktop
#   SMOKE_RUNS=5 scripts/build_and_check.sh # cold-start runs, bundle and source (median)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || PY=$(command -v python3)
SMOKE_RUNS=${SMOKE_RUNS:-3}
APP_NAME=csp-desktop
export QT_QPA_PLATFORM=offscreen

failures=()
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
script_start=$(now)

# --- 1. Build ---------------------------------------------------------------------------
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
    echo "== installing PyInstaller into $("$PY" -c 'import sys; print(sys.prefix)')"
    "$PY" -m pip install -q "pyinstaller>=6.5" || { echo "FAILED: cannot install PyInstaller" >&2; exit 1; }
  fi
  # PyInstaller needs objdump and strip (binutils) on Linux. Qt's xcb platform plugin needs
  # the libraries `ldd` finds missing (scripts/qt_xcb_packages.sh, as setup.sh installs) at
  # run time; the bundle carries them only if the build machine has them.
  if [ "$(uname)" = Linux ] && command -v dpkg-query >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    missing=()
    xcb_packages=$(scripts/qt_xcb_packages.sh "$PY") || exit 1
    # shellcheck disable=SC2086  # one package a word
    for pkg in binutils $xcb_packages; do
      dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
    if [ ${#missing[@]} -gt 0 ]; then
      echo "== installing ${missing[*]} so the bundle can carry them"
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
          --no-install-recommends "${missing[@]}" >/dev/null 2>&1; } \
        || echo "warning: could not install ${missing[*]}; the bundle will rely on the system's" >&2
    fi
  fi
  echo "== building dist/$APP_NAME with $("$PY" -m PyInstaller --version 2>/dev/null)"
  build_start=$(now)
  mkdir -p build
  if ! "$PY" -m PyInstaller --noconfirm --log-level WARN build.spec >build/pyinstaller.log 2>&1; then
    tail -30 build/pyinstaller.log >&2
    echo "FAILED: the PyInstaller build (log: build/pyinstaller.log)" >&2
    exit 1
  fi
  echo "   built in $(since "$build_start") s"
fi
BUNDLE=$ROOT/dist/$APP_NAME
[ -x "$BUNDLE/$APP_NAME" ] || { echo "FAILED: no $BUNDLE/$APP_NAME" >&2; exit 1; }
bundle_mb=$(du -sm "$BUNDLE" | cut -f1)
bundle_files=$(find "$BUNDLE" -type f | wc -l)

# --- 2. Copy the folder as an officer would, into an awkward path, portable ---------------
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
app="$work/Zoë Ñandú-O'Brien/CSP app/$APP_NAME"
mkdir -p "$(dirname "$app")" "$work/home" "$work/tmp" "$work/out"
cp -a "$BUNDLE" "$app"
touch "$app/portable"
(cd "$app" && find . -path ./data -prune -o -type f -print | sort) >"$work/before.txt"
out="$work/out/Partnership papers"
mkdir -p "$out"

# A bare environment: no CSP_DESKTOP_* overrides, an empty HOME, a desktop's UTF-8 locale.
run_app() {
  env -i PATH=/usr/bin:/bin HOME="$work/home" TMPDIR="$work/tmp" LANG=C.UTF-8 \
    QT_QPA_PLATFORM=offscreen "$app/$APP_NAME" "$@"
}

step() {  # step NAME COMMAND...: run, time, report; record a failure and carry on
  local name=$1; shift
  local started; started=$(now)
  if "$@" >"$work/step.out" 2>"$work/step.err"; then
    printf "   ok    %-34s %6s s\n" "$name" "$(since "$started")"
    if [ -s "$work/step.err" ]; then sed 's/^/         stderr: /' "$work/step.err" | head -5; fi
  else
    local code=$?
    printf "   FAIL  %-34s %6s s (exit %s)\n" "$name" "$(since "$started")" "$code"
    sed 's/^/         /' "$work/step.err" "$work/step.out" | tail -8
    failures+=("$name (exit $code)")
  fi
}

echo "== running the bundle from: $app"
step "--version" run_app --version
step "demo" run_app demo
step "--smoke-test (cold start)" run_app --smoke-test
step "meetings --json" run_app meetings --json
cp "$work/step.out" "$work/meetings.json"
meeting=$("$PY" - "$work/meetings.json" <<'PYEOF'
import json, sys
try:
    data = json.load(open(sys.argv[1], encoding="utf-8"))
except ValueError:
    sys.exit(0)
rows = data.get("meetings", []) if isinstance(data, dict) else data
rows = [row for row in rows if isinstance(row, dict) and "id" in row]
# The latest meeting that has minutes (approved or drafted), else the latest one held.
rows.sort(key=lambda row: str(row.get("date", "")))
minuted = [row for row in rows if row.get("status") in ("approved", "minutes_drafted")]
held = [row for row in rows if row.get("status") not in ("draft", "agenda_issued", "cancelled")]
print((minuted or held or rows or [{"id": ""}])[-1]["id"])
PYEOF
)
if [ -z "$meeting" ]; then
  echo "   FAIL  no meeting id in 'meetings --json'; using the first meeting id 1"
  failures+=("picking a meeting from meetings --json")
  meeting=1
fi
step "export minutes $meeting" run_app export minutes "$meeting" -o "$out/Minutes – Zoë.docx"
step "export actions" run_app export actions -o "$out/Action tracker.xlsx"
step "import actions (that tracker)" run_app import actions "$out/Action tracker.xlsx"
step "check" run_app check
expect_refusal() {  # a user error: exit 2 and exactly one plain line, no traceback
  local code=0
  run_app "$@" >/dev/null 2>"$work/refusal.err" || code=$?
  [ "$code" -eq 2 ] && [ "$(wc -l <"$work/refusal.err")" -eq 1 ] && ! grep -q Traceback "$work/refusal.err" \
    && sed 's/^/         /' "$work/refusal.err" >&2
}
step "unknown meeting: one-line refusal" expect_refusal export minutes 999999 -o "$out/none.docx"

# --- 3. What came out, and what was written where ------------------------------------------
step "outputs open as Word and Excel" "$PY" - "$out" <<'PYEOF'
import sys, zipfile
from pathlib import Path
out = Path(sys.argv[1])
for name, part in (("Minutes – Zoë.docx", "word/document.xml"), ("Action tracker.xlsx", "xl/workbook.xml")):
    with zipfile.ZipFile(out / name) as archive:
        assert part in archive.namelist(), f"{name} has no {part}"
PYEOF

data="$app/data"
(cd "$app" && find . -path ./data -prune -o -type f -print | sort) >"$work/after.txt"
outside_app=$(comm -13 "$work/before.txt" "$work/after.txt")
in_home=$(cd "$work/home" && find . -type f | sort)
in_tmp=$(cd "$work/tmp" && find . -type f | sort)
echo "== written in data/ beside the app:"
(cd "$data" 2>/dev/null && find . -type f | sort | sed 's/^/   /')
if [ -n "$outside_app$in_home" ]; then
  echo "   FAIL  files written outside data/:"
  printf '%s\n' "$outside_app" "$in_home" | sed '/^$/d; s/^/         /'
  failures+=("writes outside data/")
else
  echo "   ok    nothing written in the app folder outside data/, nor in HOME"
fi
[ -z "$in_tmp" ] || echo "   note  temporary files left in TMPDIR: $(echo "$in_tmp" | wc -l)"
[ -f "$data/csp-desktop.db" ] || failures+=("no database in data/ (portable mode)")
# Without the marker the same folder keeps its data in the per-user folder instead.
rm "$app/portable"
step "per-user mode (no marker): meetings" run_app meetings
if [ -f "$work/home/.local/share/$APP_NAME/logs/csp-desktop.log" ]; then
  echo "   ok    without the marker the data folder is HOME/.local/share/$APP_NAME/"
else
  failures+=("per-user mode did not use HOME/.local/share/$APP_NAME")
fi
touch "$app/portable"
if [ -f "$data/logs/csp-desktop.log" ]; then
  if grep -q "Traceback" "$data/logs/csp-desktop.log"; then
    echo "   FAIL  the support log holds a traceback:"
    grep -A12 "Traceback" "$data/logs/csp-desktop.log" | head -30 | sed 's/^/         /'
    failures+=("traceback in the support log")
  fi
else
  failures+=("no support log in data/logs/")
fi

# --- 4. Cold start, bundle against source ---------------------------------------------------
median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
bundle_times=() source_times=()
for _ in $(seq "$SMOKE_RUNS"); do
  t=$(now); run_app --smoke-test >/dev/null 2>&1 && bundle_times+=("$(since "$t")")
  t=$(now)
  env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
    CSP_DESKTOP_DB="$data/csp-desktop.db" \
    CSP_DESKTOP_DATA_DIR="$work/source-data" "$PY" -m csp_desktop --smoke-test >/dev/null 2>&1 \
    && source_times+=("$(since "$t")")
done

echo "== summary"
echo "   bundle: $bundle_mb MB, $bundle_files files ($BUNDLE)"
if [ ${#bundle_times[@]} -gt 0 ]; then
  echo "   --smoke-test, median of ${#bundle_times[@]}: bundle $(printf '%s\n' "${bundle_times[@]}" | median) s" \
    "(${bundle_times[*]}); source $(printf '%s\n' "${source_times[@]:-0}" | median) s (${source_times[*]:-failed})"
fi
echo "   total time: $(since "$script_start") s"
if [ ${#failures[@]} -gt 0 ]; then
  echo "FAILED (${#failures[@]}):" >&2
  printf '   - %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "all bundle checks passed"
