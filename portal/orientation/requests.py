"""Orientation requests: sending, answering through signed links, reminders and erasure.

A professional sends a request to a service that accepts them; the partner's addresses receive
an e-mail with a link (no account needed) to answer it. A link's secret is
`secrets.token_urlsafe(32)` and only its SHA-256 is stored. A link works until it expires
(PORTAL_REQUEST_LINK_DAYS) or until the request has a final answer (FINAL_STATUSES). Each
answer is told to the professional. The e-mails say nothing about the person but initials:
what the partner needs is on the page behind the link.

Operations flush; the view or the command commits. E-mails are queued with
`mail.send_after_commit` and written in French, the language of the directory.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from flask import current_app, has_request_context
from flask import request as http_request
from flask_babel import force_locale
from sqlalchemy import delete, select, update
from sqlalchemy.orm import selectinload

from portal.accounts.operations import hash_token
from portal.db import utcnow
from portal.directory.constants import label
from portal.directory.models import Partner, Service
from portal.extensions import db
from portal.i18n import _
from portal.mail import absolute_url, compose, send_after_commit
from portal.orientation import stats
from portal.orientation.constants import (
    ACCEPTED,
    CONTACTED,
    FINAL_STATUSES,
    REFUSAL_REASONS,
    REFUSED,
    REQUEST,
    REQUEST_STATUSES,
    SENT,
)
from portal.orientation.models import OrientationRequest, RequestLink

# A link's secret is 43 characters; anything much longer is not one of ours.
MAX_TOKEN_LENGTH = 100
# What the partner may answer, and what each answer may follow.
ANSWERS = (ACCEPTED, CONTACTED, REFUSED)
FOLLOWS = {ACCEPTED: (SENT,), CONTACTED: (SENT, ACCEPTED), REFUSED: (SENT, ACCEPTED)}

# Why an answer link does not work, as shown to its holder.
UNKNOWN, EXPIRED, ANSWERED, ERASED = "unknown", "expired", "answered", "erased"


class AlreadyAnswered(Exception):
    """The request has changed since the page was shown (someone else answered it)."""

    def __str__(self) -> str:
        return _("Cette demande a déjà reçu une réponse.")


# Who receives a request ---------------------------------------------------------------------


def accepts(service: Service | None) -> bool:
    """Whether professionals may send this service a request: live, and it says it accepts them."""
    return service is not None and service.is_live and bool(service.accepts_orientations)


def recipients(partner: Partner) -> list[str]:
    """Where a request to this partner goes: its address for professionals, else the active
    members' addresses and its contact address, or its public address when it gave no contact
    address (each once), as freshness campaigns do. Empty: it cannot receive one."""
    if partner.pro_email.strip():
        return [partner.pro_email.strip()]
    found: list[str] = []
    members = [m.email for m in partner.members if m.is_active]
    for address in [*members, partner.contact_email or partner.email]:
        address = (address or "").strip()
        if address and address.lower() not in {a.lower() for a in found}:
            found.append(address)
    return found


def initials(name: str) -> str:
    """"Fatima Benali" → "F. B.": what e-mails say of the person."""
    letters = [next((c for c in word if c.isalpha()), "") for word in name.split()]
    return " ".join(f"{letter.upper()}." for letter in letters if letter) or "?"


# Links --------------------------------------------------------------------------------------


def issue_link(request: OrientationRequest, now: datetime | None = None) -> str:
    """A new answer link for `request` (its raw secret, to put in a message)."""
    now = now or utcnow()
    raw = secrets.token_urlsafe(32)
    days = current_app.config["PORTAL_REQUEST_LINK_DAYS"]
    db.session.add(RequestLink(request=request, token_hash=hash_token(raw), created_at=now,
                               expires_at=now + timedelta(days=days)))
    db.session.flush()
    return raw


def find_link(raw: str) -> RequestLink | None:
    """The stored link matching `raw`, usable or not; None when there is none."""
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    return db.session.scalars(select(RequestLink).where(RequestLink.token_hash == hash_token(raw))).first()


def problem(link: RequestLink | None, now: datetime | None = None) -> str | None:
    """Why this link cannot be used (UNKNOWN, ERASED, ANSWERED, EXPIRED), or None when it can."""
    if link is None:
        return UNKNOWN
    request = link.request
    if request.erased_at is not None:
        return ERASED
    if request.status in FINAL_STATUSES or link.used_at is not None:
        return ANSWERED
    if link.expires_at <= (now or utcnow()):
        return EXPIRED
    return None


def _french_url(endpoint: str, **values) -> str:
    """A full address for an e-mail, in French whatever language the page that sent it was in
    (the language is a prefix of the path: see portal.i18n)."""
    if not has_request_context():
        return absolute_url(endpoint, **values)
    root = http_request.host_url.rstrip("/") + http_request.environ.get("portal.root", "")
    with current_app.test_request_context("/", base_url=root):
        return absolute_url(endpoint, **values)


def _answer_url(raw: str) -> str:
    return _french_url("orientation_public.answer", token=raw)


def _requests_url() -> str:
    return _french_url("orientation.requests")


def _render(template: str, **context) -> str:
    # Rendered without the page context processors: reminders are sent by a command.
    return current_app.jinja_env.get_template(f"orientation/email/{template}").render(**context)


def _place_names(request: OrientationRequest) -> tuple[str, str]:
    partner = request.partner.name if request.partner is not None else "?"
    service = request.service.name if request.service is not None else partner
    return partner, service


# Sending ------------------------------------------------------------------------------------


def send(service: Service, professional, *, person_name: str, person_contact: str, summary: str,
         now: datetime | None = None) -> OrientationRequest:
    """Record a request to `service` (the person agreed now), issue its answer link, queue the
    e-mail to the partner and count it. The service must accept requests (see `accepts`)."""
    now = now or utcnow()
    partner = service.partner
    need, quartier = sorted(stats.pairs_of(partner, service))[0]
    request = OrientationRequest(
        service=service, partner=partner, professional=professional, person_name=person_name,
        person_contact=person_contact, summary=summary, consent_at=now, status=SENT,
        need_slug=need, quartier_slug=quartier, created_at=now)
    db.session.add(request)
    db.session.flush()
    raw = issue_link(request, now)
    _queue_to_partner(request, raw, "request_new.txt")
    stats.record_pair(REQUEST, need, quartier, now)
    return request


def _queue_to_partner(request: OrientationRequest, raw: str, template: str) -> bool:
    """Queue the e-mail carrying an answer link to the partner; False when it has no address."""
    to = recipients(request.partner) if request.partner is not None else []
    if not to:
        return False
    with force_locale("fr"):
        partner, service = _place_names(request)
        if template == "request_new.txt":
            subject = _("Demande d'orientation vers « %(service)s »", service=service)
        else:
            subject = _("Rappel : une demande d'orientation vers « %(service)s » attend votre réponse",
                        service=service)
        body = _render(template, request=request, partner=partner, service=service,
                       link=_answer_url(raw), days=current_app.config["PORTAL_REQUEST_LINK_DAYS"],
                       professional=request.professional.email if request.professional else "",
                       phone=current_app.config["PORTAL_CCAS_PHONE"])
    send_after_commit(compose(to, subject, body))
    return True


def _queue_to_professional(request: OrientationRequest, template: str) -> bool:
    """Queue an e-mail about the request to the professional who sent it (if still active)."""
    professional = request.professional
    if professional is None or not professional.is_active:
        return False
    with force_locale("fr"):
        partner, service = _place_names(request)
        who = initials(request.person_name)
        subjects = {
            ACCEPTED: _("Votre demande pour %(person)s a été acceptée", person=who),
            CONTACTED: _("Votre demande pour %(person)s : la personne a été contactée", person=who),
            REFUSED: _("Votre demande pour %(person)s n'a pas été acceptée", person=who),
            SENT: _("Votre demande pour %(person)s attend toujours une réponse", person=who),
        }
        subject = subjects[request.status]
        place = request.partner
        body = _render(template, request=request, person=who, partner=partner, service=service,
                       status=label(REQUEST_STATUSES, request.status),
                       reason=label(REFUSAL_REASONS, request.refusal_reason),
                       phone=(place.pro_phone or place.phone) if place is not None else "",
                       link=_requests_url())
    send_after_commit(compose(professional.email, subject, body))
    return True


# Answering ----------------------------------------------------------------------------------


def answers_for(request: OrientationRequest) -> tuple[str, ...]:
    """The answers the partner may still give to this request."""
    return tuple(answer for answer in ANSWERS if request.status in FOLLOWS[answer])


def answer(link: RequestLink, status: str, reason: str = "", note: str = "",
           now: datetime | None = None) -> OrientationRequest:
    """Record the partner's answer through `link`, count it and tell the professional.

    A final answer spends the link (and, through the request's status, every other link of it).
    Raises AlreadyAnswered when the request no longer allows this answer (two people answering
    at the same moment cannot both change it), ValueError for an impossible answer."""
    now = now or utcnow()
    if status not in ANSWERS or (status == REFUSED) != (reason in REFUSAL_REASONS):
        raise ValueError(status)
    request = link.request
    previous = request.status
    if previous not in FOLLOWS[status] or request.erased_at is not None:
        raise AlreadyAnswered
    result = db.session.execute(
        update(OrientationRequest)
        .where(OrientationRequest.id == request.id, OrientationRequest.status == previous)
        .values(status=status, answered_at=now, refusal_reason=reason,
                answer_note=note or request.answer_note)
        .execution_options(synchronize_session=False))
    db.session.refresh(request)
    if result.rowcount != 1:
        raise AlreadyAnswered
    if status in FINAL_STATUSES:
        link.used_at = now
    stats.record_pair(status, request.need_slug, request.quartier_slug, now)
    _queue_to_professional(request, "request_answer.txt")
    db.session.flush()
    return request


# What the professional sees -----------------------------------------------------------------


def of_professional(user):
    """The statement of a professional's own requests, newest first, with their service and
    place (the list shows both: loaded together, not one query per row)."""
    return (select(OrientationRequest).where(OrientationRequest.professional_id == user.id)
            .options(selectinload(OrientationRequest.service), selectinload(OrientationRequest.partner))
            .order_by(OrientationRequest.created_at.desc(), OrientationRequest.id.desc()))


# Nightly ------------------------------------------------------------------------------------


def remind(now: datetime) -> int:
    """Remind both sides of the requests without an answer after PORTAL_REQUEST_REMINDER_DAYS;
    returns how many requests were reminded.

    The partner gets a new link (the first one keeps working until it expires), the
    professional is told; each request is reminded once."""
    days = current_app.config["PORTAL_REQUEST_REMINDER_DAYS"]
    waiting = db.session.scalars(
        select(OrientationRequest).where(
            OrientationRequest.status == SENT, OrientationRequest.reminded_at.is_(None),
            OrientationRequest.erased_at.is_(None),
            OrientationRequest.created_at < now - timedelta(days=days))
        .order_by(OrientationRequest.id)).all()
    for request in waiting:
        if request.partner is not None:
            _queue_to_partner(request, issue_link(request, now), "request_reminder.txt")
        _queue_to_professional(request, "request_reminder_pro.txt")
        request.reminded_at = now
    db.session.flush()
    return len(waiting)


def purge(now: datetime) -> int:
    """Erase the personal data of requests older than PORTAL_ORIENTATION_RETENTION_DAYS,
    keeping status, need, quartier and dates; returns how many were erased.

    Their answer links are deleted too. The anonymous counts (OrientationEvent) are not
    touched."""
    days = current_app.config["PORTAL_ORIENTATION_RETENTION_DAYS"]
    ids = db.session.scalars(
        select(OrientationRequest.id).where(
            OrientationRequest.erased_at.is_(None),
            OrientationRequest.created_at < now - timedelta(days=days))).all()
    if not ids:
        return 0
    # The default synchronisation keeps the objects already loaded in step with the rows.
    db.session.execute(delete(RequestLink).where(RequestLink.request_id.in_(ids)))
    db.session.execute(
        update(OrientationRequest).where(OrientationRequest.id.in_(ids))
        .values(person_name="", person_contact="", summary="", answer_note="", erased_at=now))
    db.session.flush()
    return len(ids)
