"""Codes of the audit table and of the statement, with their translated labels."""

from __future__ import annotations

from portal.accessibility import audit
from portal.i18n import _l

LEVELS = {
    audit.TOTAL: _l("totalement conforme"),
    audit.PARTIAL: _l("partiellement conforme"),
    audit.NONE: _l("non conforme"),
}

STATUSES = {
    audit.AUTO: _l("Respecté (vérifié par un test automatique)"),
    audit.MANUAL: _l("Respecté (vérifié par une personne)"),
    audit.NA: _l("Non applicable"),
    audit.FAILING: _l("Non respecté"),
    audit.UNTESTED: _l("Pas encore vérifié"),
}

# The 13 RGAA themes, translated; the official French names are in the criteria file.
THEMES = {
    1: _l("Images"),
    2: _l("Cadres"),
    3: _l("Couleurs"),
    4: _l("Multimédia"),
    5: _l("Tableaux"),
    6: _l("Liens"),
    7: _l("Scripts"),
    8: _l("Éléments obligatoires"),
    9: _l("Structuration de l'information"),
    10: _l("Présentation de l'information"),
    11: _l("Formulaires"),
    12: _l("Navigation"),
    13: _l("Consultation"),
}

# Kinds of pages of the evaluation sample (keys of data/statement.toml).
PAGE_KINDS = {
    "home": _l("Accueil"),
    "need": _l("Un besoin et ses besoins précis"),
    "subneed": _l("Un besoin précis : la liste des lieux, avec les filtres"),
    "partner": _l("La fiche d'un lieu partenaire"),
    "quartiers": _l("La liste des quartiers"),
    "quartier": _l("Les lieux d'un quartier"),
    "az": _l("Les partenaires de A à Z"),
    "search": _l("La recherche et ses résultats"),
    "statement": _l("La déclaration d'accessibilité"),
    "easy_read": _l("La page en facile à lire"),
    "not_found": _l("La page « page introuvable »"),
}
