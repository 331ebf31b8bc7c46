"""Semáforo profiles: how an achievement («% de cumplimiento») becomes green, yellow or red.

Achievement is computed respecting the indicator's sentido (evaluation.achievement), so one
scale serves ascending and descending indicators alike:

- `band` (two-sided): green within ±5 % of the goal, yellow within ±15 %, red beyond; going
  over the goal counts as a deviation too (a budget spent at 130 % is not a success).
- `ascending` (one-sided, higher is better): green at ≥ 100 %, yellow at ≥ 90 %, red below.
- `descending` (one-sided, lower is better): the same thresholds on the achievement, which for
  a descending indicator is goal / value.
- `milestone`: green when reached (100 %), red otherwise.

Thresholds are editable per indicator; the explanation of the profile is shown next to every
colour. An achievement of None («sin información») has no colour.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    key: str
    green: float  # band: largest deviation (points of %) for green; one-sided: lowest achievement
    yellow: float


PROFILES = {
    "band": Profile("band", 5.0, 15.0),
    "ascending": Profile("ascending", 100.0, 90.0),
    "descending": Profile("descending", 100.0, 90.0),
    "milestone": Profile("milestone", 100.0, 100.0),
}

Light = str  # "green", "yellow", "red" or "" (no information)


def light(achievement: float | None, profile: Profile) -> Light:
    if achievement is None:
        return ""
    if profile.key == "band":
        deviation = abs(achievement - 100.0)
        # Rounded to the hundredth so that 95 % and 105 % sit on the green edge as written.
        deviation = round(deviation, 6)
        if deviation <= profile.green:
            return "green"
        return "yellow" if deviation <= profile.yellow else "red"
    if profile.key == "milestone":
        return "green" if achievement >= 100.0 else "red"
    achievement = round(achievement, 6)
    if achievement >= profile.green:
        return "green"
    return "yellow" if achievement >= profile.yellow else "red"
