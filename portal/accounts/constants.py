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

# Account requests: a professional asks with the address of their organisation, never a
# personal mailbox (the domains below and their subdomains are refused).
WEBMAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "yahoo.fr", "yahoo.com", "hotmail.fr", "hotmail.com",
    "outlook.fr", "outlook.com", "live.fr", "live.com", "msn.com", "orange.fr", "wanadoo.fr",
    "free.fr", "sfr.fr", "neuf.fr", "laposte.net", "bbox.fr", "numericable.fr", "icloud.com",
    "me.com", "aol.com", "gmx.fr", "gmx.com", "protonmail.com", "proton.me",
})

# Statuses of an account request.
PENDING = "pending"
APPROVED = "approved"
REFUSED = "refused"

REQUEST_STATUSES = {
    PENDING: _l("En attente"),
    APPROVED: _l("Acceptée : invitation envoyée"),
    REFUSED: _l("Refusée"),
}
