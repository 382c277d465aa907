"""The back office's campaign pages: the list, a new reminder campaign, the invitations, a
campaign's progress, and a listing's follow-up (contact address, update frequency)."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import distinct, func, select

from portal.accounts.models import normalise_email
from portal.admin.blueprint import bp
from portal.db import utcnow
from portal.directory.models import Partner
from portal.extensions import db
from portal.i18n import _
from portal.mail import MailNotConfigured
from portal.moderation import campaign_status, campaigns, onboarding, queries
from portal.moderation.campaign_forms import (
    FollowUpForm,
    InvitationCampaignForm,
    ReminderCampaignForm,
    ResumeForm,
)
from portal.moderation.campaign_models import INVITE, Campaign, CampaignReminder
from portal.moderation.constants import UPDATE_FREQUENCIES
from portal.pagination import paginate

PER_PAGE = 50
# How long one page of the invitations sends: it must answer well before the web server gives
# up (30 s for gunicorn); "Envoyer ce qui manque" goes on.
# How long one page may spend sending (invitations or reminders), well under a web server's
# timeout; what is left is sent by "Envoyer ce qui manque".
INVITATIONS_SECONDS = 12


@bp.context_processor
def _frequencies() -> dict:
    # The stale list and the follow-up page name each listing's update frequency.
    return {"UPDATE_FREQUENCIES": UPDATE_FREQUENCIES}


@bp.get("/campagnes")
def campaigns_list():
    """Every campaign, newest first, with its counts, and the ways to start one."""
    rows = db.session.scalars(select(Campaign).order_by(Campaign.created_at.desc(), Campaign.id.desc())).all()
    return render_template("moderation/campaigns.html", kinds=campaign_status.KINDS,
                           campaigns=[(c, campaigns.progress(c)) for c in rows])


# A new reminder campaign ------------------------------------------------------------------


def _reminder_plan(months: int | None):
    """What a reminder campaign would do now: the listings it would write to, the messages,
    the listings without address, and a listing with an address for the preview."""
    partners = db.session.scalars(queries.stale_partners(utcnow(), months=months)).all()
    members: dict[int, list] = {}
    for partner_id, user in db.session.execute(queries.members_to_remind([p.id for p in partners])):
        members.setdefault(partner_id, []).append(user)
    addressed = [(p, campaigns.recipients(p, members.get(p.id, ()))) for p in partners]
    reached = [(p, found) for p, found in addressed if found]
    preview = None
    if reached:
        partner, ((email, user), *_others) = reached[0]
        preview = (partner, email, *campaigns.reminder_message(partner, email, member=user is not None))
    return {"listings": len(reached), "messages": sum(len(found) for _p, found in reached),
            "addresses": len({email for _p, found in reached for email, _user in found}),
            "without_address": len(partners) - len(reached), "preview": preview}


@bp.route("/campagnes/nouvelle", methods=["GET", "POST"])
def new_campaign():
    """A reminder campaign in three steps: choose, check what will be sent, send."""
    form = ReminderCampaignForm() if request.method == "POST" else ReminderCampaignForm(
        formdata=None, key=campaigns.default_key())
    editing = request.method == "POST" and form.step.data == "edit"  # back from the check
    if request.method == "POST" and not editing and form.validate_on_submit():
        months = form.chosen_months()
        if form.step.data == "send":
            return _launch_reminders(form.key.data.strip(), months)
        return render_template("moderation/campaign_confirm.html", form=form, months=months,
                               plan=_reminder_plan(months))
    plan = _reminder_plan(None if form.errors else form.chosen_months(default=None))
    return render_template("moderation/campaign_new.html", form=form, plan=plan), 422 if form.errors else 200


def _launch_reminders(key: str, months: int | None):
    try:
        report = campaigns.remind(key, months=months, created_by=current_user._get_current_object(),
                                  seconds=INVITATIONS_SECONDS)
        db.session.commit()
    except MailNotConfigured:
        db.session.rollback()
        current_app.logger.exception("Reminder campaign without a mail server")
        flash(_("Aucun serveur de messagerie n'est configuré : rien n'est parti."), "error")
        return redirect(url_for(".campaigns_list"))
    flash(_("Campagne « %(key)s » : %(sent)d messages envoyés, %(failed)d refusés.",
            key=report.campaign.key, sent=report.sent, failed=report.failed), "success")
    if report.interrupted:
        flash(_("Trop d'envois refusés de suite : le serveur de messagerie semble indisponible. "
                "Relancez la campagne plus tard depuis cette page."), "error")
    elif report.remaining:
        flash(_("Il reste %(num)d messages à envoyer : cliquez sur « Envoyer ce qui manque » pour "
                "continuer.", num=report.remaining), "info")
    return redirect(url_for(".campaign", campaign_id=report.campaign.id))


# The invitations --------------------------------------------------------------------------


@bp.route("/campagnes/invitations", methods=["GET", "POST"])
def invitations():
    """Invite every published listing nobody keeps yet to claim it, in one campaign."""
    form = InvitationCampaignForm() if request.method == "POST" else InvitationCampaignForm(
        formdata=None, key=onboarding.default_key())
    if request.method == "POST" and form.validate_on_submit():
        return _run_invitations(form.key.data.strip())
    listings, addresses = onboarding.unclaimed_counts()
    return render_template(
        "moderation/invitations.html", form=form, listings=listings, addresses=addresses,
        unreachable=onboarding.unreachable_count(), preview=onboarding.preview(),
        seconds=INVITATIONS_SECONDS,
    ), 422 if form.errors else 200


def _run_invitations(key: str):
    try:
        report = onboarding.invite_all(key, current_user._get_current_object(), seconds=INVITATIONS_SECONDS)
        db.session.commit()
    except onboarding.OnboardingError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".invitations"))
    except MailNotConfigured:
        db.session.rollback()
        current_app.logger.exception("Invitation campaign without a mail server")
        flash(_("Aucun serveur de messagerie n'est configuré : rien n'est parti."), "error")
        return redirect(url_for(".invitations"))
    flash(_("Campagne « %(key)s » : %(messages)d invitations envoyées pour %(listings)d fiches, "
            "%(failed)d refusées.", key=report.campaign.key, messages=report.messages,
            listings=report.invited, failed=report.failed), "success")
    if report.interrupted:
        flash(_("Trop d'envois refusés de suite : le serveur de messagerie semble indisponible. "
                "Reprenez plus tard avec « Envoyer ce qui manque »."), "error")
    elif report.remaining:
        flash(_("Il reste %(num)d fiches à inviter : cliquez sur « Envoyer ce qui manque » pour continuer.",
                num=report.remaining), "info")
    return redirect(url_for(".campaign", campaign_id=report.campaign.id))


# A campaign's progress --------------------------------------------------------------------


@bp.get("/campagnes/<int:campaign_id>")
def campaign(campaign_id: int):
    """A campaign's counts and, listing by listing, what became of its messages."""
    campaign = db.get_or_404(Campaign, campaign_id)
    if campaign.kind == INVITE:
        # Invitations have no signed links recording a confirmation: read it from the listings.
        campaign_status.record_outcomes(campaign)
        db.session.commit()
    code = request.args.get("statut") or None
    if code is not None and code not in campaign_status.CONDITIONS:
        abort(404)
    rows = campaign_status.filtered(campaigns.listing_statuses(campaign), code)
    pager = paginate(rows, PER_PAGE, rows=True)
    r = CampaignReminder
    addresses = db.session.scalar(select(func.count(distinct(r.email))).where(
        r.campaign_id == campaign.id, r.sent_at.is_not(None), r.failed_at.is_(None)))
    return render_template(
        "moderation/campaign.html", campaign=campaign, counts=campaigns.progress(campaign),
        addresses=addresses, pager=pager, code=code, statuses=campaign_status,
        resume_form=ResumeForm(),
    )


@bp.post("/campagnes/<int:campaign_id>/relancer")
def resume(campaign_id: int):
    """Send what a campaign has not sent yet: new listings to remind, failed messages."""
    campaign = db.get_or_404(Campaign, campaign_id)
    if not ResumeForm().validate_on_submit():
        abort(400)
    if campaign.kind == INVITE:
        return _run_invitations(campaign.key)
    return _launch_reminders(campaign.key, campaign.months)


# A listing's follow-up --------------------------------------------------------------------


@bp.route("/partenaires/<slug>/suivi", methods=["GET", "POST"])
def follow_up(slug: str):
    """The address the CCAS writes to about a listing, and how often it should be confirmed."""
    partner = db.first_or_404(select(Partner).where(Partner.slug == slug))
    days = current_app.config["PORTAL_STALE_AFTER_DAYS"]
    form = FollowUpForm(obj=partner, default_days=days)
    if form.validate_on_submit():
        partner.contact_email = normalise_email(form.contact_email.data or "")
        partner.update_frequency = form.update_frequency.data or ""
        db.session.commit()
        flash(_("Suivi de « %(name)s » enregistré.", name=partner.name), "success")
        return redirect(url_for(".follow_up", slug=partner.slug))
    return render_template("moderation/follow_up.html", partner=partner, form=form), \
        422 if form.errors else 200
