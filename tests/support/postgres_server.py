"""A real PostgreSQL 15 (Debian's packages) for the team suite: a fresh cluster in a temp folder,
listening on 127.0.0.1 only, on a free port, with its unix socket in that folder too.

PostgreSQL refuses to run as root: as root the cluster is made and run as the `postgres` user
(`runuser`). Password authentication (scram) even on loopback, as a deployment would have it.
Durability switches are off (fsync, full-page writes): the tests kill clients, not the server.

    with PostgresServer() as pg:
        dsn = pg.create_database("lib1")
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.support.services import Service, free_port, wait_until

PG_BIN = Path("/usr/lib/postgresql/15/bin")


def available() -> str | None:
    """None when a cluster can be started here; else why not (one line, for pytest.skip)."""
    if not (PG_BIN / "initdb").exists():
        return f"PostgreSQL 15 is not installed ({PG_BIN}); scripts/install_postgres.sh installs it"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser: cannot start PostgreSQL as the postgres user"
    return None


class PostgresServer(Service):
    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="touyan-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.password = secrets.token_hex(12)
        self.port = 0
        self._as_postgres = os.geteuid() == 0

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = ["runuser", "-u", "postgres", "--", *args] if self._as_postgres else list(args)
        return subprocess.run(cmd, check=check, capture_output=True, text=True, timeout=120)

    def start(self) -> PostgresServer:
        if self._as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        pwfile = self.folder / "pw"
        pwfile.write_text(self.password)
        if self._as_postgres:
            shutil.chown(pwfile, "postgres", "postgres")
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=scram-sha-256",
                  f"--pwfile={pwfile}", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        pwfile.unlink()
        for attempt in range(3):  # the free port may be taken between choosing and binding it
            self.port = free_port()
            options = (f"-h 127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off -c full_page_writes=off "
                       "-c synchronous_commit=off -c max_connections=200 -c shared_buffers=64MB")
            started = self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.log),
                                "-w", "-t", "60", "start", check=False)
            if started.returncode == 0:
                break
            if attempt == 2:
                raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{self.log.read_text()[-2000:]}")
        wait_until(self._accepts, timeout_s=30, what="PostgreSQL", log=self.log)
        return self

    def _accepts(self) -> bool:
        import psycopg

        try:
            with psycopg.connect(self.dsn(), connect_timeout=2):
                return True
        except psycopg.OperationalError:
            return False

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://postgres:{self.password}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database (one per test keeps tests apart); its DSN."""
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.dsn(name)

    def stop(self) -> None:
        if self.data.exists():
            self._run(str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)
