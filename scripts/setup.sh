#!/bin/sh
# Creates the virtual environment, installs the project with its test tools, compiles the
# translations, and makes sure Debian's chromium (for the browser tests) is there.
# Safe to run again: every step is skipped or repeated harmlessly.
set -eu
PY=${PY:-python3}
VENV=${VENV:-.venv}
cd "$(dirname "$0")/.."

if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
fi
stamp="$VENV/.installed-$(cat pyproject.toml | cksum | cut -d' ' -f1)"
if [ ! -f "$stamp" ]; then
    "$VENV/bin/python" -m pip install --quiet --upgrade pip
    "$VENV/bin/python" -m pip install --quiet -e ".[test]"
    rm -f "$VENV"/.installed-*
    touch "$stamp"
fi

# Browser tests drive Debian's chromium; PDF rendering needs pango; translations need gettext.
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
command -v msgfmt >/dev/null 2>&1 || need="$need gettext"
ldconfig -p 2>/dev/null | grep -q libpango-1.0 || need="$need libpango-1.0-0 libpangoft2-1.0-0"
if [ -n "$need" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
    else
        echo "Missing system packages:$need (install them with your package manager)" >&2
        exit 1
    fi
fi

"$VENV/bin/python" manage.py compilemessages --ignore=.venv -v 0
