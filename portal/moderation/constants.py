"""Stored codes of moderation (revision kinds, statuses, refusal reasons, field names) and
their translated labels.

Statuses of a `Revision`:
- ``pending``: proposed by a partner member, waiting for an administrator; the public page still
  shows the last approved version. A partner has at most one pending revision at a time.
- ``approved``: applied to the listing by an administrator's decision (or an administrator's
  restore, or a member's "my information is up to date", which is recorded as kind ``confirm``).
- ``rejected``: refused with a reason code (REJECTION_REASONS) and an optional message.
- ``applied``: a trusted partner's edit, applied to the public listing at once and reviewed
  afterwards (``Revision.reviewed`` tells whether an administrator has looked at it since).
- ``superseded``: a pending revision replaced by a newer one of the same partner (the newer one
  carries both changes), or withdrawn by an administrator's restore.
- ``draft``: what an administrator refused (all of a revision, or some of its sections), kept
  for the partner to edit and send again; never public, never pending. At most one per partner.
"""

from portal.i18n import _l

EDIT = "edit"
RESTORE = "restore"
CONFIRM = "confirm"
IMPORT = "import"  # open-data values: written where nobody changed them, proposed elsewhere

KINDS = {
    EDIT: _l("Modification"),
    RESTORE: _l("Retour à une version précédente"),
    CONFIRM: _l("Informations confirmées à jour"),
    IMPORT: _l("Mise à jour depuis les données ouvertes"),
}

PENDING = "pending"
APPROVED = "approved"
REJECTED = "rejected"
APPLIED = "applied"
SUPERSEDED = "superseded"
DRAFT = "draft"

STATUSES = {
    PENDING: _l("En attente de validation"),
    APPROVED: _l("Validée"),
    REJECTED: _l("Refusée"),
    APPLIED: _l("Publiée, relecture à venir"),
    SUPERSEDED: _l("Remplacée par une modification plus récente"),
    DRAFT: _l("Brouillon refusé, à reprendre"),
}

# Revisions that were (or are) live: an administrator may restore one of these.
RESTORABLE = (APPROVED, APPLIED)

REJECTION_REASONS = {
    "incomplete": _l("Informations incomplètes"),
    "inaccurate": _l("Informations inexactes"),
    "out-of-scope": _l("Hors du champ de l'annuaire"),
    "duplicate": _l("Doublon d'une autre fiche"),
    "inappropriate": _l("Contenu inapproprié"),
    "other": _l("Autre raison"),
}

# How often a listing should be confirmed (Partner.update_frequency), in days; "" is the
# site's default, PORTAL_STALE_AFTER_DAYS.
UPDATE_FREQUENCIES = {
    "monthly": _l("Tous les mois"),
    "quarterly": _l("Tous les trois mois"),
    "yearly": _l("Tous les ans"),
}
UPDATE_FREQUENCY_DAYS = {"monthly": 31, "quarterly": 92, "yearly": 366}

# Flags a revision may carry, for the administrators (stored in Revision.flags).
GEOCODER_UNAVAILABLE = "geocoder-unavailable"
ADDRESS_NOT_FOUND = "address-not-found"

FLAGS = {
    GEOCODER_UNAVAILABLE: _l("Le service d'adresses ne répondait pas : la position sur la carte "
                             "n'a pas été mise à jour."),
    ADDRESS_NOT_FOUND: _l("Adresse introuvable : la position sur la carte n'a pas été mise à jour."),
}

# label_code of a diff entry -> translated label. Service fields use "service.<field>".
FIELD_LABELS = {
    "name": _l("Nom"),
    "kind": _l("Type de lieu"),
    "presentation": _l("Présentation"),
    "address": _l("Adresse"),
    "address_extra": _l("Complément d'adresse"),
    "postcode": _l("Code postal"),
    "city": _l("Commune"),
    "phone": _l("Téléphone"),
    "email": _l("E-mail"),
    "website": _l("Site web"),
    "accessibility": _l("Accès en fauteuil roulant"),
    "accessibility_note": _l("Précisions sur l'accès"),
    "languages": _l("Langues parlées"),
    "closed_on_public_holidays": _l("Fermé les jours fériés"),
    "pro_phone": _l("Ligne directe pour les professionnels"),
    "pro_contact": _l("Contact pour les orientations"),
    "pro_email": _l("E-mail des demandes d'orientation"),
    "pro_procedure": _l("Procédure d'orientation"),
    "pro_documents": _l("Documents à joindre à une orientation"),
    "service.added": _l("Nouveau service"),
    "service.name": _l("Nom du service"),
    "service.description": _l("Description du service"),
    "service.subneeds": _l("Besoins auxquels le service répond"),
    "service.audiences": _l("Publics"),
    "service.fees": _l("Prix"),
    "service.fees_detail": _l("Précisions sur le prix"),
    "service.modes": _l("Où"),
    "service.access_modes": _l("Comment y accéder"),
    "service.documents": _l("À apporter"),
    "service.languages": _l("Langues du service"),
    "service.status": _l("Service en ligne ou archivé"),
    "service.accepts_orientations": _l("Accepte les demandes d'orientation des professionnels"),
    "service.place": _l("Lieu où le service a lieu"),
    "service.stops": _l("Lieux de passage du service"),
    "slots.0": _l("Horaires du lundi"),
    "slots.1": _l("Horaires du mardi"),
    "slots.2": _l("Horaires du mercredi"),
    "slots.3": _l("Horaires du jeudi"),
    "slots.4": _l("Horaires du vendredi"),
    "slots.5": _l("Horaires du samedi"),
    "slots.6": _l("Horaires du dimanche"),
    "exceptions": _l("Horaires exceptionnels"),
    "closures": _l("Fermetures temporaires"),
}


def field_label(entry: dict) -> str:
    """Translated label of a diff entry, naming the service when the change is inside one."""
    text = str(FIELD_LABELS.get(entry.get("label_code", ""), entry.get("field", "")))
    service = entry.get("service")
    return f"{text} ({service})" if service else text
