"""Stored codes of the feedback domain and their translated labels."""

from __future__ import annotations

from portal.i18n import _l

# What is wrong on a listing ("Signaler une erreur").
CLOSED = "closed"
HOURS = "hours"
ADDRESS = "address"
PHONE = "phone"
SERVICE = "service"
OTHER = "other"

REPORT_CODES = {
    CLOSED: _l("Le lieu a fermé définitivement"),
    HOURS: _l("Les horaires sont faux"),
    ADDRESS: _l("L'adresse est fausse"),
    PHONE: _l("Le numéro de téléphone est faux"),
    SERVICE: _l("Un service n'est plus proposé"),
    OTHER: _l("Autre chose"),
}

# Statuses of a report.
NEW = "new"
HANDLED = "handled"

REPORT_STATUSES = {
    NEW: _l("Nouveau"),
    HANDLED: _l("Traité"),
}

# Statuses of a proposed place.
ACCEPTED = "accepted"
REFUSED = "refused"
DUPLICATE = "duplicate"

PROPOSAL_STATUSES = {
    NEW: _l("Nouvelle"),
    ACCEPTED: _l("Acceptée : fiche en brouillon créée"),
    REFUSED: _l("Refusée"),
    DUPLICATE: _l("Doublon d'une fiche existante"),
}

# Partner.source of a listing created from an accepted proposal.
PROPOSAL_SOURCE = "proposition"

REPORT_TEXT_MAX = 500
OFFER_TEXT_MAX = 1000
NOTE_MAX = 500
