"""Import batches waiting for (or done after) an administrator's review, their rows, and the
column mappings saved for spreadsheet files.

Nothing of a batch touches the directory until it is applied: the rows hold the parsed values
(`values`, plain JSON in the shape of `portal.imports.records`), what is wrong with them
(`errors`: a list of ``{"field", "code", "value"}``, see constants.ERRORS), the listing they
match (`partner_id`, `score`) and, once the administrator chose, the decision. The database is
the truth, so a review survives a reload and works behind several servers.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.db import Base, UTCDateTime, utcnow
from portal.directory.models import Partner
from portal.imports.constants import STAGED


class ImportBatch(Base):
    """One file (or one national sync) read, checked and matched, waiting for a decision."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    file_name: Mapped[str] = mapped_column(String(255), default="")
    # constants.FORMATS code, and where the rows come from: "file" or "sync".
    format: Mapped[str] = mapped_column(String(20))
    origin: Mapped[str] = mapped_column(String(10), default="file")
    status: Mapped[str] = mapped_column(String(20), default=STAGED, index=True)
    # Rows by kind (constants.KINDS) when staged; what was done once applied.
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    applied: Mapped[dict] = mapped_column(JSON, default=dict)
    # File-wide remarks: ``{"code", ...params}`` (constants.NOTES), e.g. the encoding used.
    notes: Mapped[list] = mapped_column(JSON, default=list)
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A spreadsheet waiting for its columns to be designated (status MAPPING): the file as
    # uploaded, kept in the database so that any server shows the next step; emptied once read.
    upload: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    applied_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    applied_by: Mapped[User | None] = relationship(foreign_keys=[applied_by_id])
    rows: Mapped[list[ImportRow]] = relationship(
        back_populates="batch", order_by="ImportRow.id", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<ImportBatch {self.id} {self.file_name!r} {self.status}>"


class ImportRow(Base):
    """One place of a batch: its line, its values, its errors, its match and the decision."""

    __tablename__ = "import_row"
    # A row applied earlier tells which listing a (source, id) became, even when merged.
    __table_args__ = (Index("ix_import_row_source_source_id", "source", "source_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id", ondelete="CASCADE"), index=True)
    line: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(300), default="")
    source: Mapped[str] = mapped_column(String(40), default="")
    source_id: Mapped[str] = mapped_column(String(100), default="")
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    errors: Mapped[list] = mapped_column(JSON, default=list)
    # constants.KINDS: error, outside, not-geocoded, new, update, probable, repeated, identical.
    kind: Mapped[str] = mapped_column(String(20), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"), index=True)
    score: Mapped[float | None] = mapped_column(Float)
    # constants.DECISIONS code chosen by the administrator (or by the automatic apply), and
    # what applying it did (constants.RESULTS), once done.
    decision: Mapped[str | None] = mapped_column(String(20))
    result: Mapped[str | None] = mapped_column(String(20))
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    batch: Mapped[ImportBatch] = relationship(back_populates="rows")
    partner: Mapped[Partner | None] = relationship()


class ColumnMapping(Base):
    """Which column of a spreadsheet holds which field, saved by name for the next file."""

    __tablename__ = "import_mapping"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # The folded header of the file it was made for, to offer it again for the same columns.
    header_key: Mapped[str] = mapped_column(String(64), index=True)
    columns: Mapped[dict] = mapped_column(JSON, default=dict)  # field -> column name
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
