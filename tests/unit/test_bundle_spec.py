"""alloy.spec's trims, checked without building the bundle: what it drops is never needed."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "alloy.spec"
SPEC_NAMES = {"EXCLUDES", "DROP_BINARIES", "ICU_UNREACHED"}


def _spec() -> dict[str, Any]:
    """The spec's settings and helper functions, without running PyInstaller."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    body = [
        node
        for node in tree.body
        if isinstance(node, (ast.FunctionDef, ast.Import))
        or (
            isinstance(node, ast.ImportFrom)
            and node.module
            and not node.module.startswith(("PyInstaller", "alloy_desktop"))
        )
        or (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id in SPEC_NAMES for t in node.targets)
        )
    ]
    namespace: dict[str, Any] = {}
    exec(compile(ast.Module(body=body, type_ignores=[]), str(SPEC), "exec"), namespace)
    return namespace


def test_dropped_binaries_spare_what_alloy_loads() -> None:
    drop = _spec()["DROP_BINARIES"]
    needed = [
        "PySide6/Qt/lib/libQt6Core.so.6",
        "PySide6/Qt/lib/libQt6OpenGL.so.6",  # pyqtgraph imports QtOpenGL at import time
        "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/imageformats/libqico.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        "rapidfuzz/fuzz_cpp.cpython-311-x86_64-linux-gnu.so",
        "rapidfuzz/distance/metrics_cpp.cpython-311-x86_64-linux-gnu.so",
    ]
    unneeded = [
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/generic/libqevdevmouseplugin.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/platforms/libqlinuxfb.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/imageformats/libqtiff.so",
        "rapidfuzz/fuzz_cpp_avx2.cpython-311-x86_64-linux-gnu.so",
        "pyqtgraph/icons/peegee/peegee_512px@2x.png",
    ]
    assert [path for path in needed if drop.search(path)] == []
    assert [path for path in unneeded if not drop.search(path)] == []


def test_icu_filter_keeps_the_data_qt_reads() -> None:
    kept = _spec()["icu_item_kept"]
    for name in ("coll/sv.res", "coll/ucadata.icu", "zone/de.res", "de.res", "zoneinfo64.res"):
        assert kept(f"icudt73l/{name}", b""), name
    for name in ("brkitr/cjdict.dict", "translit/root.res", "curr/de.res", "lang/fr.res"):
        assert not kept(f"icudt73l/{name}", b""), name


# Runs the app with the spec's excluded modules (and dropped extension modules) made
# unimportable, as in the bundle: module-level imports anywhere in alloy_desktop, every page,
# and the import matcher's fuzzy scores (rapidfuzz without its AVX2 build) must still work.
_WITHOUT_EXCLUDED = """
import importlib, importlib.machinery, os, pkgutil, re, sys
excluded = set(sys.argv[1].split(","))
drop = re.compile(sys.argv[2])

class Bundled:
    def find_spec(self, name, path=None, target=None):
        if name in excluded or any(name.startswith(e + ".") for e in excluded):
            raise ModuleNotFoundError(f"{name} is left out of the bundle")
        found = importlib.machinery.PathFinder.find_spec(name, path)
        if found and found.origin and drop.search(found.origin.replace(os.sep, "/")):
            raise ModuleNotFoundError(f"{name} is dropped from the bundle")
        return None  # the usual finders import it

sys.meta_path.insert(0, Bundled())
import alloy_desktop
for module in pkgutil.walk_packages(alloy_desktop.__path__, "alloy_desktop."):
    if module.name != "alloy_desktop.__main__":  # importing it starts the app
        importlib.import_module(module.name)
from rapidfuzz import fuzz, process
assert "avx2" not in fuzz.ratio.__module__, fuzz.ratio.__module__
print(process.extractOne("bench press", ["barbell bench press", "squat"], scorer=fuzz.ratio))
from alloy_desktop.smoke import run_smoke
sys.exit(run_smoke())
"""


@pytest.mark.slow
def test_app_runs_without_what_the_spec_leaves_out() -> None:
    spec = _spec()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            _WITHOUT_EXCLUDED,
            ",".join(spec["EXCLUDES"]),
            spec["DROP_BINARIES"].pattern,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "('barbell bench press', " in result.stdout
    assert "page ok: Progress (" in result.stdout  # its charts drew points


_ICU_PROBE = textwrap.dedent(
    """
    from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
    words = ["Zebra", "Äpfel", "apfel", "Ångström", "öl", "ch", "cz", "日本", "中文", "ё", "е"]
    for name in ("sv_SE", "de_DE", "cs_CZ", "ja_JP", "zh_CN", "ru_RU", "en_US"):
        print(name, sorted(words, key=QCollator(QLocale(name)).sortKey))
    print(QLocale(QLocale.Language.Turkish).toUpper("i"), QLocale("lt").toLower("Ì"))
    zone = QTimeZone(b"America/New_York")
    for name in ("en_US", "fr_FR", "ja_JP"):
        print(zone.displayName(QTimeZone.TimeType.DaylightTime, QTimeZone.NameType.LongName,
                               QLocale(name)))
    for codec in ("windows-1252", "KOI8-R", "ISO-8859-15", "UTF-16LE"):
        print(codec, QStringDecoder(codec).isValid())
    """
)


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or not all(map(shutil.which, ("nm", "as", "ld"))),
    reason="the ICU trim runs on Linux with binutils (`make sysdeps-package`)",
)
def test_trimmed_icu_answers_qt_as_the_full_data(tmp_path: Path) -> None:
    import PySide6

    original = next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    trimmed = _spec()["trimmed_icu_data"](original, tmp_path)
    assert trimmed is not None
    assert trimmed.stat().st_size < original.stat().st_size / 2

    def probe(preload: str | None) -> str:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        if preload:
            env["LD_PRELOAD"] = preload  # same soname: Qt's ICU reads this data instead
        result = subprocess.run(
            [sys.executable, "-c", _ICU_PROBE],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        return result.stdout

    assert probe(str(trimmed)) == probe(None)
