"""Prints how long a fresh database takes to migrate and seed, and a second open (target: < 1 s)."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from alloy_desktop.store.database import open_database
from alloy_desktop.store.engine import make_engine
from alloy_desktop.store.migrate import upgrade_to_head
from alloy_desktop.store.models import Base
from alloy_desktop.store.seed import ensure_seeded


def _timed(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


def main() -> None:
    migrate, seed, fresh, reopen = [], [], [], []
    for _ in range(5):
        with tempfile.TemporaryDirectory() as tmp:
            engine = make_engine(Path(tmp) / "a.db")
            migrate.append(_timed(lambda engine=engine: upgrade_to_head(engine)))
            seed.append(_timed(lambda engine=engine: ensure_seeded(engine)))
            engine.dispose()
            path = Path(tmp) / "b.db"
            fresh.append(_timed(lambda path=path: open_database(path).close()))
            reopen.append(_timed(lambda path=path: open_database(path).close()))
    memory = _timed(lambda: open_database(":memory:").close())
    tables = len(Base.metadata.sorted_tables)
    print(f"migrate empty file to head ({tables} tables): {statistics.median(migrate):7.1f} ms")
    seed_ms = statistics.median(seed)
    print(f"seed reference data (bulk):             {seed_ms:7.1f} ms  (target < 1000)")
    print(f"open fresh file (migrate + seed):       {statistics.median(fresh):7.1f} ms")
    print(f"reopen seeded file (no work to do):     {statistics.median(reopen):7.1f} ms")
    print(f"open :memory: (create_all + seed):      {memory:7.1f} ms")


if __name__ == "__main__":
    main()
