"""Codes of the imports (batch statuses, row kinds, decisions, mapped fields, error reasons)
and their translated labels."""

from __future__ import annotations

from portal.i18n import _l

# Batch statuses.
MAPPING, STAGED, PARTIAL, APPLIED, CANCELLED = "mapping", "staged", "partial", "applied", "cancelled"
STATUSES = {
    MAPPING: _l("colonnes à désigner"),
    STAGED: _l("en attente de validation"),
    PARTIAL: _l("appliqué en partie (des rapprochements attendent une décision)"),
    APPLIED: _l("appliqué"),
    CANCELLED: _l("abandonné"),
}

DATA_INCLUSION, CSV = "data-inclusion", "csv"
FORMATS = {DATA_INCLUSION: _l("data·inclusion (JSON ou CSV)"), CSV: _l("tableur CSV (colonnes à désigner)")}
FILE, SYNC = "file", "sync"

# Row kinds, in the order of the report.
ERROR, OUTSIDE, NOT_GEOCODED = "error", "outside", "not-geocoded"
NEW, UPDATE, PROBABLE, IDENTICAL = "new", "update", "probable", "identical"
# A place an earlier line of the same file already describes, or a line matching the listing an
# earlier line matched (values["same_as"]: that line).
REPEATED = "repeated"
# What applying a batch did, counted in ImportBatch.applied, as the batch's page lists it.
APPLIED_COUNTS = {
    "created": _l("fiches créées"),
    "updated": _l("fiches mises à jour"),
    "proposed": _l("propositions envoyées à la modération"),
    "unchanged": _l("fiches inchangées"),
    "skipped": _l("lignes ignorées"),
}
KINDS = {
    ERROR: _l("lignes en erreur"),
    OUTSIDE: _l("hors du territoire"),
    NOT_GEOCODED: _l("adresse introuvable"),
    NEW: _l("nouveaux lieux"),
    UPDATE: _l("mises à jour d'un lieu déjà importé"),
    PROBABLE: _l("probablement déjà dans l'annuaire"),
    REPEATED: _l("en double dans ce fichier"),
    IDENTICAL: _l("identiques : rien à faire"),
}
REVIEWABLE = (NEW, UPDATE, PROBABLE, REPEATED)

# Decisions on a row.
CREATE, MERGE, KEEP_BOTH, SKIP = "create", "merge", "keep-both", "skip"
DECISIONS = {
    CREATE: _l("Créer la fiche"),
    MERGE: _l("Fusionner avec la fiche existante"),
    KEEP_BOTH: _l("Garder les deux (créer une nouvelle fiche)"),
    SKIP: _l("Ignorer cette ligne"),
}
CHOICES = {NEW: (CREATE, SKIP), UPDATE: (MERGE, SKIP), PROBABLE: (MERGE, KEEP_BOTH, SKIP),
           REPEATED: (SKIP, KEEP_BOTH)}
# What happens to a row nobody decided on; a probable match is never merged without a decision.
DEFAULT_DECISIONS = {NEW: CREATE, UPDATE: MERGE, REPEATED: SKIP}

# What applying a row did.
CREATED, UPDATED, PROPOSED, UNCHANGED, SKIPPED = "created", "updated", "proposed", "unchanged", "skipped"

# Fields of a place, as the mapping form and the review name them.
FIELDS = {
    "name": _l("Nom"),
    "address": _l("Adresse"),
    "address_extra": _l("Complément d'adresse"),
    "postcode": _l("Code postal"),
    "city": _l("Commune"),
    "phone": _l("Téléphone"),
    "email": _l("Courriel"),
    "website": _l("Site web"),
    "siret": _l("SIRET"),
    "latitude": _l("Latitude"),
    "longitude": _l("Longitude"),
    "presentation": _l("Présentation"),
    "service": _l("Nom du service"),
    "thematiques": _l("Thématiques data·inclusion"),
    "subneeds": _l("Besoins précis (codes de l'annuaire)"),
    "source_id": _l("Identifiant dans le fichier"),
}
MAPPABLE = tuple(FIELDS)
# Column names recognised without a saved mapping (folded, without separators).
GUESSES = {
    "name": ("nom", "name", "structure", "raisonsociale", "denomination", "libelle"),
    "address": ("adresse", "address", "rue", "adresse1"),
    "address_extra": ("complementadresse", "complement", "adresse2"),
    "postcode": ("codepostal", "cp", "postcode", "zipcode"),
    "city": ("commune", "ville", "city"),
    "phone": ("telephone", "tel", "phone"),
    "email": ("courriel", "email", "mail", "adressemail"),
    "website": ("siteweb", "site", "website", "url"),
    "siret": ("siret",),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lon", "lng"),
    "presentation": ("description", "presentation", "presentationresume"),
    "service": ("service", "nomservice"),
    "thematiques": ("thematiques", "thematique"),
    "subneeds": ("besoins", "sousbesoins", "besoin"),
    "source_id": ("id", "identifiant"),
}

# Why a line or a value is refused: message with %(value)s where the value helps.
ERRORS = {
    "missing": _l("ce champ est obligatoire et il est vide"),
    "siret": _l("« %(value)s » n'est pas un SIRET valide (14 chiffres dont la clé de contrôle)"),
    "email": _l("« %(value)s » n'est pas une adresse e-mail valide"),
    "phone": _l("« %(value)s » n'est pas un numéro de téléphone français"),
    "thematique": _l("« %(value)s » n'est pas une thématique du référentiel data·inclusion"),
    "subneed": _l("« %(value)s » n'est pas un besoin de l'annuaire"),
    "postcode": _l("« %(value)s » n'est pas un code postal (5 chiffres)"),
    "latitude": _l("« %(value)s » n'est pas une latitude valide (entre -90 et 90)"),
    "longitude": _l("« %(value)s » n'est pas une longitude valide (entre -180 et 180)"),
    "coordinates": _l("latitude et longitude vont ensemble : il en manque une"),
    "url": _l("« %(value)s » n'est pas une adresse web valide"),
    "date": _l("« %(value)s » n'est pas une date (AAAA-MM-JJ)"),
    "vocabulary": _l("« %(value)s » n'est pas une valeur du référentiel data·inclusion"),
    "too-short": _l("texte trop court (« %(value)s »)"),
    "too-long": _l("texte trop long"),
    "unknown-structure": _l("le service renvoie à la structure « %(value)s », absente du fichier"),
    "duplicate-id": _l("l'identifiant « %(value)s » apparaît déjà plus haut dans le fichier"),
    "not-an-object": _l("cette entrée n'est pas un objet JSON"),
    "invalid": _l("valeur refusée (%(value)s)"),
    "outside": _l("ce lieu est hors du territoire de l'annuaire : il ne sera pas importé"),
    "not-geocoded": _l("l'adresse n'a pas été trouvée : le lieu ne peut pas être placé sur la carte"),
}

# File-wide remarks and refusals.
NOTES = {
    "encoding": _l("Le fichier n'est pas en UTF-8 : il a été lu en %(value)s. Vérifiez les accents "
                   "dans la revue."),
    "separator": _l("Séparateur de colonnes : « %(value)s »."),
    "geocoder-down": _l("Le service d'adresses ne répond pas : les lignes sans coordonnées n'ont pas "
                        "pu être placées. Réessayez plus tard."),
    "empty": _l("Le fichier est vide : il n'y a rien à importer."),
    "no-rows": _l("Le fichier ne contient aucune ligne de données sous l'en-tête."),
    "binary": _l("Ce fichier n'est pas un fichier texte (CSV ou JSON) : il semble être %(value)s."),
    "bad-encoding": _l("Ce fichier n'est pas lisible comme du texte (encodage inconnu)."),
    "bad-json": _l("Ce fichier JSON est mal formé (ligne %(line)s : %(value)s)."),
    "json-shape": _l("Ce JSON n'a pas la forme attendue : une liste de structures, ou un objet avec "
                     "« structures » et « services »."),
    "no-name-column": _l("Aucune colonne n'est désignée comme le nom du lieu."),
    "missing-columns": _l("Colonnes obligatoires du format data·inclusion absentes : %(value)s."),
    "too-large": _l("Le fichier dépasse la taille maximale de %(value)s Mo."),
    "services-ignored": _l("%(value)s services rattachés à une structure en erreur ont été ignorés."),
}
