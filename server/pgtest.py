"""A throwaway PostgreSQL server for tests and benchmarks, safe to start as root.

PostgreSQL refuses to run as root, and CI runs as root, so when we are root ``initdb`` and
``pg_ctl`` run as the ``postgres`` OS user (``runuser -u postgres --``) in a temporary
directory that user owns. The server listens only on a Unix socket in that directory (no TCP
port to collide on, nothing reachable from outside) and is stopped and deleted afterwards.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

PG_BIN = Path(os.environ.get("KIOSK_PG_BIN", "/usr/lib/postgresql/15/bin"))
PG_USER = "postgres"


class PostgresUnavailable(RuntimeError):
    pass


@dataclass(frozen=True)
class PostgresInstance:
    socket_dir: Path
    port: int
    user: str
    data_dir: Path | None = None
    run_as: tuple[str, ...] = ()

    def restart(self) -> None:
        """Stop and start the cluster (fast shutdown: open connections are cut)."""
        assert self.data_dir is not None
        pg_ctl = [*self.run_as, str(PG_BIN / "pg_ctl"), "-D", str(self.data_dir)]
        # -l: the new postmaster must not inherit our pipes, or run() waits for it to exit.
        log = ["-l", str(self.socket_dir / "server.log")]
        _run([*pg_ctl, *log, "-m", "fast", "-w", "-t", "60", "restart"], cwd=self.socket_dir)

    def url(self, database: str = "postgres") -> str:
        """A ``postgresql://`` URL (psycopg 3) over the instance's Unix socket."""
        return f"postgresql://{self.user}@/{database}?host={self.socket_dir}&port={self.port}"

    def conninfo(self, database: str = "postgres") -> str:
        """The same, as a libpq connection string for plain psycopg."""
        return f"host={self.socket_dir} port={self.port} user={self.user} dbname={database}"


def _free_port() -> int:
    # Only names the socket file (.s.PGSQL.<port>); a free TCP port avoids any confusion.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _check_binaries() -> None:
    missing = [name for name in ("initdb", "pg_ctl") if not (PG_BIN / name).exists()]
    if missing:
        raise PostgresUnavailable(
            f"PostgreSQL binaries not found in {PG_BIN} ({', '.join(missing)} missing). "
            "Install the Debian package `postgresql` (make test does this as root), "
            "or set KIOSK_PG_BIN to the directory holding initdb and pg_ctl."
        )


@contextmanager
def running_postgres(*, durable: bool = False) -> Iterator[PostgresInstance]:
    """Start a fresh cluster; yields it and stops and deletes it on exit.

    ``durable=False`` turns fsync off (tests: much faster, nothing to lose);
    benchmarks pass ``durable=True`` so commits cost what they cost in production.
    """
    _check_binaries()
    as_root = os.geteuid() == 0
    if as_root:
        try:
            owner = pwd.getpwnam(PG_USER)
        except KeyError:
            raise PostgresUnavailable(
                f"running as root but there is no `{PG_USER}` OS user to run PostgreSQL as"
            ) from None
        prefix = ["runuser", "-u", PG_USER, "--"]
        user = PG_USER
    else:
        owner = None
        prefix = []
        user = pwd.getpwuid(os.geteuid()).pw_name
    # Directly under /tmp: pytest's own tmp dirs are 0700 root and the postgres user could
    # not reach a socket inside them.
    base = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    data = base / "data"
    if owner is not None:
        os.chown(base, owner.pw_uid, owner.pw_gid)
    port = _free_port()
    settings = [
        "-c listen_addresses=''",
        f"-c unix_socket_directories={base}",
        f"-p {port}",
        "-c max_connections=100",
    ]
    if not durable:
        settings += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
    started = False
    try:
        _run(
            [
                *prefix,
                str(PG_BIN / "initdb"),
                "-D",
                str(data),
                "-U",
                user,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                *([] if durable else ["--no-sync"]),
            ],
            cwd=base,
        )
        _run(
            [
                *prefix,
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(base / "server.log"),
                "-o",
                " ".join(settings),
                "-w",
                "-t",
                "60",
                "start",
            ],
            cwd=base,
        )
        started = True
        yield PostgresInstance(
            socket_dir=base, port=port, user=user, data_dir=data, run_as=tuple(prefix)
        )
    finally:
        if started:
            subprocess.run(
                [*prefix, str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                cwd=base,
                capture_output=True,
                check=False,
            )
        shutil.rmtree(base, ignore_errors=True)


def _run(command: list[str], *, cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        log = cwd / "server.log"
        tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
        tool = next((Path(part).name for part in command if str(PG_BIN) in part), command[0])
        raise PostgresUnavailable(
            f"{tool} failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}\n{tail}"
        )


def create_database(instance: PostgresInstance, name: str, *, template: str | None = None) -> str:
    """``CREATE DATABASE name [TEMPLATE t]``; returns its URL. Needs psycopg."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(instance.conninfo(), autocommit=True) as connection:
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            statement = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        connection.execute(statement)
    return instance.url(name)


def drop_database(instance: PostgresInstance, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(instance.conninfo(), autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
