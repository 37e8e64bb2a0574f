"""The movement library: fast in-memory search over the cached catalog."""

from __future__ import annotations

from alloy_desktop.domain.catalog import MovementInfo
from alloy_desktop.domain.enums import Equipment, MovementPattern, MuscleGroup
from alloy_desktop.services import validate
from alloy_desktop.services.context import UserContext
from alloy_desktop.services.errors import NotFound
from alloy_desktop.services.schemas import MovementResponse

MAX_RESULTS = 1000


def normalise(text: str) -> str:
    """Case-folded, hyphens and runs of spaces as one space, so "Pull-up" matches "pull up"."""
    return " ".join(text.casefold().replace("-", " ").replace("_", " ").split())


class LibraryService:
    """Search and look up movements; reference data, so nothing here is user-owned."""

    def __init__(self, ctx: UserContext) -> None:
        self._ctx = ctx

    def search(
        self,
        text: str = "",
        muscle: MuscleGroup | str | None = None,
        equipment: Equipment | str | None = None,
        pattern: MovementPattern | str | None = None,
        limit: int = 50,
    ) -> list[MovementResponse]:
        """Movements whose name contains `text`, best first: name prefix, word prefix, the rest."""
        query = normalise(validate.text(text, "text", 100))
        group = validate.optional_enum(MuscleGroup, muscle, "muscle")
        kit = validate.optional_enum(Equipment, equipment, "equipment")
        kind = validate.optional_enum(MovementPattern, pattern, "pattern")
        count = validate.whole(limit, "limit", 1, MAX_RESULTS)
        ranked: list[tuple[tuple[int, int, str], MovementInfo]] = []
        for movement in self._ctx.catalog.movements:
            if kit is not None and movement.equipment is not kit:
                continue
            if kind is not None and movement.pattern is not kind:
                continue
            if group is not None and group not in movement.primary | movement.secondary:
                continue
            name = normalise(movement.name)
            if query not in name:
                continue
            # Where a muscle was asked for, movements that work it primarily come first.
            secondary_only = int(group is not None and group not in movement.primary)
            ranked.append(((_text_rank(name, query), secondary_only, name), movement))
        ranked.sort(key=lambda pair: pair[0])
        return [movement_response(movement) for _, movement in ranked[:count]]

    def get(self, movement_id: int) -> MovementResponse:
        """One movement by id."""
        info = self._ctx.catalog.by_id.get(validate.identifier(movement_id, "movement_id"))
        if info is None:
            raise NotFound("That movement isn't in the library.")
        return movement_response(info)

    def muscle_groups(self) -> list[MuscleGroup]:
        """Every muscle group, for a filter list."""
        return list(MuscleGroup)

    def equipment_choices(self) -> list[Equipment]:
        """Every kind of equipment, for a filter list and the profile's equipment picker."""
        return list(Equipment)


def _text_rank(name: str, query: str) -> int:
    """0: the name starts with the text; 1: a later word does; 2: it only contains it."""
    if not query or name.startswith(query):
        return 0
    if f" {query}" in name:
        return 1
    return 2


def movement_response(info: MovementInfo) -> MovementResponse:
    """A catalog entry as the api's result, muscles in the enum's order."""
    return MovementResponse(
        id=info.id,
        name=info.name,
        pattern=info.pattern,
        equipment=info.equipment,
        level=info.level,
        category=info.category,
        is_compound=info.is_compound,
        primary_muscles=tuple(g for g in MuscleGroup if g in info.primary),
        secondary_muscles=tuple(g for g in MuscleGroup if g in info.secondary),
        is_custom=info.is_custom,
    )
