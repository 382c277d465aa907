"""Freshness campaigns: one message per stale listing and address, once per campaign.

`remind(key, now, months, created_by)` writes to every stale published listing (`queries.is_stale`:
not confirmed by a person for `months` months, or for its own update frequency): to its active
members' account addresses and to its contact e-mail (or, when it has none, its public e-mail),
each address once. Every message carries two signed links (links.py): "Rien n'a changé" and
"Je corrige". A listing without any address is recorded too (a reminder row with an empty
address and no sending date), so that a campaign's progress counts the listings it never reached.

`send_campaign(campaign, targets, compose)` is the sending machinery, for any kind of campaign
(the invitations use it too): for each (partner, address) it records a `CampaignReminder`, asks
`compose(reminder)` for the message (an `EmailMessage`; it may set `reminder.user`), sends it
and records the outcome. A message already sent in this campaign is skipped; one that failed is
tried again. A refused delivery (an SMTP error or a network error) is recorded on the reminder
(`failed_at`, `error`) and the run goes on; after MAX_FAILURES_IN_A_ROW failures in a row the
mail server is taken as down and the run stops (what is left goes at the next run).
It commits: see `_commit`.
"""

from __future__ import annotations

import smtplib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import Select, case, distinct, func, null, select

from portal.accounts.models import normalise_email
from portal.db import utcnow
from portal.directory.models import Partner
from portal.extensions import db
from portal.i18n import _
from portal.mail import absolute_url, compose, deliver
from portal.moderation import links, queries
from portal.moderation.campaign_models import (
    CONFIRM_LINK,
    CORRECT_LINK,
    REMIND,
    Campaign,
    CampaignReminder,
    ListingToken,
)

MAX_FAILURES_IN_A_ROW = 10
NO_ADDRESS = ""


@dataclass
class SendReport:
    """What one run of `send_campaign` did, in messages."""

    sent: int = 0
    already_sent: int = 0
    failed: int = 0
    interrupted: bool = False
    # Messages not tried in this run because its time was up (`seconds`).
    remaining: int = 0


@dataclass
class RemindReport:
    """What one run of the reminders did: `stale` listings, messages `sent` now, `already_sent`
    in an earlier run, `failed` now, listings `without_address`."""

    campaign: Campaign
    stale: int = 0
    sent: int = 0
    already_sent: int = 0
    failed: int = 0
    without_address: int = 0
    interrupted: bool = False
    remaining: int = 0


def default_key(now: datetime | None = None) -> str:
    """The key of this month's campaign, e.g. 2026-11 (Lille time)."""
    now = now or utcnow()
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Paris"))
    return now.astimezone(zone).strftime("%Y-%m")


def campaign_for(key: str, kind: str = REMIND, *, months: int | None = None, created_by=None) -> Campaign:
    """The campaign with this key, created (flushed) when it does not exist yet; an existing
    one keeps its kind and months. A key taken by a campaign of another kind is refused."""
    key = key.strip()
    if not key:
        raise ValueError("a campaign needs a key")
    campaign = db.session.scalars(select(Campaign).where(Campaign.key == key)).first()
    if campaign is None:
        campaign = Campaign(key=key, kind=kind, months=months, created_by=created_by)
        db.session.add(campaign)
        db.session.flush()
    elif campaign.kind != kind:
        raise ValueError(f"the campaign {key} is not of kind {kind}")
    return campaign


def listing_link(partner: Partner) -> str:
    """The absolute link to the partner's listing in the members' space."""
    return absolute_url("partners.listing", slug=partner.slug)


def recipients(partner: Partner, members: Iterable = ()) -> list[tuple[str, object | None]]:
    """(address, user or None) of a listing: its active members' accounts, then its contact
    e-mail or, without one, its public e-mail; each address once, in lower case."""
    found: dict[str, object | None] = {}
    for user in members:
        found.setdefault(normalise_email(user.email), user)
    listing_address = normalise_email(partner.contact_email or partner.email or "")
    if listing_address:
        found.setdefault(listing_address, None)
    return list(found.items())


def reminder_message(partner: Partner, email: str, links: dict | None = None,
                     *, member: bool = False) -> tuple[str, str]:
    """Subject and text of the reminder about one listing, in French (the directory's
    language). `links` maps "confirm" and "correct" to their addresses; without it (a
    preview) placeholders stand in their place."""
    links = links or {CONFIRM_LINK: _("[lien « Rien n'a changé »]"),
                      CORRECT_LINK: _("[lien « Je corrige »]")}
    with force_locale("fr"):
        # Rendered without the page context processors, which need a request; a command has none.
        template = current_app.jinja_env.get_template("moderation/email/reminder.txt")
        body = template.render(partner=partner, email=email, confirm_link=links[CONFIRM_LINK],
                               correct_link=links[CORRECT_LINK], member=member,
                               space_link=listing_link(partner) if member else "",
                               days=current_app.config["PORTAL_CORRECTION_LINK_DAYS"],
                               phone=current_app.config["PORTAL_CCAS_PHONE"])
        return _("Votre fiche « %(name)s » est-elle toujours à jour ?", name=partner.name), body


def _reminder_mail(reminder: CampaignReminder) -> EmailMessage:
    partner = reminder.partner
    raw = {purpose: links.issue(partner, purpose, reminder) for purpose in (CONFIRM_LINK, CORRECT_LINK)}
    addresses = {CONFIRM_LINK: absolute_url("freshness.confirm", token=raw[CONFIRM_LINK]),
                 CORRECT_LINK: absolute_url("freshness.correct", token=raw[CORRECT_LINK])}
    subject, body = reminder_message(partner, reminder.email, addresses, member=reminder.user is not None)
    return compose(reminder.email, subject, body)


def error_text(error: Exception) -> str:
    """A short reason for the administrators: the server's answer, never a setting."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, answer = next(iter(error.recipients.values()), (0, b""))
        return f"{code} {answer.decode(errors='replace')}"[:300]
    if isinstance(error, smtplib.SMTPResponseException):
        answer = error.smtp_error
        answer = answer.decode(errors="replace") if isinstance(answer, bytes) else str(answer)
        return f"{error.smtp_code} {answer}"[:300]
    return f"{type(error).__name__}: {getattr(error, 'strerror', None) or error}"[:300]


def _commit() -> None:
    # The one place where campaign code commits, once before and once after each message:
    # its links exist before it leaves, and a run cut short keeps what was sent, so that
    # started again it sends only what is missing.
    db.session.commit()


def send_campaign(campaign: Campaign, targets: Iterable[tuple[Partner, str]],
                  compose_mail: Callable[[CampaignReminder], EmailMessage],
                  now: datetime | None = None, seconds: float | None = None) -> SendReport:
    """Send one message per (partner, address) of `targets` that this campaign has not sent
    yet (see the module's docstring); commits per message. With `seconds`, no message starts
    after that time (one at least is tried): a web page must answer before its server's
    timeout, and the rest is counted in `remaining` for the next run."""
    report = SendReport()
    deadline = None if seconds is None else time.monotonic() + seconds
    targets = list(targets)
    existing = {(r.partner_id, r.email): r for r in db.session.scalars(
        select(CampaignReminder).where(CampaignReminder.campaign_id == campaign.id))}
    failures_in_a_row = 0
    tried = 0
    for position, (partner, email) in enumerate(targets):
        reminder = existing.get((partner.id, email))
        if reminder is not None and reminder.sent_at is not None and reminder.failed_at is None:
            report.already_sent += 1
            continue
        if deadline is not None and tried and time.monotonic() >= deadline:
            report.remaining = sum(
                1 for p, e in targets[position:]
                if not ((r := existing.get((p.id, e))) is not None and r.sent_at is not None
                        and r.failed_at is None))
            break
        tried += 1
        if failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
            report.interrupted = True
            break
        if reminder is None:
            # null(), not None: None would let the column's default (now) say it was sent.
            reminder = CampaignReminder(campaign=campaign, partner=partner, email=email, sent_at=null())
            db.session.add(reminder)
            db.session.flush()
            existing[(partner.id, email)] = reminder
        message = compose_mail(reminder)
        _commit()
        try:
            deliver(message)
        except (smtplib.SMTPException, OSError) as error:
            reminder.failed_at, reminder.error = now or utcnow(), error_text(error)
            # Links nobody received must not work later.
            for token in db.session.scalars(select(ListingToken).where(
                    ListingToken.reminder_id == reminder.id, ListingToken.used_at.is_(None))):
                token.expires_at = reminder.failed_at
            report.failed += 1
            failures_in_a_row += 1
        else:
            reminder.sent_at, reminder.failed_at, reminder.error = now or utcnow(), None, ""
            report.sent += 1
            failures_in_a_row = 0
        _commit()
    return report


def remind(key: str, now: datetime | None = None, months: int | None = None,
           created_by=None, seconds: float | None = None) -> RemindReport:
    """Write to every stale published listing about which this campaign has not written yet
    (see the module's docstring). Commits, once per message. `seconds`: see send_campaign."""
    now = now or utcnow()
    campaign = campaign_for(key, REMIND, months=months, created_by=created_by)
    report = RemindReport(campaign=campaign)
    partners = db.session.scalars(queries.stale_partners(now, months=campaign.months)).all()
    report.stale = len(partners)
    members: dict[int, list] = {}
    for partner_id, user in db.session.execute(queries.members_to_remind([p.id for p in partners])):
        members.setdefault(partner_id, []).append(user)
    unreached = {r.partner_id: r for r in db.session.scalars(select(CampaignReminder).where(
        CampaignReminder.campaign_id == campaign.id, CampaignReminder.email == NO_ADDRESS))}
    targets, users = [], {}
    for partner in partners:
        addresses = recipients(partner, members.get(partner.id, ()))
        if not addresses:
            report.without_address += 1
            if partner.id not in unreached:
                db.session.add(CampaignReminder(campaign=campaign, partner=partner, email=NO_ADDRESS,
                                                sent_at=null()))
            continue
        if partner.id in unreached:  # it has an address now: no longer out of reach
            db.session.delete(unreached[partner.id])
        for email, user in addresses:
            targets.append((partner, email))
            users[(partner.id, email)] = user

    def compose_reminder(reminder: CampaignReminder) -> EmailMessage:
        reminder.user = reminder.user or users.get((reminder.partner_id, reminder.email))
        return _reminder_mail(reminder)

    db.session.flush()
    sent = send_campaign(campaign, targets, compose_reminder, now, seconds=seconds)
    report.sent, report.already_sent, report.failed = sent.sent, sent.already_sent, sent.failed
    report.interrupted, report.remaining = sent.interrupted, sent.remaining
    return report


def progress(campaign: Campaign) -> dict[str, int]:
    """A campaign's counts: `listings` it covers; messages `sent` and `failed` (last attempt
    refused); listings where a message was `opened`, `confirmed`, `corrected` (any of their
    addresses); listings `without_address` (never reached)."""
    r = CampaignReminder

    def listings_where(condition):
        return func.count(distinct(case((condition, r.partner_id))))

    row = db.session.execute(
        select(
            func.count(distinct(r.partner_id)),
            func.count(case((r.sent_at.is_not(None) & r.failed_at.is_(None), r.id))),
            func.count(case((r.failed_at.is_not(None), r.id))),
            listings_where(r.opened_at.is_not(None)),
            listings_where(r.confirmed_at.is_not(None)),
            listings_where(r.corrected_at.is_not(None)),
            listings_where(r.email == NO_ADDRESS),
        ).where(r.campaign_id == campaign.id)
    ).one()
    names = ("listings", "sent", "failed", "opened", "confirmed", "corrected", "without_address")
    return dict(zip(names, (int(n or 0) for n in row), strict=True))


def listing_statuses(campaign: Campaign) -> Select:
    """(partner, reminder) rows of a campaign, by listing name then address, for a table."""
    return (
        select(Partner, CampaignReminder)
        .join(CampaignReminder, CampaignReminder.partner_id == Partner.id)
        .where(CampaignReminder.campaign_id == campaign.id)
        .order_by(Partner.name, Partner.id, CampaignReminder.email)
    )


def campaigns_with_counts() -> list[tuple[Campaign, int]]:
    """Every campaign, newest first, with the number of messages it sent."""
    sent = func.count(case((CampaignReminder.sent_at.is_not(None) & CampaignReminder.failed_at.is_(None),
                            CampaignReminder.id)))
    return list(
        db.session.execute(
            select(Campaign, sent)
            .outerjoin(CampaignReminder)
            .group_by(Campaign.id)
            .order_by(Campaign.created_at.desc(), Campaign.id.desc())
        )
    )
