"""Export of workouts as Strong-layout CSV, and a full JSON backup and restore of one user."""

from __future__ import annotations

from alloy_desktop.services.context import UserContext


class BackupService:
    """`me.backup`: export_csv(path), backup(path), restore(path)."""

    def __init__(self, ctx: UserContext) -> None:
        self._ctx = ctx
