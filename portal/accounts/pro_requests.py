"""Professionals asking for an account: the request, the administrator's decision, erasure.

A request is kept while it waits; once an administrator has decided, it is deleted
PORTAL_ACCOUNT_REQUEST_RETENTION_DAYS later (`purge`). Approving invites the address as a
professional with the usual invitation (a single-use link to choose a password). These
operations flush and never commit; they return the e-mails to send once the caller has
committed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app, render_template
from sqlalchemy import Select, delete, func, select, update

from portal.accounts import operations
from portal.accounts.constants import ADMIN, APPROVED, PENDING, PROFESSIONAL, REFUSED, WEBMAIL_DOMAINS
from portal.accounts.models import AccountRequest, User, normalise_email
from portal.db import utcnow
from portal.extensions import db
from portal.i18n import _
from portal.mail import absolute_url, compose


class AlreadyDecided(Exception):
    """A request another administrator has already approved or refused."""

    def __str__(self) -> str:
        return _("Cette demande a déjà été traitée par quelqu'un d'autre.")


class AccountExists(Exception):
    """The address of an approved request has an account already: nobody is invited."""

    def __init__(self, email: str) -> None:
        super().__init__(email)
        self.email = email

    def __str__(self) -> str:
        return _("Un compte existe déjà pour %(email)s : aucune invitation n'a été envoyée et la "
                 "demande est classée.", email=self.email)


def is_webmail(email: str) -> bool:
    """Whether the address is a personal mailbox (a consumer webmail or an internet provider's),
    not one of an organisation."""
    domain = normalise_email(email).rpartition("@")[2]
    return any(domain == known or domain.endswith("." + known) for known in WEBMAIL_DOMAINS)


# Reading -------------------------------------------------------------------------------------


def for_admin() -> Select[tuple[AccountRequest]]:
    """Every request, the pending ones first (oldest first), then the decided ones (latest
    decision first)."""
    return select(AccountRequest).order_by(
        (AccountRequest.status != PENDING), AccountRequest.decided_at.desc(),
        AccountRequest.created_at, AccountRequest.id)


def pending_count() -> Select[tuple[int]]:
    return select(func.count()).select_from(AccountRequest).where(AccountRequest.status == PENDING)


def _active_admin_emails() -> list[str]:
    return list(db.session.scalars(
        select(User.email).where(User.role == ADMIN, User.is_active.is_(True)).order_by(User.email)))


# Writing -------------------------------------------------------------------------------------


def create(*, email: str, name: str, organisation: str, job: str = "",
           message: str = "") -> tuple[AccountRequest | None, EmailMessage | None]:
    """Store a request and compose the e-mail telling the active administrators.

    An address that already has an account, or a request waiting, stores nothing and tells
    nobody: (None, None). The visitor gets the same answer either way, so the form never says
    whether an address is known."""
    email = normalise_email(email)
    has_account = db.session.scalar(select(User.id).where(User.email == email)) is not None
    waiting = db.session.scalar(select(AccountRequest.id).where(
        AccountRequest.email == email, AccountRequest.status == PENDING).limit(1)) is not None
    if has_account or waiting:
        return None, None
    request = AccountRequest(email=email, name=name, organisation=organisation, job=job or "",
                             message=message or "")
    db.session.add(request)
    db.session.flush()
    admins = _active_admin_emails()
    if not admins:
        return request, None
    mail = compose(
        admins,
        _("Nouvelle demande de compte professionnel"),
        render_template("accounts/email/pro_request_new.txt", asked=request,
                        link=absolute_url("admin.pro_requests_list")),
    )
    return request, mail


def _decide(request: AccountRequest, status: str, admin: User, now: datetime) -> None:
    """Move a pending request to `status`, or raise AlreadyDecided. The row changes only while
    it is pending, so two administrators deciding at the same moment cannot both act on it."""
    result = db.session.execute(
        update(AccountRequest)
        .where(AccountRequest.id == request.id, AccountRequest.status == PENDING)
        .values(status=status, decided_at=now, decided_by_id=admin.id)
        .execution_options(synchronize_session=False))
    db.session.refresh(request)
    if result.rowcount != 1:
        raise AlreadyDecided


def approve(request: AccountRequest, admin: User, now: datetime | None = None) -> tuple[User, EmailMessage]:
    """Invite the address as a professional (an account without password and the invitation
    e-mail, to send once saved).

    If the address meanwhile got an account (in use, or invited for another role), nobody is
    invited: the request is closed and AccountExists says why."""
    if request.status != PENDING:
        raise AlreadyDecided
    _decide(request, APPROVED, admin, now or utcnow())
    existing = db.session.scalars(select(User).where(User.email == request.email)).first()
    if existing is not None and (existing.password_hash or existing.role != PROFESSIONAL):
        raise AccountExists(existing.email)
    try:
        return operations.invite_user(request.email, PROFESSIONAL, [], admin)
    except operations.AccountError as error:  # an account appeared in between
        raise AccountExists(request.email) from error


def refuse(request: AccountRequest, admin: User, reason: str = "",
           now: datetime | None = None) -> EmailMessage:
    """Refuse the request; returns the polite e-mail telling the person (with the reason, if
    the administrator gave one), to send once saved."""
    if request.status != PENDING:
        raise AlreadyDecided
    _decide(request, REFUSED, admin, now or utcnow())
    return compose(
        request.email,
        _("Votre demande de compte professionnel"),
        render_template("accounts/email/pro_request_refused.txt", asked=request,
                        reason=(reason or "").strip(), contact=current_app.config.get("PORTAL_CCAS_PHONE")),
    )


def purge(now: datetime) -> int:
    """Delete the requests decided more than PORTAL_ACCOUNT_REQUEST_RETENTION_DAYS ago;
    returns how many."""
    days = current_app.config["PORTAL_ACCOUNT_REQUEST_RETENTION_DAYS"]
    result = db.session.execute(
        delete(AccountRequest)
        .where(AccountRequest.status != PENDING, AccountRequest.decided_at < now - timedelta(days=days))
        .execution_options(synchronize_session=False))
    db.session.flush()
    return result.rowcount
