"""iCalendar feeds (.ics) of the workshop sessions, for calendar applications to subscribe to.

One VEVENT per session (a cancelled one stays, with STATUS:CANCELLED, so that a subscribed
calendar shows the cancellation instead of silently dropping the date), in Europe/Paris time
with its VTIMEZONE. Each UID is the workshop's slug, the date and the site's host: it stays the
same from one download to the next, so calendars update events instead of duplicating them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from portal.i18n import _
from portal.workshops import presenters, queries

# A feed covers the past month (a subscriber still sees what just happened) and the next six.
DAYS_BEFORE = 31
DAYS_AFTER = 183
PRODID = "-//Trouver de l'aide a Lille//Ateliers//FR"


def span(today: date) -> tuple[date, date]:
    """The first and last day a feed covers."""
    return today - timedelta(days=DAYS_BEFORE), today + timedelta(days=DAYS_AFTER)


def _stamp(session: queries.Session) -> datetime:
    """When the event's information last changed (stable, so that the feed is too)."""
    workshop = session.workshop
    moments = [workshop.updated_at, *(d.created_at for d in workshop.dates if d.day == session.day)]
    moment = max((m for m in moments if m is not None), default=datetime(2000, 1, 1, tzinfo=UTC))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _summary(session: queries.Session) -> str:
    state = presenters.state_text(session)
    return f"{state} – {session.workshop.title}" if state else session.workshop.title


def _description(session: queries.Session, url: str) -> str:
    workshop = session.workshop
    registration = presenters.registration(workshop)
    lines = []
    if session.cancelled:
        lines.append(_("Cette séance est annulée.") + (f" {session.note}" if session.note else ""))
    elif session.full:
        lines.append(_("Cette séance est complète."))
    if workshop.description:
        lines.append(workshop.description)
    lines.append(_("Niveau : %(level)s", level=presenters.level_label(workshop.level)))
    lines.append(presenters.price_text(workshop))
    lines.append(" ".join(p for p in (registration.text, registration.link_text) if p))
    if workshop.organiser_name:
        lines.append(_("Organisé par : %(name)s", name=workshop.organiser_name))
    if workshop.is_online and workshop.online_url:
        lines.append(_("En ligne : %(url)s", url=workshop.online_url))
    lines.append(url)
    return "\n\n".join(line for line in lines if line)


def event(session: queries.Session, *, host: str, url: str) -> Event:
    """One session as a VEVENT."""
    workshop = session.workshop
    found = Event()
    found.add("uid", f"{workshop.slug}-{session.day.isoformat()}@{host}")
    found.add("dtstamp", _stamp(session))
    found.add("dtstart", session.starts_at)
    found.add("dtend", session.ends_at)
    found.add("summary", _summary(session))
    found.add("description", _description(session, url))
    location = presenters.place_text(workshop)
    if workshop.is_online and workshop.online_url:
        location = f"{location} : {workshop.online_url}"
    found.add("location", location)
    found.add("url", url)
    found.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
    found.add("transp", "TRANSPARENT")  # an event one may attend, not a busy slot of one's own
    return found


def calendar(name: str, sessions: list[queries.Session], *, host: str,
             url_of: Callable[[str], str]) -> bytes:
    """The feed: a VCALENDAR named `name` holding one VEVENT per session, with the time zone."""
    feed = Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    feed.add("calscale", "GREGORIAN")
    feed.add("x-wr-calname", name)
    feed.add("x-wr-timezone", "Europe/Paris")
    feed.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    feed.add("x-published-ttl", "PT6H")
    for session in sessions:
        feed.add_component(event(session, host=host, url=url_of(session.workshop.slug)))
    if sessions:
        # The time zone's rules over the feed's years only (from 1970 the component is long).
        days = [s.day for s in sessions]
        feed.add_missing_timezones(first_date=date(min(days).year - 1, 1, 1),
                                   last_date=date(max(days).year + 2, 1, 1))
    return feed.to_ical()
