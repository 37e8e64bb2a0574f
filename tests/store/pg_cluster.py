"""A throwaway PostgreSQL cluster: initdb into a temporary folder, pg_ctl start on 127.0.0.1."""

from __future__ import annotations

import contextlib
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
from itertools import count
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

PG_USER = "alloy"
SERVER_USER = "postgres"  # the server refuses to run as root; as root it runs as this user
COMMAND_TIMEOUT_S = 60  # initdb, pg_ctl start and stop each wait at most this long
START_ATTEMPTS = 3  # a free port can be taken between choosing and binding it
INSTALL_HINT = (
    "sudo apt-get install --no-install-recommends postgresql"
    " (or, as root, bash scripts/sysdeps.sh --test)"
)


def find_bindir() -> Path | None:
    """The newest folder holding initdb and pg_ctl (ALLOY_PG_BINDIR first), or None."""
    candidates: list[Path] = []
    if os.environ.get("ALLOY_PG_BINDIR"):
        candidates.append(Path(os.environ["ALLOY_PG_BINDIR"]))
    versions = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(versions, key=lambda p: _version(p.parent.name), reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class PgCluster:
    """initdb, pg_ctl start and stop around a temporary folder; owns nothing else."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.as_root = os.geteuid() == 0
        # Not under pytest's basetemp: that is private to the user running pytest (0700), and
        # as root the server runs as `postgres`, which must reach its data folder.
        self.root = Path(tempfile.mkdtemp(prefix="alloy-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.password = secrets.token_urlsafe(16)
        self.port = 0
        self._names = count(1)
        self._stopped = False

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> None:
        """Creates the cluster and starts it on a free 127.0.0.1 port (bounded waits)."""
        pwfile = self.root / "pwfile"
        pwfile.write_text(self.password + "\n")
        pwfile.chmod(0o600)
        if self.as_root:
            user = pwd.getpwnam(SERVER_USER)
            for path in (self.root, pwfile):
                os.chown(path, user.pw_uid, user.pw_gid)
        self._run(
            "initdb",
            "-D", str(self.data),
            "-U", PG_USER,
            f"--pwfile={pwfile}",
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )  # fmt: skip
        pwfile.unlink()
        for attempt in range(1, START_ATTEMPTS + 1):
            self.port = _free_port()
            try:
                self._pg_ctl_start()
                return
            except RuntimeError:
                if attempt == START_ATTEMPTS:
                    raise

    def crash(self) -> None:
        """Kills the server as a power cut would (immediate shutdown: no checkpoint, open
        transactions lost); `restart` brings it back through crash recovery."""
        self._run(
            "pg_ctl", "stop", "-D", str(self.data), "-m", "immediate",
            "-w", "-t", str(COMMAND_TIMEOUT_S),
        )  # fmt: skip

    def restart(self) -> None:
        """Starts the crashed server again on the same data folder and port."""
        self._pg_ctl_start()

    def _pg_ctl_start(self) -> None:
        options = " ".join(
            [
                "-c listen_addresses=127.0.0.1",
                f"-c port={self.port}",
                f"-c unix_socket_directories={self.root}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
            ]
        )
        self._run(
            "pg_ctl", "start", "-D", str(self.data), "-l", str(self.log),
            "-w", "-t", str(COMMAND_TIMEOUT_S), "-o", options,
        )  # fmt: skip

    def stop(self) -> None:
        """Stops the server (immediately: nothing here is worth keeping) and deletes it all."""
        if self._stopped:
            return
        self._stopped = True
        try:
            if (self.data / "postmaster.pid").exists():
                try:
                    self._run(
                        "pg_ctl", "stop", "-D", str(self.data), "-m", "immediate",
                        "-w", "-t", str(COMMAND_TIMEOUT_S),
                    )  # fmt: skip
                except (RuntimeError, subprocess.TimeoutExpired):
                    self._kill_postmaster()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def _kill_postmaster(self) -> None:
        with contextlib.suppress(OSError, ValueError, IndexError):
            pid = int((self.data / "postmaster.pid").read_text().split()[0])
            os.kill(pid, signal.SIGKILL)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if self.as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        output = self.root / f"{program}.out"
        with output.open("wb") as out:
            # Output goes to a file, not a pipe: the server pg_ctl forks must not hold our pipe.
            result = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.root,
                timeout=COMMAND_TIMEOUT_S + 10,
                check=False,
            )
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{program} failed ({result.returncode}):\n"
                f"{output.read_text(errors='replace')[-2000:]}\n{log}"
            )

    # --- databases ------------------------------------------------------------------------

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL for one database of this cluster, through psycopg 3."""
        return URL.create(
            "postgresql+psycopg",
            username=PG_USER,
            password=self.password,
            host="127.0.0.1",
            port=self.port,
            database=database,
        ).render_as_string(hide_password=False)

    def create_database(self, prefix: str, template: str | None = None) -> str:
        """A new database (a copy of `template` when given); returns its URL."""
        name = f"{prefix}_{next(self._names)}"
        self._admin(f"CREATE DATABASE {name}" + (f" TEMPLATE {template}" if template else ""))
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drops a database made by create_database, closing any connection left to it."""
        self._admin(f"DROP DATABASE IF EXISTS {make_url(url).database} WITH (FORCE)")

    def _admin(self, statement: str) -> None:
        # CREATE/DROP DATABASE refuse to run inside a transaction.
        engine = create_engine(self.url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            with engine.connect() as conn:
                conn.execute(text(statement))
        finally:
            engine.dispose()
