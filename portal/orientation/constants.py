"""Stored codes of the orientation domain and their translated labels."""

from __future__ import annotations

from portal.i18n import _l

# What the anonymous counts for the CCAS count (OrientationEvent.kind).
SLIP = "slip"
EMAIL = "email"
SMS = "sms"
REQUEST = "request"
ACCEPTED = "accepted"
CONTACTED = "contacted"
REFUSED = "refused"

EVENT_KINDS = {
    SLIP: _l("Fiches d'orientation"),
    EMAIL: _l("Envois par e-mail"),
    SMS: _l("Envois par SMS"),
    REQUEST: _l("Demandes d'orientation"),
    ACCEPTED: _l("Demandes acceptées"),
    CONTACTED: _l("Personnes contactées"),
    REFUSED: _l("Demandes refusées"),
}

# Statuses of an orientation request: sent, then the partner's answers.
SENT = "sent"
REQUEST_STATUSES = {
    SENT: _l("Envoyée, sans réponse"),
    ACCEPTED: _l("Acceptée"),
    CONTACTED: _l("Personne contactée"),
    REFUSED: _l("Refusée"),
}
# Answers after which the answer link no longer works.
FINAL_STATUSES = (CONTACTED, REFUSED)

# Why a partner refuses a request.
REFUSAL_REASONS = {
    "not_eligible": _l("La personne ne correspond pas au public du service"),
    "full": _l("Plus de place pour le moment"),
    "wrong_service": _l("Ce n'est pas le bon service pour cette demande"),
    "unreachable": _l("Personne injoignable"),
    "declined": _l("La personne ne souhaite plus être accompagnée"),
    "other": _l("Autre raison"),
}

# Channels of a send to the resident (SendLog.channel); the rate limits count per channel.
CHANNELS = (EMAIL, SMS)

# What the digest can say about a favourite (Favourite.seen["changes"]).
CLOSURE = "closure"
HOURS = "hours"
ACCESS = "access"
UNPUBLISHED = "unpublished"
REPUBLISHED = "republished"
CHANGE_KINDS = {
    CLOSURE: _l("fermeture temporaire"),
    HOURS: _l("horaires modifiés"),
    ACCESS: _l("conditions d'accès modifiées"),
    UNPUBLISHED: _l("n'est plus publié"),
    REPUBLISHED: _l("de nouveau publié"),
}
