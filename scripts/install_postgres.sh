#!/usr/bin/env bash
# Debian's PostgreSQL 15 for the team-mode suite (tests/team): the tests make and run their own cluster
# in a temp folder, as the postgres user, on a free 127.0.0.1 port; the packaged cluster is not used.
# Does nothing when initdb is already there.
set -euo pipefail
INITDB=/usr/lib/postgresql/15/bin/initdb
[ -x "$INITDB" ] && exit 0
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql-15
"$INITDB" --version
