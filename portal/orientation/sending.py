"""Sending a slip to the resident by e-mail or SMS, within the professional's limits.

A send keeps a slip of the selection (`slips.create`, in the resident's language) and sends
its link with the places' essentials. The address or the number is given to the mail server
or the SMS provider and to nothing else: not to the database, the log or the session. What is
recorded is a `SendLog` row (who, which channel, when: the limits count them, and they are
deleted after a day) and the anonymous counts of the CCAS.

An e-mail leaves after the commit (`mail.send_after_commit`). An SMS leaves while the
professional waits, so that the page can say whether it left: `prepare` keeps the slip, the
view commits, then `send_sms` calls the provider (and counts the SMS only when it left).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from email.message import EmailMessage

from flask import current_app, has_request_context, render_template, request
from flask_babel import force_locale, format_date, format_time
from sqlalchemy import delete, func, select

from portal import mail
from portal.accounts.models import User
from portal.db import utcnow
from portal.directory.constants import ACCESS_MODES
from portal.directory.presenters import now as paris_now
from portal.extensions import db
from portal.i18n import RTL, SOURCE, _, ngettext
from portal.orientation import presenters, slips, sms, stats
from portal.orientation.constants import EMAIL, SMS
from portal.orientation.models import SendLog, Slip
from portal.orientation.presenters import SlipPlace
from portal.orientation.selection import Entry

# The kept link's path, after the language prefix (see slips.py).
KEPT_PATH = "/o/"
# An SMS of several parts: 153 GSM characters each, or 67 when the text needs Unicode.
MAX_SEGMENTS = 4
GSM_SINGLE, GSM_PART = 160, 153
UNICODE_SINGLE, UNICODE_PART = 70, 67

# French letters and signs outside that alphabet, and what a phone shows instead.
_GSM_SPELLING = {
    "’": "'", "‘": "'", "«": '"', "»": '"', "“": '"', "”": '"', "–": "-", "—": "-",
    "…": "...", "œ": "oe", "Œ": "OE", "\u00a0": " ", "\u202f": " ", "•": "-", "·": "-", "°": "o",
}

_GUILLEMETS = re.compile(r"«\s*|\s*»")


class LimitReached(Exception):
    """The professional sent as many slips as the limits allow for now; `message` says so."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Prepared:
    """A slip kept for a send, and its link (the raw token is never stored)."""

    slip: Slip
    url: str
    entries: list[Entry]
    locale: str
    channel: str

    @property
    def expires_on(self) -> date:
        return self.slip.expires_at.date()


# Limits --------------------------------------------------------------------------------------


def sends_since(user: User, channel: str, since: datetime) -> int:
    """How many slips `user` sent by `channel` since `since`."""
    return db.session.scalar(
        select(func.count(SendLog.id)).where(SendLog.user_id == user.id, SendLog.channel == channel,
                                             SendLog.created_at > since)) or 0


def check_limits(user: User, channel: str, now: datetime | None = None) -> None:
    """Raise LimitReached when `user` already sent PORTAL_SENDS_PER_HOUR slips by `channel`
    in the last hour, or PORTAL_SENDS_PER_DAY in the last day (administrators too)."""
    now = now or utcnow()
    config = current_app.config
    per_hour, per_day = int(config["PORTAL_SENDS_PER_HOUR"]), int(config["PORTAL_SENDS_PER_DAY"])
    if sends_since(user, channel, now - timedelta(hours=1)) >= per_hour:
        raise LimitReached(_("Vous avez déjà envoyé %(n)s fiches par ce moyen dans l'heure : c'est la "
                             "limite. Réessayez plus tard, ou imprimez la fiche.", n=per_hour))
    if sends_since(user, channel, now - timedelta(days=1)) >= per_day:
        raise LimitReached(_("Vous avez déjà envoyé %(n)s fiches par ce moyen en 24 heures : c'est la "
                             "limite. Réessayez demain, ou imprimez la fiche.", n=per_day))


def purge_log(now: datetime) -> int:
    """Delete send-log rows the rate limits no longer need (older than a day); returns how many."""
    result = db.session.execute(delete(SendLog).where(SendLog.created_at <= now - timedelta(days=1)))
    return result.rowcount or 0


# The kept link -------------------------------------------------------------------------------


def site_root() -> str:
    """The site's address without a language prefix: PORTAL_BASE_URL, else the current host."""
    base = current_app.config.get("PORTAL_BASE_URL")
    if base:
        return base.rstrip("/")
    if has_request_context():
        return request.host_url.rstrip("/") + request.environ.get("portal.root", "")
    return mail.DEMO_BASE_URL


def kept_url(raw: str, locale: str) -> str:
    """The kept link of a slip, in its language (/o/… in French, /en/o/… in English)."""
    prefix = "" if locale == SOURCE else f"/{locale}"
    return f"{site_root()}{prefix}{KEPT_PATH}{raw}"


# Operations ----------------------------------------------------------------------------------


def prepare(user: User, entries: list[Entry], channel: str, locale: str,
            now: datetime | None = None) -> Prepared:
    """Within the limits, keep a slip of `entries` in `locale` and log the send (flushed).
    Raises LimitReached, and then writes nothing."""
    now = now or utcnow()
    check_limits(user, channel, now)
    slip, raw = slips.create(entries, locale, now)
    db.session.add(SendLog(user_id=user.id, channel=channel, created_at=now))
    db.session.flush()
    return Prepared(slip, kept_url(raw, locale), entries, locale, channel)


def send_email(user: User, entries: list[Entry], address: str, locale: str,
               now: datetime | None = None) -> Prepared:
    """Keep a slip and queue the e-mail of it to `address`, leaving after the commit; counted
    for the CCAS. Raises LimitReached."""
    now = now or utcnow()
    prepared = prepare(user, entries, EMAIL, locale, now)
    mail.send_after_commit(email_message(address, prepared))
    stats.record(EMAIL, [(e.partner, e.service) for e in entries], now)
    return prepared


def send_sms(prepared: Prepared, number_e164: str, now: datetime | None = None) -> sms.SmsResult:
    """Send the SMS of a prepared (and committed) slip now; counted for the CCAS when it left.
    Raises sms.SmsError when it did not."""
    text = sms_text_of(prepared)
    result = sms.send_sms(number_e164, text)
    stats.record(SMS, [(e.partner, e.service) for e in prepared.entries], now)
    return result


# The e-mail ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MailPlace:
    """One place as the e-mail tells it: the slip's view, its next opening and its hours for
    the next seven days as plain lines (an e-mail is read later: no "open now")."""

    place: SlipPlace
    next_opening: str
    hours: list[str]


def _clock(moment: datetime) -> str:
    return format_time(moment, "HH:mm")


def _day_line(day: presenters.Day) -> str:
    label = format_date(day.day, "EEE d MMM")
    if day.intervals:
        hours = ", ".join(f"{_clock(start)}–{_clock(end)}" for start, end in day.intervals)
    elif day.closure_message:
        hours = _("fermé temporairement (%(why)s)", why=day.closure_message)
    else:
        hours = _("fermé")
    return _("%(day)s : %(hours)s", day=label, hours=hours)


def access_labels(codes) -> str:
    """The access conditions of a place in words, in the current language."""
    return ", ".join(str(ACCESS_MODES[code]) for code in codes if code in ACCESS_MODES)


def mail_place(place: SlipPlace, at: datetime) -> MailPlace:
    """The e-mail's view of a place at `at`, in the current language."""
    starts = [start for day in place.week for start, _end in day.intervals if start >= at]
    following = ""
    if starts:
        first = min(starts)
        following = _("%(day)s à %(time)s", day=format_date(first, "EEEE d MMMM"), time=_clock(first))
    return MailPlace(place, following, [_day_line(day) for day in place.week])


def email_message(address: str, prepared: Prepared, at: datetime | None = None) -> EmailMessage:
    """The e-mail of a slip in its language: places, hours, the kept link, the CCAS phone."""
    at = at or paris_now()
    with force_locale(prepared.locale):
        places = [mail_place(place, at) for place in presenters.slip_places(prepared.entries, at)]
        values = {"places": places, "url": prepared.url, "expires_on": prepared.expires_on,
                  "ccas_phone": current_app.config["PORTAL_CCAS_PHONE"], "locale": prepared.locale,
                  "direction": "rtl" if prepared.locale in RTL else "ltr",
                  "access_labels": access_labels}
        subject = _("Votre fiche d'orientation")
        text = render_template("orientation/email/slip.txt", **values)
        html = render_template("orientation/email/slip.html", **values)
    return mail.compose(address, subject, text, html)


# The SMS -------------------------------------------------------------------------------------


def gsm_spelling(text: str) -> str | None:
    """`text` in the GSM alphabet (accents a phone cannot show are dropped: ê → e), or None
    when it needs Unicode (Arabic, for one)."""
    out = []
    for char in _GUILLEMETS.sub('"', text):
        if sms.is_gsm(char):
            out.append(char)
            continue
        if char in _GSM_SPELLING:
            out.append(_GSM_SPELLING[char])
            continue
        plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if plain and all(c in sms.GSM_BASIC for c in plain):
            out.append(plain)
            continue
        return None
    return "".join(out)


def segments(text: str) -> int:
    """How many SMS parts `text` takes (GSM alphabet when it fits in it, Unicode otherwise)."""
    if sms.is_gsm(text):
        units = sum(2 if c in sms.GSM_EXTENDED else 1 for c in text)
        single, part = GSM_SINGLE, GSM_PART
    else:
        units = sum(2 if ord(c) > 0xFFFF else 1 for c in text)
        single, part = UNICODE_SINGLE, UNICODE_PART
    return 1 if units <= single else -(-units // part)


def _fitted(text: str) -> str:
    return gsm_spelling(text) or text


def _place_lines(number: int, place: SlipPlace) -> list[str]:
    title = f"{number}. {place.name}" + (f" - {place.service_name}" if place.service_name else "")
    lines = [title]
    if place.address_lines:
        lines.append(", ".join(place.address_lines))
    if place.phone:
        lines.append(_("Tél. %(phone)s", phone=place.phone))
    return lines


def sms_text(places: list[SlipPlace], url: str) -> str:
    """The SMS of a slip, in the current language: each place's name, address and phone, then
    the kept link, in MAX_SEGMENTS parts at most (the places that do not fit are counted, and
    the link always fits). In the GSM alphabet whenever the language allows it."""
    head = [_("Fiche d'orientation :")]
    tail = [_("Horaires et détails : %(url)s", url=url)]
    blocks = [_place_lines(n, place) for n, place in enumerate(places, start=1)]
    for kept in range(len(blocks), -1, -1):
        left = len(blocks) - kept
        more = [ngettext("+ %(num)d autre lieu sur la fiche", "+ %(num)d autres lieux sur la fiche",
                         left)] if left else []
        lines = head + [line for block in blocks[:kept] for line in block] + more + tail
        text = _fitted("\n".join(lines))
        if segments(text) <= MAX_SEGMENTS:
            return text
    return _fitted("\n".join(tail))


def sms_text_of(prepared: Prepared, at: datetime | None = None) -> str:
    """The SMS of a prepared slip, in its language."""
    with force_locale(prepared.locale):
        return sms_text(presenters.slip_places(prepared.entries, at), prepared.url)
