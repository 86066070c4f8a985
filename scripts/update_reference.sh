#!/usr/bin/env bash
# Regenerates the scenario reference in scenarios/README.md from the schema in code.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh >/dev/null
/usr/bin/python3 - <<'PY'
import pathlib, subprocess
readme = pathlib.Path("scenarios/README.md")
text = readme.read_text()
begin, end = "<!-- BEGIN GENERATED REFERENCE -->\n", "<!-- END GENERATED REFERENCE -->"
generated = subprocess.run(["build/dealsim", "schema"], capture_output=True, text=True, check=True).stdout
head, rest = text.split(begin, 1)
tail = rest.split(end, 1)[1]
readme.write_text(head + begin + generated + end + tail)
PY
