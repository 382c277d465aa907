"""Stored codes of the accounts domain and their translated labels."""

from datetime import timedelta

from portal.i18n import _l

ADMIN = "admin"
PARTNER = "partner"
PROFESSIONAL = "professional"

ROLES = {
    ADMIN: _l("Administration (équipe du CCAS)"),
    PARTNER: _l("Membre d'un partenaire"),
    PROFESSIONAL: _l("Professionnel ou professionnelle"),
}

INVITE = "invite"
RESET = "reset"

TOKEN_LIFETIMES = {
    INVITE: timedelta(days=7),
    RESET: timedelta(hours=1),
}

PASSWORD_MIN_LENGTH = 12
