"""Tidying of imported values: readable names and addresses, phone numbers, kinds, sub-needs."""

from __future__ import annotations

import re

from portal.directory.text import fold, slugify
from seed.sources import PlaceRecord, ServiceRecord

ACRONYMS = {"ccas", "caf", "cnfs", "sos", "mres", "greta", "cpam", "msa", "pmi", "lea", "clea"}
# Accents and capitals lost in ALL-CAPS source names, for words seen in the Lille data.
WORDS = {
    "associee": "associée", "francaise": "française", "abbe": "abbé", "cooperative": "coopérative",
    "prefiguration": "préfiguration", "lycee": "lycée", "general": "général",
    "metropole": "Métropole", "solidarites": "Solidarités", "emmaus": "Emmaüs",
    "ecrire": "écrire", "epeule": "Épeule", "republique": "République", "leon": "Léon",
    "leonard": "Léonard", "ctre": "centre",
}
PROPER = {
    "lille", "lomme", "hellemmes", "roubaix", "tourcoing", "pierre", "connect", "interfaces",
    "konexio", "gaston", "berger", "croix", "rouge", "groupe", "blum", "metz", "leblanc",
    "nicolas", "aerts", "destombes", "bart", "jean", "vinci", "dunkerque", "camille", "guerin",
    "huart", "bocquet", "salengro", "roger", "docteur", "vicq", "jules", "edouard", "delesalle",
    "cravate", "solidaire", "mots",
}
SMALL = {"de", "du", "des", "la", "le", "les", "et", "a", "au", "aux", "pour", "en", "sur"}
STREET_TYPES = {
    "av": "avenue", "bd": "boulevard", "pl": "place", "all": "allée", "ch": "chemin",
    "rue": "rue", "avenue": "avenue", "boulevard": "boulevard", "place": "place",
    "allee": "allée", "chemin": "chemin", "parc": "parc", "impasse": "impasse", "quai": "quai",
}
PHRASES = {"Croix Rouge": "Croix-Rouge", "Groupe SOS-Solidarités": "Groupe SOS Solidarités"}


def _word(word: str, first: bool) -> str:
    folded = fold(word)
    if folded in ACRONYMS:
        return word.upper()
    text = WORDS.get(folded, word.lower())
    if folded in PROPER or text[:1].isupper():
        return text[:1].upper() + text[1:]
    return text[:1].upper() + text[1:] if first else text


def _recase(text: str) -> str:
    """Rebuild an ALL-CAPS phrase word by word ("D'HELLEMMES" -> "d'Hellemmes")."""
    text = re.sub(r"\b([LD])'\s+", r"\1'", text)
    out: list[str] = []
    for token in re.split(r"(\s+|-)", text):
        starts = not out or out[-1] == "-"  # a word after a hyphen keeps its capital
        parts = re.split(r"(')", token)
        out.append("".join(_word(p, starts and i == 0) if p not in ("'", "") else p
                           for i, p in enumerate(parts)))
    result = "".join(out)
    for before, after in PHRASES.items():
        result = result.replace(before, after)
    return result


def is_shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and not any(c.islower() for c in letters)


def tidy_name(name: str) -> str:
    """Readable case for ALL-CAPS names, keeping acronyms ("CCAS D'HELLEMMES" -> "CCAS d'Hellemmes")."""
    return _recase(name) if is_shouting(name) else name


def tidy_address(address: str) -> str:
    """Readable street address ("83 RUE DE L'ABBE AERTS" -> "83 rue de l'Abbé Aerts")."""
    words = []
    for word in address.split():
        folded = fold(word)
        if folded in STREET_TYPES:
            words.append(STREET_TYPES[folded])
        elif is_shouting(word) and len(word) > 1 and not re.search(r"\d", word):
            lowered = _recase(word)
            if folded in SMALL or folded.startswith(("l'", "d'")):
                lowered = lowered[:1].lower() + lowered[1:]
            words.append(lowered)
        else:
            words.append(word)
    return " ".join(words)


def tidy_phone(phone: str) -> str:
    """French numbers as "03 20 18 98 98"; anything else is kept as written."""
    digits = re.sub(r"\D", "", phone)
    if digits.startswith("33"):
        digits = "0" + digits[2:].lstrip("0")
    if len(digits) == 10 and digits.startswith("0"):
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return phone.strip()


NAME_NOISE = {"france", "services", "service", "lille", "de", "du", "des", "la", "le", "les", "l",
              "d", "et", "association", "asso", "commune", "ville"}


def name_core(name: str) -> frozenset[str]:
    """Distinctive words of an organisation name, for fuzzy matching across sources."""
    folded = fold(name).replace("centre communal d'action sociale", "ccas")
    folded = folded.replace("ctre communal action sociale", "ccas")
    return frozenset(w for w in re.split(r"[^a-z0-9]+", folded) if w and w not in NAME_NOISE)


def address_key(address: str, postcode: str) -> str:
    words = [STREET_TYPES.get(w, w) for w in slugify(address).split("-")]
    return f"{'-'.join(words)}|{postcode}"


def guess_kind(name: str, records: list[PlaceRecord]) -> str:
    """A PARTNER_KINDS code guessed from the name, the source typology and the sources."""
    folded = fold(name)
    typologies = {r.typologie.upper() for r in records}
    rules = (
        (any(r.source == "france-services" for r in records) or folded.startswith("france services"),
         "france-services"),
        ("ccas" in folded or "action sociale" in folded or "CCAS" in typologies, "ccas"),
        ("centre social" in folded or "CS" in typologies, "centre-social"),
        ("mairie" in folded or "commune" in folded or "MUNI" in typologies, "mairie-de-quartier"),
        ("bibliotheque" in folded or "mediatheque" in folded, "mediatheque"),
        ("mission locale" in folded or "ML" in typologies, "mission-locale"),
        ("lycee" in folded or "greta" in folded or "CAP_EMPLOI" in typologies, "service-public"),
        ("connect" in folded or "numerique" in folded, "espace-numerique"),
        ("ASSO" in typologies or "croix" in folded or "groupe sos" in folded, "association"),
        (all(r.source == "conseiller-numerique" for r in records), "espace-numerique"),
    )
    return next((kind for matched, kind in rules if matched), "association")


# The national France Services offer, with the sub-needs each line answers.
FRANCE_SERVICES_OFFER = (
    ("Aide aux démarches administratives",
     "Un agent vous accueille et vous aide dans vos démarches, en ligne ou sur papier.",
     ("comprendre-un-courrier-remplir-un-dossier", "demarche-en-ligne-avec-quelqu-un")),
    ("Allocations familiales, RSA, prime d'activité, aide au logement",
     "Dossiers et questions sur les prestations de la CAF.", ("aide-caf-rsa-apl",)),
    ("Assurance maladie, carte Vitale, complémentaire santé",
     "Démarches auprès de l'Assurance maladie et de la MSA.",
     ("carte-vitale-complementaire-sante",)),
    ("Retraite", "Demande de retraite et questions sur vos droits.",
     ("retraite-et-droits-seniors",)),
    ("Impôts", "Déclaration de revenus, prélèvement à la source, avis d'imposition.",
     ("comprendre-un-courrier-remplir-un-dossier",)),
    ("Recherche d'emploi", "Inscription et suivi auprès du service public de l'emploi.",
     ("trouver-un-travail",)),
    ("Papiers d'identité, permis de conduire, carte grise",
     "Aide aux demandes en ligne de l'ANTS.", ("papiers-identite-titre-de-sejour",)),
    ("Accès au droit", "Premières informations juridiques et orientation en cas de litige.",
     ("conseil-juridique-gratuit",)),
)


def france_services_offer() -> list[ServiceRecord]:
    return [
        ServiceRecord(name=name, description=text, fees="gratuit", subneeds=subneeds)
        for name, text, subneeds in FRANCE_SERVICES_OFFER
    ]


KEYWORD_RULES = (
    (r"smartphone|tablette|telephone portable", ("apprendre-a-utiliser-son-telephone",)),
    (r"ordinateur|informatique|bases du numerique|culture numerique|excel|cloud|outils numeriques"
     r"|competences numeriques|clea numerique", ("apprendre-a-utiliser-un-ordinateur",)),
    (r"numerique au quotidien", ("adresse-mail-et-mots-de-passe",)),
    (r"demarches", ("demarche-en-ligne-avec-quelqu-un",)),
    (r"ecrivain|lecture et l'ecriture", ("comprendre-un-courrier-remplir-un-dossier",)),
    (r"insertion professionnelle|vers l'emploi|dans l'emploi|recherche d'emploi|mentorat",
     ("trouver-un-travail",)),
    (r"entretien|cv|codes professionnels", ("cv-et-entretien-d-embauche",)),
    (r"orientation", ("choisir-un-metier",)),
    (r"lire|calcul|remise a niveau", ("lire-ecrire-compter",)),
    (r"formation qualifiante", ("trouver-une-formation",)),
    (r"acceder a du materiel|equipement", ("ordinateur-ou-telephone-pas-cher",)),
    (r"mon entreprise|creation d'entreprise", ("creer-mon-entreprise",)),
)
CATEGORY_ALIASES = {"creation-activite": "creer-une-entreprise"}


def _by_keywords(text: str) -> list[str]:
    folded = fold(text).replace("’", "'")
    found: list[str] = []
    for pattern, slugs in KEYWORD_RULES:
        if re.search(rf"\b(?:{pattern})\b", folded):
            found.extend(s for s in slugs if s not in found)
    return found


def subneeds_for(service: ServiceRecord, thematiques: dict[str, list[str]]) -> list[str]:
    """Sub-need slugs of a service, by order of evidence.

    `thematiques` maps each sub-need slug to its data·inclusion codes (taxonomy order).
    Explicit slugs first; then exact thématique codes and the service's own words; then the
    words describing its organisation; last, the first sub-need of a bare thématique category.
    """
    if service.subneeds:
        return list(service.subneeds)
    found = [slug for slug, codes in thematiques.items() if set(codes) & set(service.thematiques)]
    for slug in _by_keywords(f"{service.name} {service.description}"):
        if slug not in found:
            found.append(slug)
    if not found:
        found = _by_keywords(service.context)
    if not found:
        for code in service.thematiques:
            prefix = CATEGORY_ALIASES.get(code, code).split("--")[0] + "--"
            slug = next((s for s, codes in thematiques.items()
                         if any(c.startswith(prefix) for c in codes)), None)
            if slug and slug not in found:
                found.append(slug)
    return found
