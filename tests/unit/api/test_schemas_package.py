"""The schemas package: every name resolves from both import paths; the rest loads on use."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest

from alloy_desktop.api import schemas as api_schemas
from alloy_desktop.services import schemas


def defined_in(module: object) -> set[str]:
    """The dataclasses a module defines itself (not the ones it imports)."""
    name = getattr(module, "__name__", "")
    return {
        key
        for key, value in vars(module).items()
        if dataclasses.is_dataclass(value) and getattr(value, "__module__", "") == name
    }


def test_the_package_exports_every_schema_of_both_modules_once() -> None:
    from alloy_desktop.services.schemas import more, startup

    # A schema added to `more` but not named in the package would never resolve.
    expected = defined_in(startup) | defined_in(more) | {"SessionTimeBreakdown"}
    assert len(schemas.__all__) == len(set(schemas.__all__))
    assert set(schemas.__all__) == expected
    assert not defined_in(startup) & defined_in(more)


def test_every_exported_name_resolves_to_one_object_from_both_paths() -> None:
    for name in schemas.__all__:
        value = getattr(schemas, name)
        assert getattr(api_schemas, name) is value, name
        assert dataclasses.is_dataclass(value), name
    assert set(api_schemas.__all__) == set(schemas.__all__)
    assert {"WorkoutDetail", "TokenResponse"} <= set(dir(api_schemas))


def test_an_unknown_name_is_an_attribute_error_naming_it() -> None:
    with pytest.raises(AttributeError, match="NoSuchSchema"):
        _ = schemas.NoSuchSchema  # type: ignore[attr-defined]
    with pytest.raises(AttributeError, match="NoSuchSchema"):
        _ = api_schemas.NoSuchSchema  # type: ignore[attr-defined]
    with pytest.raises(ImportError):
        exec("from alloy_desktop.api.schemas import NoSuchSchema", {})


def test_the_rest_loads_only_when_one_of_its_names_is_used() -> None:
    probe = (
        "import sys\n"
        "from alloy_desktop.api import schemas\n"
        "from alloy_desktop.api.schemas import DailyPlanResponse\n"
        "more = 'alloy_desktop.services.schemas.more'\n"
        "print(more in sys.modules)\n"
        "from alloy_desktop.api.schemas import WorkoutDetail\n"
        "print(more in sys.modules, WorkoutDetail.__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["False", "True", "WorkoutDetail"]
