"""The search log: what was searched and how many results came back, never who searched."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Float, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, UTCDateTime, utcnow


class SearchLog(Base):
    """One search: the words, the filters, the number of results and the time it took."""

    __tablename__ = "search_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    query: Mapped[str] = mapped_column(String(200), default="")
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    results: Mapped[int] = mapped_column(Integer, default=0, index=True)
    duration_ms: Mapped[float] = mapped_column(Float, default=0.0)
