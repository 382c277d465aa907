"""Onboarding: invite every published listing that nobody keeps yet to claim it ("Réclamez
votre fiche"), in one invitation campaign.

A listing is written to at its contact e-mail (the address the CCAS holds), else its public
e-mail. Listings sharing an address get one message and one account that keeps all of them.
An address that already belongs to an account:
- a partner member's account in use: it becomes a member of the listing too (whoever reads
  that mailbox could claim the listing anyway), and the message says so, with the login page;
- an invited account not yet opened: its invitation is refreshed, its memberships kept;
- an administrator's, a professional's or a closed account: skipped, nothing sent.
"""

from __future__ import annotations

import smtplib
import time
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask_babel import force_locale
from sqlalchemy import Select, exists, func, insert, null, select

from portal.accounts import operations as accounts
from portal.accounts import queries as account_queries
from portal.accounts.constants import INVITE as INVITE_LINK
from portal.accounts.constants import PARTNER
from portal.accounts.models import User, membership, normalise_email
from portal.db import utcnow
from portal.directory.models import Partner
from portal.extensions import db
from portal.i18n import _
from portal.mail import MailNotConfigured, absolute_url, compose, deliver
from portal.moderation import campaigns
from portal.moderation.campaign_models import INVITE, Campaign, CampaignReminder
from portal.moderation.campaigns import NO_ADDRESS


class OnboardingError(ValueError):
    """An invitation campaign that cannot be run; the message is shown to the user."""


@dataclass
class InviteReport:
    """What one run of the invitations did: counts of listings, except `messages` and
    `failed_messages` (one message per address, however many listings it has)."""

    campaign: Campaign
    listings: int = 0
    messages: int = 0
    invited: int = 0
    already_invited: int = 0
    failed: int = 0
    failed_messages: int = 0
    skipped: int = 0
    remaining: int = 0
    without_address: int = 0
    interrupted: bool = False


def default_key(now: datetime | None = None) -> str:
    """The key of today's invitation campaign, e.g. invitations-2026-12-04 (Lille time)."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Paris"))
    return (now or utcnow()).astimezone(zone).strftime("invitations-%Y-%m-%d")


# Who is invited ---------------------------------------------------------------------------


def _address():
    """SQL: the address a listing is written to, lower case ('' when it has none)."""
    contact, public = func.trim(Partner.contact_email), func.trim(Partner.email)
    return func.lower(func.coalesce(func.nullif(contact, ""), public))


def address_of(partner: Partner) -> str:
    """The address a listing is written to: its contact e-mail, else its public one."""
    return normalise_email(partner.contact_email or partner.email)


def _kept():
    """SQL condition: an active member with a password keeps the listing."""
    return exists(
        select(membership.c.user_id)
        .join(User, User.id == membership.c.user_id)
        .where(membership.c.partner_id == Partner.id, User.is_active.is_(True),
               User.password_hash.is_not(None))
    )


def unclaimed() -> Select:
    """Published listings with an address and nobody keeping them yet, by address then name."""
    return (
        select(Partner)
        .where(Partner.is_published, _address() != "", ~_kept())
        .order_by(_address(), Partner.name)
    )


def unclaimed_counts() -> tuple[int, int]:
    """How many listings `unclaimed()` finds, and how many distinct addresses they have."""
    inner = unclaimed().order_by(None).add_columns(_address().label("written_to")).subquery()
    row = db.session.execute(select(func.count(), func.count(func.distinct(inner.c.written_to)))).one()
    return row[0], row[1]


def unreachable_count() -> int:
    """Published listings that nobody keeps and that have no address: no invitation reaches them."""
    return db.session.scalar(
        select(func.count()).select_from(Partner).where(Partner.is_published, _address() == "", ~_kept())
    )


def _by_address() -> dict[str, list[Partner]]:
    groups: dict[str, list[Partner]] = {}
    for partner in db.session.scalars(unclaimed()):
        groups.setdefault(address_of(partner), []).append(partner)
    return groups


# The message ------------------------------------------------------------------------------


def invitation_message(address: str, partners: list[Partner], link: str, *, member: bool = False):
    """Subject and text of the invitation to claim these listings, in French."""
    with force_locale("fr"):
        template = "moderation/email/invitation_member.txt" if member else "moderation/email/invitation.txt"
        # Rendered without the page context processors, which need a request; a command has none.
        body = current_app.jinja_env.get_template(template).render(
            partners=partners, link=link, email=address, days=accounts.TOKEN_LIFETIMES[INVITE_LINK].days)
        if len(partners) == 1:
            subject = _("Réclamez votre fiche « %(name)s » dans l'annuaire de Lille", name=partners[0].name)
        else:
            subject = _("Réclamez vos %(num)d fiches dans l'annuaire de Lille", num=len(partners))
    return subject, body


def preview() -> tuple[str, str, str] | None:
    """(address, subject, text) of the invitation the first unclaimed listing would get."""
    partner = db.session.scalars(unclaimed().limit(1)).first()
    if partner is None:
        return None
    address = address_of(partner)
    with force_locale("fr"):
        link = _("[lien personnel, valable %(days)d jours]", days=accounts.TOKEN_LIFETIMES[INVITE_LINK].days)
    return (address, *invitation_message(address, [partner], link))


# Running a campaign -----------------------------------------------------------------------


def invitation_campaign(key: str, acting_user: User | None) -> Campaign:
    """The invitation campaign with this key, created (flushed) when it does not exist yet."""
    key = key.strip()
    if not key:
        raise OnboardingError(_("Donnez un nom à la campagne."))
    campaign = db.session.scalars(select(Campaign).where(Campaign.key == key)).first()
    if campaign is None:
        campaign = Campaign(key=key, kind=INVITE, created_by=acting_user)
        db.session.add(campaign)
        db.session.flush()
    elif campaign.kind != INVITE:
        raise OnboardingError(_("Ce nom est déjà celui d'une campagne de rappel."))
    return campaign


def _join(user: User, partners: list[Partner]) -> None:
    """Make `user` a member of these listings too.

    Rows written straight into the membership table: through the relationship, each listing
    would count as edited and be re-indexed for search at every commit, though nothing public
    changes (that made a campaign over 500 listings several times slower)."""
    have = set(db.session.scalars(select(membership.c.partner_id).where(membership.c.user_id == user.id)))
    rows = [{"user_id": user.id, "partner_id": p.id} for p in partners if p.id not in have]
    if rows:
        db.session.execute(insert(membership), rows)


def _prepare(address: str, partners: list[Partner]) -> tuple[User, str] | None:
    """The account that will keep these listings, and the link of the message; None to skip."""
    user = db.session.scalars(account_queries.user_with_email(address)).first()
    if user is None:
        # accounts.create_user would attach the listings through the relationship (see _join).
        user = User(email=address, role=PARTNER)
        db.session.add(user)
        db.session.flush()
    elif user.role != PARTNER or not user.is_active:
        return None
    _join(user, partners)
    if user.password_hash:
        return user, absolute_url("accounts.login")
    return user, absolute_url("accounts.accept_invitation", token=accounts.issue_token(user, INVITE_LINK))


def _send(campaign: Campaign, address: str, partners: list[Partner], now: datetime,
          written: dict[tuple[int, str], CampaignReminder], report: InviteReport) -> bool:
    """One message to `address` about these listings; returns whether it left."""
    prepared = _prepare(address, partners)
    if prepared is None:
        report.skipped += len(partners)
        return True
    user, link = prepared
    reminders = []
    for partner in partners:
        reminder = written.get((partner.id, address))
        if reminder is None:
            # null(), not None: None would let the column's default (now) say it was sent.
            reminder = CampaignReminder(campaign=campaign, partner=partner, email=address, sent_at=null())
            db.session.add(reminder)
        reminder.user = user
        reminders.append(reminder)
    subject, body = invitation_message(address, partners, link, member=bool(user.password_hash))
    message = compose(address, subject, body)
    # Committed before the message leaves (the account and its link must exist when the
    # partner clicks), and once per message, so that an interrupted run keeps what was sent.
    db.session.commit()
    try:
        deliver(message)
    except (smtplib.SMTPException, OSError) as error:
        for reminder in reminders:
            reminder.failed_at, reminder.error = utcnow(), campaigns.error_text(error)
        report.failed += len(partners)
        report.failed_messages += 1
        sent = False
    else:
        for reminder in reminders:
            reminder.sent_at, reminder.failed_at, reminder.error = now, None, ""
        report.messages += 1
        report.invited += len(partners)
        sent = True
    db.session.commit()  # what became of the message; a failed one is tried again next run
    return sent


def _record_unreachable(campaign: Campaign, written: dict[tuple[int, str], CampaignReminder]) -> int:
    """Note the listings this campaign cannot reach (no address): progress counts them."""
    unreachable = db.session.scalars(
        select(Partner).where(Partner.is_published, _address() == "", ~_kept())
    ).all()
    for partner in unreachable:
        if (partner.id, NO_ADDRESS) not in written:
            db.session.add(CampaignReminder(campaign=campaign, partner=partner, email=NO_ADDRESS,
                                            sent_at=null()))
    for (partner_id, email), reminder in written.items():
        if email == NO_ADDRESS and partner_id not in {p.id for p in unreachable}:
            db.session.delete(reminder)  # it has an address, or a member, now
    db.session.flush()
    return len(unreachable)


def invite_all(key: str, acting_user: User | None = None, now: datetime | None = None,
               seconds: float | None = None) -> InviteReport:
    """Invite each unclaimed listing's address once per campaign; a failed one is tried again.

    With `seconds`, no new message starts after that time (at least one is sent): a page must
    answer before the web server gives up, and the next run goes on. The run also stops after
    campaigns.MAX_FAILURES_IN_A_ROW refusals. The listings left wait as "not sent yet"
    (`report.remaining`). Commits once per message (see `_send`)."""
    now = now or utcnow()
    deadline = None if seconds is None else time.monotonic() + seconds
    report = InviteReport(campaign=invitation_campaign(key, acting_user))
    earlier = select(CampaignReminder).where(CampaignReminder.campaign_id == report.campaign.id)
    written = {(r.partner_id, r.email): r for r in db.session.scalars(earlier)}
    report.without_address = _record_unreachable(report.campaign, written)
    failures_in_a_row = 0
    groups = _by_address()
    for (partner_id, email), reminder in written.items():
        if email != NO_ADDRESS and reminder.sent_at is None and reminder.failed_at is None \
                and partner_id not in {p.id for p in groups.get(email, ())}:
            db.session.delete(reminder)  # left for later, but claimed (or changed address) since
    for address, partners in groups.items():
        report.listings += len(partners)
        todo = [p for p in partners if (p.id, address) not in written
                or written[p.id, address].sent_at is None or written[p.id, address].failed_at]
        report.already_invited += len(partners) - len(todo)
        if not todo:
            continue
        if failures_in_a_row >= campaigns.MAX_FAILURES_IN_A_ROW:
            report.interrupted = True
        started = report.messages + report.failed_messages
        if report.interrupted or (deadline is not None and started and time.monotonic() >= deadline):
            report.remaining += len(todo)
            _wait(report.campaign, address, todo, written)
            continue
        sent = _send(report.campaign, address, todo, now, written, report)
        failures_in_a_row = 0 if sent else failures_in_a_row + 1
    db.session.flush()
    return report


def _wait(campaign: Campaign, address: str, partners: list[Partner],
          written: dict[tuple[int, str], CampaignReminder]) -> None:
    """Record listings left for the next run, so that the progress page counts them."""
    for partner in partners:
        if (partner.id, address) not in written:
            db.session.add(CampaignReminder(campaign=campaign, partner=partner, email=address,
                                            sent_at=null()))


# The command ------------------------------------------------------------------------------


def register_cli(group: click.Group) -> None:
    """Add `flask --app portal campaigns invite` to the campaigns command group."""

    @group.command("invite")
    @click.option("--campaign", "key", metavar="KEY",
                  help="Name of the campaign (default: invitations-YYYY-MM-DD, today).")
    def invite(key: str | None) -> None:
        """Invite every published listing nobody keeps yet to claim it (safe to run again)."""
        try:
            # Links are built as in a request (url_for needs one without SERVER_NAME);
            # absolute_url puts them on PORTAL_BASE_URL.
            with current_app.test_request_context("/"):
                report = invite_all(key or default_key())
        except OnboardingError as error:
            raise click.ClickException(str(error)) from None
        except MailNotConfigured as error:
            raise click.ClickException(f"Envoi impossible ({error}).") from None
        db.session.commit()
        click.echo(f"Campagne {report.campaign.key} : {report.listings} fiches sans membre avec une adresse.")
        click.echo(f"Invitations envoyées : {report.messages} e-mails pour {report.invited} fiches.")
        click.echo(f"Déjà invitées lors de cette campagne : {report.already_invited}.")
        click.echo(f"Envois refusés (réessayés à la prochaine exécution) : {report.failed}.")
        click.echo(f"Adresses d'un autre type de compte, ignorées : {report.skipped}.")
        click.echo(f"Fiches sans membre ni adresse e-mail : {report.without_address}.")
        if report.interrupted:
            raise click.ClickException(
                "Trop d'envois refusés de suite : le serveur de messagerie semble indisponible. "
                "Relancez la commande plus tard pour envoyer le reste.")
