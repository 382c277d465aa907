"""The diagnostic's only write: one more anonymous count (flushes; the view commits)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from portal.diagnostic.models import DiagnosticCount
from portal.extensions import db

PARIS = ZoneInfo("Europe/Paris")


def month_of(moment: datetime | None = None) -> date:
    """The first day of the month, in Paris, of `moment` (now by default)."""
    moment = (moment or datetime.now(PARIS)).astimezone(PARIS)
    return moment.date().replace(day=1)


def count_diagnostic(level: str, quartier_id: int | None, moment: datetime | None = None) -> None:
    """Add one to the count of (month, level, quartier); nothing else about the person is kept.

    An UPDATE first (atomic on every database); when no row exists yet, an INSERT inside a
    savepoint; if another request inserted the same row in between, the unique index refuses
    ours and the UPDATE is done again."""
    month = month_of(moment)
    same_quartier = (DiagnosticCount.quartier_id.is_(None) if quartier_id is None
                     else DiagnosticCount.quartier_id == quartier_id)
    increment = (
        update(DiagnosticCount)
        .where(DiagnosticCount.month == month, DiagnosticCount.level == level, same_quartier)
        .values(count=DiagnosticCount.count + 1)
        .execution_options(synchronize_session=False)
    )
    if db.session.execute(increment).rowcount:
        return
    try:
        with db.session.begin_nested():
            db.session.add(DiagnosticCount(month=month, level=level, quartier_id=quartier_id,
                                           count=1))
            db.session.flush()  # inside the savepoint: a refused row undoes only the savepoint
    except IntegrityError:
        db.session.execute(increment)
