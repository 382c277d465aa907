"""The few next sessions other pages show: the home page, a need's page, a partner's page."""

from __future__ import annotations

from datetime import date

from portal.workshops import queries

HOME_COUNT = 4
NEED_COUNT = 4
PARTNER_COUNT = 5  # sessions in all
PARTNER_WORKSHOPS = 5


def _in(session: queries.Session, quartier) -> bool:
    place = session.workshop.where["quartier"]
    return place is not None and place.id == quartier.id


def for_home(today: date, quartier=None) -> list[queries.Session]:
    """The next sessions held, those in the chosen quartier first (then the soonest)."""
    sessions = queries.upcoming_sessions(today, days=31, include_cancelled=False)
    if quartier is not None:
        sessions = sorted(sessions, key=lambda s: not _in(s, quartier))  # stable: soonest first within
    return sessions[:HOME_COUNT]


def for_need(need, today: date) -> list[queries.Session]:
    """The next sessions held of the workshops answering one of the need's precise needs."""
    return queries.upcoming_sessions(today, days=62, include_cancelled=False, need=need, limit=NEED_COUNT)


def for_partner(partner, today: date) -> list[tuple[object, list[queries.Session]]]:
    """A partner's next sessions, cancelled ones included so that residents know, grouped by
    workshop (soonest first) so that a weekly workshop does not fill the block with itself:
    every workshop gets its next session, then the remaining places go to the next dates."""
    sessions = queries.upcoming_sessions(today, days=183, partner_id=partner.id)
    firsts: dict[int, queries.Session] = {}
    for session in sessions:
        firsts.setdefault(session.workshop.id, session)
    chosen = list(firsts.values())[:PARTNER_WORKSHOPS]
    kept = {s.workshop.id for s in chosen}
    for session in sessions:
        if len(chosen) >= PARTNER_COUNT:
            break
        if session.workshop.id in kept and session not in chosen:
            chosen.append(session)
    groups: dict[int, tuple[object, list[queries.Session]]] = {}
    for session in sorted(chosen, key=lambda s: s.starts_at):
        groups.setdefault(session.workshop.id, (session.workshop, []))[1].append(session)
    return list(groups.values())
