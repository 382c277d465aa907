"""Stored codes of the directory and their translated labels."""

from portal.i18n import _l

# Status of a partner (published or draft) and of a service (published or archived). What
# residents see is defined once, on the models: `Partner.is_published` and `Service.is_live`.
PUBLISHED = "published"
DRAFT = "draft"
ARCHIVED = "archived"

# The access mode that makes a service "sans rendez-vous" (`Service.is_walk_in`), and the
# fees code of a service free for everyone (`Service.is_free`).
WALK_IN = "sans-rdv"
FREE = "gratuit"
# The reception mode of a service given only at a distance (`Service.is_remote_only`).
REMOTE = "a-distance"
# Needs whose lists put open places first, then the soonest to open (a bed tonight).
URGENT_NEEDS = frozenset({"urgence-sociale"})

PARTNER_KINDS = {
    "ccas": _l("CCAS"),
    "mairie-de-quartier": _l("Mairie de quartier"),
    "centre-social": _l("Centre social"),
    "france-services": _l("France Services"),
    "espace-numerique": _l("Lieu de médiation numérique"),
    "association": _l("Association"),
    "epicerie-solidaire": _l("Épicerie solidaire"),
    "banque-alimentaire": _l("Aide alimentaire"),
    "accueil-de-jour": _l("Accueil de jour"),
    "centre-de-sante": _l("Centre de santé"),
    "espace-seniors": _l("Espace seniors"),
    "mission-locale": _l("Mission locale"),
    "mediatheque": _l("Médiathèque"),
    "service-public": _l("Service public"),
}

ACCESSIBILITY = {
    "full": _l("Accessible en fauteuil roulant"),
    "partial": _l("Accès en fauteuil roulant partiel"),
    "none": _l("Pas accessible en fauteuil roulant"),
    "unknown": _l("Accès en fauteuil roulant non renseigné"),
}

# ISO 639 codes; "fsl" is French Sign Language.
LANGUAGES = {
    "fr": _l("français"),
    "en": _l("anglais"),
    "ar": _l("arabe"),
    "es": _l("espagnol"),
    "pt": _l("portugais"),
    "it": _l("italien"),
    "de": _l("allemand"),
    "ro": _l("roumain"),
    "ru": _l("russe"),
    "uk": _l("ukrainien"),
    "tr": _l("turc"),
    "fa": _l("persan"),
    "ps": _l("pachto"),
    "ti": _l("tigrigna"),
    "zh": _l("chinois"),
    "fsl": _l("langue des signes française"),
}

NATIONAL_LABELS = {
    "france-services": _l("France Services"),
    "aidants-connect": _l("Aidants Connect"),
    "conseiller-numerique": _l("Conseiller numérique"),
    "pass-numerique": _l("Pass numérique"),
}

# data·inclusion v1 "frais" vocabulary.
FEES = {
    "gratuit": _l("Gratuit"),
    "gratuit-sous-conditions": _l("Gratuit sous conditions"),
    "payant": _l("Payant"),
    "adhesion": _l("Adhésion"),
    "pass-numerique": _l("Pass numérique accepté"),
    # Not in data·inclusion: the source did not say; shown honestly rather than guessed.
    "non-precise": _l("Tarif non précisé"),
}

# data·inclusion v1 "modes_accueil" vocabulary.
MODES = {
    "en-presentiel": _l("Sur place"),
    "a-distance": _l("À distance (téléphone, visio)"),
}

ACCESS_MODES = {
    "sans-rdv": _l("Sans rendez-vous"),
    "telephone": _l("Par téléphone"),
    "sur-rdv": _l("Sur rendez-vous"),
    "orientation": _l("Sur orientation d'un professionnel"),
}

AUDIENCES = {
    "tous-publics": _l("Tout le monde"),
    "familles-enfants": _l("Familles et enfants"),
    "jeunes-16-26": _l("Jeunes de 16 à 25 ans"),
    "seniors-65": _l("Personnes âgées"),
    "personnes-handicapees": _l("Personnes en situation de handicap"),
    "beneficiaires-rsa": _l("Personnes au RSA"),
    "demandeurs-emploi": _l("Personnes sans emploi"),
    "personnes-exilees": _l("Personnes exilées"),
    "sans-domicile": _l("Personnes sans logement"),
    "femmes": _l("Femmes"),
    "etudiants": _l("Étudiants"),
}

SOURCES = {
    "manual": _l("Saisie par le CCAS"),
    "france-services": _l("Liste des France Services (ANCT)"),
    "conseiller-numerique": _l("Lieux de médiation numérique (Conseillers numériques)"),
    "data-inclusion": _l("data·inclusion"),
    "demo": _l("Données de démonstration"),
    "proposition": _l("Lieu proposé au CCAS, vérifié par son équipe"),
}


def label(mapping: dict, code: str) -> str:
    """Translated label of a stored code; an unknown code is shown as it is rather than hidden."""
    value = mapping.get(code)
    return str(value) if value is not None else code
