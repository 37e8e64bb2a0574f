"""Writes PNGs of the sync dialog (linked, offline, a conflict), light and dark, from demo data."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from screenshots import SHOT_TIME, settle  # the script beside this one

# Nothing listens on port 1: the sync fails as it does on a train, in its own words.
SERVER = "postgresql+psycopg://athlete@127.0.0.1:1/alloy"


def linked_offline(alloy: Any, me: Any) -> None:
    """The demo lifter linked to a server that can't be reached, with one conflict on record.

    Written straight to the store: linking for real needs a running server.
    """
    from alloy_desktop.api import schemas
    from alloy_desktop.services.sync.service import SyncService
    from alloy_desktop.store.models import SyncConflict, SyncLink

    user_id = me.user.id
    with alloy.context.write() as s:
        s.add(SyncLink(user_id=user_id, server_url=SERVER, server_user_id=1))
        s.add(
            SyncConflict(
                user_id=user_id,
                table_name="session_exercises",
                uid="3f1c2a9e-5b7d-4c11-9e0a-8d2f6b4c7a10",
                winner="server",
                losing_values={"sets": 4},
                recorded_at=SHOT_TIME - timedelta(days=1, hours=2),
            )
        )
    SyncService(alloy.context, user_id).sync_now()  # records the offline sentence
    with alloy.context.write() as s:  # an earlier sync that worked, so "last sync" has a time
        link = s.query(SyncLink).filter_by(user_id=user_id).one()
        link.last_sync_at = SHOT_TIME - timedelta(hours=3)
    # Logged since: waiting to go up (the outbox's triggers record it).
    me.body_weight.log(schemas.BodyWeightCreate(81.4))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    from alloy_desktop.api import Alloy
    from alloy_desktop.demo import ensure_demo
    from alloy_desktop.ui.viewmodels.session import AppSession
    from alloy_desktop.ui.viewmodels.sync import SyncViewModel
    from alloy_desktop.ui.viewmodels.tasks import InlineTaskRunner
    from alloy_desktop.ui.views.sync_dialog import SyncDialog
    from alloy_desktop.ui.widgets import theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as tmp:
        alloy = Alloy.open(Path(tmp) / "alloy.db", data_dir=Path(tmp), clock=lambda: SHOT_TIME)
        token = ensure_demo(alloy).token
        linked_offline(alloy, alloy.for_token(token))
        for scheme in ("light", "dark"):
            theme.apply(app, dark=scheme == "dark")  # type: ignore[arg-type]
            session = AppSession(alloy, InlineTaskRunner())
            session.resume(token)
            vm = SyncViewModel(session)
            dialog = SyncDialog(vm, session.me.user.email)
            dialog.show()
            settle(app)
            dialog.adjustSize()
            settle(app)
            path = args.out / f"sync-dialog-{scheme}.png"
            dialog.grab().save(str(path))
            print(path)
            dialog.close()
        alloy.close()
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # as screenshots.py: skip a finalisation crash after every file is written
