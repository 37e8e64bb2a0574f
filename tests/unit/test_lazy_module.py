"""The lazy stand-in for a module: imports on first use, once, from any thread."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from alloy_desktop.store.lazy import LazyModule, lazy_module

PROBE = """
import time
time.sleep(0.05)  # a slow import, so threads asking together overlap inside it
LOADS.append(1)
value = 42
"""


@pytest.fixture
def probe(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[str, list[int]]]:
    """A fresh module nobody has imported, and the list its body appends to when it runs."""
    name = f"lazy_probe_{request.node.name.replace('[', '_').replace(']', '_')}"
    (tmp_path / f"{name}.py").write_text(PROBE, encoding="utf-8")
    loads: list[int] = []
    import builtins

    builtins.LOADS = loads  # type: ignore[attr-defined]
    sys.path.insert(0, str(tmp_path))
    try:
        yield name, loads
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop(name, None)
        del builtins.LOADS  # type: ignore[attr-defined]


def test_nothing_is_imported_until_a_name_is_read(probe: tuple[str, list[int]]) -> None:
    name, loads = probe
    stand_in = lazy_module(name)
    assert isinstance(stand_in, LazyModule)
    assert name not in sys.modules and loads == []
    assert repr(stand_in) == f"<lazy module {name}>"
    assert stand_in.value == 42
    assert stand_in.value == 42
    assert name in sys.modules and loads == [1]


def test_an_imported_module_is_handed_back_as_itself() -> None:
    import json

    assert lazy_module("json") is json


def test_threads_reading_together_share_one_import(probe: tuple[str, list[int]]) -> None:
    name, loads = probe
    stand_in = lazy_module(name)
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda _: stand_in.value, range(32)))
    assert found == [42] * 32
    assert loads == [1]  # the body ran once, however many threads asked at once


def test_a_module_still_being_imported_is_not_handed_out(probe: tuple[str, list[int]]) -> None:
    """Another thread's import in progress: its half-built module would lack the names."""
    import importlib.util
    import types

    name, loads = probe
    half_built = types.ModuleType(name)
    half_built.__spec__ = importlib.util.spec_from_loader(name, loader=None)
    half_built.__spec__._initializing = True  # type: ignore[union-attr]
    sys.modules[name] = half_built
    try:
        stand_in = lazy_module(name)
        assert isinstance(stand_in, LazyModule)
    finally:
        del sys.modules[name]
    assert stand_in.value == 42 and loads == [1]  # the real import, once it is its turn


def test_a_missing_name_raises_attribute_error(probe: tuple[str, list[int]]) -> None:
    with pytest.raises(AttributeError):
        _ = lazy_module(probe[0]).no_such_name


def test_the_orm_warms_up_on_a_background_thread() -> None:
    """A fresh interpreter, as at start-up: the warm-up loads and configures the models."""
    import subprocess

    script = (
        "import sys\n"
        "from alloy_desktop.store.lazy import warm_up_orm\n"
        "assert 'alloy_desktop.store.models' not in sys.modules\n"
        "thread = warm_up_orm()\n"
        "thread.join(60)\n"
        "from sqlalchemy.orm import class_mapper\n"
        "from alloy_desktop.store import models\n"
        "print(thread.name, thread.is_alive(), sys.getswitchinterval() <= 0.001,\n"
        "      class_mapper(models.Program).configured)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["alloy-orm-warm-up", "False", "True", "True"]
