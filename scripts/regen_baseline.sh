#!/usr/bin/env bash
# Regenerate the (not yet released) baseline migration from the models.
# Once a version has shipped, add a new migration instead of running this.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-python}
tmp=$(mktemp -d)
# Later migrations (0002_search_index, ...) name the baseline as their parent: set them
# aside while it is regenerated against an empty database, and put them back after.
versions=csp_desktop/storage/migrations/versions
mkdir "$tmp/later"
find "$versions" -maxdepth 1 -name '0*.py' ! -name '0001_baseline.py' -exec mv {} "$tmp/later/" \;
trap 'mv "$tmp/later/"*.py "$versions/" 2>/dev/null || true; rm -rf "$tmp"' EXIT
rm -f csp_desktop/storage/migrations/versions/0001_baseline.py
$PY - "$tmp" <<'PYEOF'
import sys
from alembic import command
from csp_desktop.storage.migrate import alembic_config
cfg = alembic_config()
cfg.set_main_option("sqlalchemy.url", f"sqlite:///{sys.argv[1]}/autogen.db")
command.revision(cfg, message="baseline", autogenerate=True, rev_id="0001_baseline")
PYEOF
mv csp_desktop/storage/migrations/versions/0001_baseline_baseline.py csp_desktop/storage/migrations/versions/0001_baseline.py
# Alembic's template leaves the imports unsorted; sort them so `ruff check` stays clean.
$PY -m ruff check -q --fix --select I csp_desktop/storage/migrations/versions/0001_baseline.py
$PY -m ruff format -q csp_desktop/storage/migrations/versions/0001_baseline.py
echo "regenerated csp_desktop/storage/migrations/versions/0001_baseline.py"
