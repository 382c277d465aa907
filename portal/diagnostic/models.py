"""The diagnostic's only record: anonymous counts of levels, by quartier and month."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base


class DiagnosticCount(Base):
    """How many diagnostics ended at a level, in a quartier (or none chosen), in a month.

    No answer, no person, no time finer than the month. A NULL quartier does not take part in
    a unique constraint (NULLs are all different), so a partial unique index covers that row."""

    __tablename__ = "diagnostic_count"
    __table_args__ = (
        UniqueConstraint("month", "level", "quartier_id", name="uq_diagnostic_count_month_level_quartier"),
        Index("uq_diagnostic_count_month_level_no_quartier", "month", "level", unique=True,
              sqlite_where=text("quartier_id IS NULL"), postgresql_where=text("quartier_id IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[date] = mapped_column(Date)  # the first day of the month, Europe/Paris
    level: Mapped[str] = mapped_column(String(30))
    quartier_id: Mapped[int | None] = mapped_column(
        ForeignKey("quartier.id", ondelete="SET NULL"), index=True)
    count: Mapped[int] = mapped_column(Integer, default=0)

    def __repr__(self) -> str:
        return f"<DiagnosticCount {self.month} {self.level} {self.quartier_id}: {self.count}>"
