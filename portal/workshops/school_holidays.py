"""The school-holiday periods a workshop may skip ("pas pendant les vacances scolaires").

They come from a CSV file (PORTAL_SCHOOL_HOLIDAYS_FILE; by default the académie de Lille's,
zone B, in seed/data/school_holidays.csv): one period per line, `start` the first day without
class and `end` the last one, both inclusive. The CCAS adds the next school year's periods when
the Ministry publishes them; a line that cannot be read stops the start-up of the feature rather
than silently letting workshops run during holidays.
"""

from __future__ import annotations

import csv
from datetime import date
from functools import lru_cache
from pathlib import Path

from flask import current_app

from portal.workshops.recurrence import Period

DEFAULT_FILE = Path(__file__).resolve().parent.parent.parent / "seed" / "data" / "school_holidays.csv"


@lru_cache(maxsize=8)
def read(path: str) -> tuple[Period, ...]:
    """The periods of one file, in date order."""
    periods = []
    with open(path, encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            try:
                first, last = date.fromisoformat(row["start"]), date.fromisoformat(row["end"])
            except (KeyError, TypeError, ValueError) as error:
                raise ValueError(f"{path}, line {line}: start and end must be YYYY-MM-DD") from error
            if last < first:
                raise ValueError(f"{path}, line {line}: end before start")
            periods.append((first, last))
    return tuple(sorted(periods))


def periods() -> tuple[Period, ...]:
    """The configured periods."""
    return read(str(current_app.config.get("PORTAL_SCHOOL_HOLIDAYS_FILE") or DEFAULT_FILE))
