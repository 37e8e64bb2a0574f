"""The import use-case: preview (read, map, check) and commit (one transaction)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from alloy_desktop.domain.enums import WeightUnit
from alloy_desktop.services.context import UserContext
from alloy_desktop.services.errors import AlloyError
from alloy_desktop.services.schemas import ImportPreview, ImportResult


class ImportCancelled(AlloyError):
    """The lifter pressed Cancel; nothing was written."""


class ImportService:
    """`me.imports`: preview(path) then commit(preview, overrides)."""

    def __init__(self, ctx: UserContext) -> None:
        self._ctx = ctx

    def preview(self, path: str | Path, unit: WeightUnit | str | None = None) -> ImportPreview:
        raise NotImplementedError

    def commit(
        self,
        preview: ImportPreview,
        overrides: Mapping[str, int | None] | None = None,
        unit: WeightUnit | str | None = None,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> ImportResult:
        raise NotImplementedError
