"""Store fixtures: one throwaway PostgreSQL cluster per run, on 127.0.0.1, always removed.

The server binaries come from the Debian package `postgresql` (`make test` installs it as
root through `scripts/sysdeps.sh --test`); without them, or without the psycopg driver, every
test using these fixtures is skipped with the reason. ALLOY_PG_BINDIR points at another
folder holding `initdb` and `pg_ctl`.
"""

from __future__ import annotations

import atexit
import os
import pwd
from collections.abc import Iterator

import pytest
from pg_cluster import INSTALL_HINT, SERVER_USER, PgCluster, find_bindir

from alloy_desktop.store.database import open_database


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """One running throwaway cluster for the whole run; skipped when it cannot exist here."""
    pytest.importorskip("psycopg", reason="the psycopg driver is missing: pip install -e '.[test]'")
    bindir = find_bindir()
    if bindir is None:
        pytest.skip(f"PostgreSQL server binaries (initdb, pg_ctl) not found; {INSTALL_HINT}")
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SERVER_USER)
        except KeyError:
            pytest.skip(f"running as root needs the '{SERVER_USER}' user; {INSTALL_HINT}")
    cluster = PgCluster(bindir)
    atexit.register(cluster.stop)  # should the run be killed before fixture teardown
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
        atexit.unregister(cluster.stop)


@pytest.fixture(scope="session")
def pg_template(pg_cluster: PgCluster) -> str:
    """The name of a database migrated to head and seeded once, to be copied per test."""
    url = pg_cluster.create_database("alloy_template")
    open_database(url).close()  # closed: PostgreSQL copies only a template nobody is using
    return url.rsplit("/", 1)[1]


@pytest.fixture
def pg_url(pg_cluster: PgCluster, pg_template: str) -> Iterator[str]:
    """A private, migrated and seeded PostgreSQL database for one test."""
    url = pg_cluster.create_database("alloy", template=pg_template)
    yield url
    pg_cluster.drop_database(url)


@pytest.fixture
def pg_empty_url(pg_cluster: PgCluster) -> Iterator[str]:
    """A private, empty PostgreSQL database for one test."""
    url = pg_cluster.create_database("empty")
    yield url
    pg_cluster.drop_database(url)
