"""Writes a new Alembic revision by comparing the models with a database migrated to head."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from alembic import command

from alloy_desktop.store.engine import make_engine
from alloy_desktop.store.migrate import alembic_config, upgrade_to_head


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("message")
    parser.add_argument("--rev-id", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(Path(tmp) / "autogen.db")
        upgrade_to_head(engine)
        cfg = alembic_config(engine)
        command.revision(cfg, message=args.message, autogenerate=True, rev_id=args.rev_id)  # type: ignore[arg-type]
        engine.dispose()


if __name__ == "__main__":
    main()
