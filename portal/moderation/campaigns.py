"""Freshness campaigns: e-mail the members of stale listings, once per campaign."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import func, select

from portal.db import utcnow
from portal.directory.models import Partner
from portal.extensions import db
from portal.i18n import _
from portal.mail import absolute_url, send_mail
from portal.moderation import queries
from portal.moderation.campaign_models import Campaign, CampaignReminder


@dataclass
class RemindReport:
    """What one run of the reminders did."""

    campaign: Campaign
    stale: int = 0
    sent: int = 0
    already_sent: int = 0
    without_member: int = 0


def default_key(now: datetime | None = None) -> str:
    """The key of this month's campaign, e.g. 2026-11 (Lille time)."""
    now = now or utcnow()
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Paris"))
    return now.astimezone(zone).strftime("%Y-%m")


def campaign_for(key: str) -> Campaign:
    """The campaign with this key, created (flushed) when it does not exist yet."""
    key = key.strip()
    if not key:
        raise ValueError("a campaign needs a key")
    campaign = db.session.scalars(select(Campaign).where(Campaign.key == key)).first()
    if campaign is None:
        campaign = Campaign(key=key)
        db.session.add(campaign)
        db.session.flush()
    return campaign


def listing_link(partner: Partner) -> str:
    """The absolute link to the partner's listing in the members' space."""
    return absolute_url("partners.listing", slug=partner.slug)


def _reminder(partner: Partner) -> tuple[str, str]:
    """Subject and text of the reminder about one partner, in French (the directory's language)."""
    with force_locale("fr"):
        # Rendered without the page context processors, which need a request; a command has none.
        template = current_app.jinja_env.get_template("moderation/email/reminder.txt")
        body = template.render(partner=partner, link=listing_link(partner))
        return _("Votre fiche « %(name)s » est-elle toujours à jour ?", name=partner.name), body


def remind(key: str, now: datetime | None = None) -> RemindReport:
    """E-mail each active member of each stale published partner, unless this campaign already did.

    The one operation that commits, once per reminder (see below); the caller commits the rest.
    """
    now = now or utcnow()
    report = RemindReport(campaign=campaign_for(key))
    partners = db.session.scalars(queries.stale_partners(now)).all()
    report.stale = len(partners)
    sent_before = db.session.execute(
        select(CampaignReminder.partner_id, CampaignReminder.user_id).where(
            CampaignReminder.campaign_id == report.campaign.id
        )
    )
    done = {(partner_id, user_id) for partner_id, user_id in sent_before}
    by_id = {p.id: p for p in partners}
    reached: set[int] = set()
    for partner_id, user in db.session.execute(queries.members_to_remind(list(by_id))).all():
        reached.add(partner_id)
        if (partner_id, user.id) in done:
            report.already_sent += 1
            continue
        partner = by_id[partner_id]
        db.session.add(CampaignReminder(campaign=report.campaign, partner=partner, user=user,
                                        email=user.email, sent_at=now))
        db.session.flush()
        try:
            send_mail(user.email, *_reminder(partner))
        except Exception:
            # Not recorded as sent: the next run tries this member again.
            db.session.rollback()
            raise
        # Committed per reminder, right after its message left: a run interrupted by a mail
        # failure keeps what was sent, and started again it sends only what is missing.
        db.session.commit()
        report.sent += 1
    report.without_member = report.stale - len(reached)
    return report


def campaigns_with_counts() -> list[tuple[Campaign, int]]:
    """Every campaign, newest first, with the number of reminders it sent."""
    return list(
        db.session.execute(
            select(Campaign, func.count(CampaignReminder.id))
            .outerjoin(CampaignReminder)
            .group_by(Campaign.id)
            .order_by(Campaign.created_at.desc(), Campaign.id.desc())
        )
    )
