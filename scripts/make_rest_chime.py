"""Writes resources/sounds/rest-over.wav: the rest timer's chime, from the standard library."""

from __future__ import annotations

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 44100
# Three bell-like notes rising (A5, C#6, E6): bright enough to carry across a gym.
NOTES = ((880.0, 0.0), (1108.73, 0.22), (1318.51, 0.44))
LENGTH = 1.3  # seconds, the last note ringing out
DECAY = 5.0  # per second: a struck bell, not a beep
PEAK = 0.9  # of full scale: loud, with room left so no player clips it


def sample(t: float) -> float:
    total = 0.0
    for frequency, start in NOTES:
        age = t - start
        if age < 0:
            continue
        envelope = math.exp(-DECAY * age) * min(1.0, age / 0.004)  # a 4 ms attack: no click
        # A bell's partials: the fundamental and a quieter octave.
        total += envelope * (
            math.sin(2 * math.pi * frequency * age) + 0.3 * math.sin(4 * math.pi * frequency * age)
        )
    return total / len(NOTES)


def write(path: Path) -> None:
    values = [sample(n / RATE) for n in range(int(RATE * LENGTH))]
    scale = PEAK / max(abs(v) for v in values)
    frames = bytearray()
    for value in values:
        frames += struct.pack("<h", round(value * scale * 32767))
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "resources" / "sounds" / "rest-over.wav"
    write(target)
    print(target)
    sys.exit(0)
