"""The end of a rest, told across the room: a chime and a desktop notification, each mutable."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QProcess, QProcessEnvironment, QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget

from alloy_desktop.resources import resources_dir
from alloy_desktop.ui.viewmodels.rest_timer import AlertPrefs

CHIME = "sounds/rest-over.wav"
TITLE = "Rest over"
NOTIFY_MS = 8000
# pyside6-essentials ships no QtMultimedia, so the chime is played by the desktop's own
# player (PipeWire, PulseAudio, ALSA; afplay on macOS, winsound on Windows), else a beep.
PLAYERS = ("pw-play", "paplay", "aplay")

Sound = Callable[[], None]
Notify = Callable[[str, str], None]


def chime_path() -> Path:
    return resources_dir() / CHIME


def play_chime(path: Path | None = None) -> None:
    """Plays the chime without waiting for it; the system beep where no player is found."""
    wav = path or chime_path()
    if wav.is_file() and _play_file(wav):
        return
    QApplication.beep()


def _play_file(wav: Path) -> bool:
    if sys.platform == "win32":
        import winsound

        winsound.PlaySound(str(wav), winsound.SND_FILENAME | winsound.SND_ASYNC)
        return True
    players = ("afplay",) if sys.platform == "darwin" else PLAYERS
    player = next((found for name in players if (found := shutil.which(name))), None)
    if player is None:
        return False
    process = QProcess()
    process.setProgram(player)
    process.setArguments([str(wav)])
    process.setProcessEnvironment(_system_environment())
    # PySide6 answers a bare bool here, whatever its stubs say about a (bool, pid) pair.
    started: Any = process.startDetached()
    return bool(started[0] if isinstance(started, tuple) else started)


def _system_environment() -> QProcessEnvironment:
    """The environment without the bundle's own library path: a system player loading
    the bundle's copies of its libraries may fail (PyInstaller keeps the original)."""
    env = QProcessEnvironment.systemEnvironment()
    if getattr(sys, "frozen", False):
        original = env.value("LD_LIBRARY_PATH_ORIG")
        if original:
            env.insert("LD_LIBRARY_PATH", original)
        else:
            env.remove("LD_LIBRARY_PATH")
    return env


class TrayNotifier:
    """Desktop notifications through a tray icon, made on first use where a tray exists
    (they show with the window in the background, which is the point)."""

    def __init__(self, icon: QIcon | None = None) -> None:
        self._icon = icon
        self._tray: QSystemTrayIcon | None = None

    def __call__(self, title: str, message: str) -> None:
        tray = self._ensure()
        if tray is not None:
            tray.showMessage(title, message, QSystemTrayIcon.MessageIcon.Information, NOTIFY_MS)

    def _ensure(self) -> QSystemTrayIcon | None:
        if self._tray is None and QSystemTrayIcon.isSystemTrayAvailable():
            icon = self._icon or QApplication.windowIcon()
            self._tray = QSystemTrayIcon(icon)
            self._tray.setToolTip("Alloy")
            self._tray.show()  # a hidden tray icon shows no message
        return self._tray


class RestAlerts:
    """What happens when a rest runs out; `sound` and `notify` are replaceable (tests)."""

    def __init__(self, prefs: AlertPrefs) -> None:
        self.prefs = prefs
        self.sound: Sound = play_chime
        self.notify: Notify = TrayNotifier()

    def rest_over(self, message: str) -> None:
        """The chime and the notification, as the lifter's settings allow."""
        if self.prefs.sound:
            self.sound()
        if self.prefs.notify:
            self.notify(TITLE, message)


def window_settings(widget: QWidget) -> QSettings | None:
    """The main window's QSettings, where the lifter's choices on this computer are kept."""
    parent = widget.parentWidget()
    while parent is not None:
        found = getattr(parent, "settings", None)
        if isinstance(found, QSettings):
            return found
        parent = parent.parentWidget()
    return None
