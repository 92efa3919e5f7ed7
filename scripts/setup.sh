#!/usr/bin/env bash
# Sets up everything Kommunen-KG needs on a fresh Debian machine: the system packages the
# browser tests and the second SPARQL engine need, and a virtual environment with the project.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
SYSTEM_PACKAGES="chromium virtuoso-opensource-7-bin"

missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v virtuoso-t >/dev/null 2>&1 || missing="$missing virtuoso-opensource-7-bin"
if [ -n "$missing" ] && [ "${KG_SKIP_SYSTEM:-0}" != "1" ]; then
    if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
    echo "setup: installing Debian packages:$missing"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $SYSTEM_PACKAGES >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
    echo "setup: creating the virtual environment .venv"
    "$PY" -m venv .venv
fi
stamp=.venv/.kg-installed
# pip and the build backend talk a lot (deprecation notes, index warnings): their output goes to a
# log that is shown only when the install fails
log=.venv/setup.log
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "setup: installing the project and its dependencies into .venv (about a minute; log: $log)"
    if ! { .venv/bin/python -m pip install -q --upgrade pip \
            && .venv/bin/python -m pip install -q -e '.[dev]' \
            && .venv/bin/python -m ipykernel install --sys-prefix --name python3; } >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        echo "setup: installing failed; the whole log is in $log" >&2
        exit 1
    fi
    touch "$stamp"
fi
# strip notebook outputs on `git add` (the filter lives in this clone's git config only)
if git rev-parse --git-dir >/dev/null 2>&1 && ! git config --get filter.nbstripout.clean >/dev/null 2>&1; then
    .venv/bin/nbstripout --install >/dev/null 2>&1 || echo "setup: could not register nbstripout (run .venv/bin/nbstripout --install)"
fi
echo "setup: ready (.venv)"
