"""Stored codes of workshops and their translated labels."""

from portal.i18n import _l

# Moderation, as for a listing: a workshop of a partner that is not trusted waits for review
# before residents see it; what residents see is defined once, in queries.visible_workshops().
PENDING = "pending"
PUBLISHED = "published"
REJECTED = "rejected"
WITHDRAWN = "withdrawn"  # taken down by its partner; kept for the history and the statistics
STATUSES = {
    PENDING: _l("En attente de validation"),
    PUBLISHED: _l("Publié"),
    REJECTED: _l("Refusé"),
    WITHDRAWN: _l("Retiré"),
}

# Levels, from someone who has never used a screen to someone who manages alone but wants more.
DISCOVERY = "decouverte"
BEGINNER = "debutant"
INTERMEDIATE = "intermediaire"
LEVELS = {
    DISCOVERY: _l("Découverte"),
    BEGINNER: _l("Débutant"),
    INTERMEDIATE: _l("Intermédiaire"),
}
LEVEL_HINTS = {
    DISCOVERY: _l("Pour qui n'a jamais ou presque jamais utilisé un ordinateur ou un smartphone."),
    BEGINNER: _l("Pour qui sait allumer l'appareil et veut apprendre les gestes de tous les jours."),
    INTERMEDIATE: _l("Pour qui se débrouille déjà et veut faire ses démarches seul."),
}

# When it takes place: one date, or a recurrence from the first date until an end date.
ONCE = "once"
WEEKLY = "weekly"
FORTNIGHTLY = "fortnightly"
MONTHLY = "monthly"  # the same weekday of the month as the first date (e.g. the 2nd Tuesday)
FREQUENCIES = {
    ONCE: _l("Une seule date"),
    WEEKLY: _l("Chaque semaine"),
    FORTNIGHTLY: _l("Toutes les deux semaines"),
    MONTHLY: _l("Chaque mois, le même jour de la semaine"),
}

# Where: at the partner's address, at another address, or online.
AT_PARTNER = "partner"
ELSEWHERE = "other"
ONLINE = "online"
PLACES = {
    AT_PARTNER: _l("À l'adresse du partenaire"),
    ELSEWHERE: _l("À une autre adresse"),
    ONLINE: _l("En ligne"),
}

# How to register.
WALK_IN = "walk-in"
BY_PHONE = "phone"
BY_EMAIL = "email"
BY_LINK = "online"
REGISTRATIONS = {
    WALK_IN: _l("Sans inscription : venir directement"),
    BY_PHONE: _l("Inscription par téléphone"),
    BY_EMAIL: _l("Inscription par e-mail"),
    BY_LINK: _l("Inscription en ligne"),
}

# The state of one dated session, set by the partner at any time and published at once.
CANCELLED = "cancelled"
FULL = "full"
SESSION_STATES = {
    CANCELLED: _l("Annulé"),
    FULL: _l("Complet"),
}
