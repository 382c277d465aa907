"""Revisions of a partner's listing: every change, its review, and the history.

A `Revision` holds the FULL proposed listing (``snapshot``, see snapshots.snapshot_of for its
shape) and, for reading, a field-by-field ``diff`` against what was public when it was made:
a list of ``{"field", "label_code", "before", "after"}`` (plus ``"service"``: the service's
name, for changes inside a service). ``constants.field_label(entry)`` gives a translated label.
A superseded revision keeps only its diff (its snapshot is ``{}``): it is never applied nor
restored, and a partner saving often must not store a whole listing each time.

``base_version`` is the `Partner.version` the author started from. ``status`` is one of
constants.STATUSES; ``reviewed`` is True once an administrator has decided (always True for
approved/rejected, False for pending and for a trusted partner's ``applied`` edit until it
is looked at). ``reason`` is a constants.REJECTION_REASONS code, ``message`` free text shown to
the partner. ``flags`` lists constants.FLAGS codes noticed when the revision was applied (e.g.
the geocoder was down). Authors and reviewers survive as NULL when their account is deleted.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, or_, text
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.db import Base, UTCDateTime, utcnow
from portal.directory.models import Partner
from portal.moderation.campaign_models import ListingToken
from portal.moderation.constants import APPLIED, PENDING


class Revision(Base):
    """One proposed, applied or refused version of a partner's listing."""

    __tablename__ = "revision"
    __table_args__ = (
        # At most one pending revision per partner: a newer edit replaces (supersedes) it.
        # The database enforces it, so two simultaneous first edits cannot both be pending.
        Index(
            "uq_revision_one_pending",
            "partner_id",
            unique=True,
            sqlite_where=text(f"status = '{PENDING}'"),
            postgresql_where=text(f"status = '{PENDING}'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    kind: Mapped[str] = mapped_column(String(20), default="edit")
    status: Mapped[str] = mapped_column(String(20), default=PENDING, index=True)
    base_version: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict] = mapped_column(JSON)
    diff: Mapped[list[dict]] = mapped_column(JSON, default=list)
    flags: Mapped[list[str]] = mapped_column(JSON, default=list)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str] = mapped_column(String(30), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    # Sections (see sections.py) an administrator refused while accepting the rest; they live
    # on in a revision of status "draft" that the partner may edit and send again.
    refused_sections: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Set when the change was made through a "Je corrige" link of a campaign (no account).
    link_id: Mapped[int | None] = mapped_column(ForeignKey("listing_token.id", ondelete="SET NULL"))

    partner: Mapped[Partner] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    link: Mapped[ListingToken | None] = relationship()

    def __repr__(self) -> str:
        return f"<Revision {self.id} {self.kind} {self.status} partner={self.partner_id}>"

    @hybrid_property
    def awaits_review(self) -> bool:
        """An administrator must look at it: pending, or a trusted partner's edit already
        applied and not read yet."""
        return self.status == PENDING or (self.status == APPLIED and not self.reviewed)

    @awaits_review.inplace.expression
    @classmethod
    def _awaits_review_sql(cls):
        return or_(cls.status == PENDING, (cls.status == APPLIED) & cls.reviewed.is_(False))
