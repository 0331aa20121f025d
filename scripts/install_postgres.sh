#!/usr/bin/env bash
# Debian's PostgreSQL 15 for the team-mode suite (tests/team): the tests make and run their own cluster
# in a temp folder, as the postgres user, on a free 127.0.0.1 port; the packaged cluster is not used.
# Does nothing when initdb is already there.
set -euo pipefail
if [ -x /usr/lib/postgresql/15/bin/initdb ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends postgresql-15
/usr/lib/postgresql/15/bin/initdb --version
