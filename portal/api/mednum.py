"""Our digital-inclusion places in the national "lieux de médiation numérique" schema
(LaMednum and ANCT, https://schema.data.gouv.fr/LaMednum/standard-mediation-num/ ; source:
https://github.com/LaMednum/standard-mediation-num).

Version followed: 2.0.0, that is the fields of 1.0.x without `structure_parente` (removed in
2.0.0), with `pivot` and `date_maj` optional. Multiple values are joined by "|" in the CSV, as
the schema says; the JSON keeps them as lists. Required: id, nom, commune, code_postal,
adresse, services.

A place is one published partner that has a live service under the need "numérique" or one of
the national labels of digital inclusion. `to_lieu` is pure (plain values in, a row out);
`lieu_rows` reads the database. `pivot` is the partner's SIRET when known (2.0.0 takes only a
SIRET, and an empty pivot rather than a false one). Not mapped (we do not hold them):
`formations_labels`, `autres_formations_labels`, `fiche_acces_libre`, `prise_rdv`. The label
"pass-numerique" is a voucher a place accepts: no national programme of the schema matches it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import selectinload

from portal.api import exports
from portal.api.data_inclusion import SOURCE
from portal.directory.models import Need, Partner, Service, SubNeed, service_subneed

# The need of the taxonomy (seed/taxonomy.py) whose services make a partner a place.
NEED = "numerique"
LABELS = {
    "france-services": "France Services",
    "aidants-connect": "Aidants Connect",
    "conseiller-numerique": "Conseillers numériques",
}

FIELDS = (
    "id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse",
    "latitude", "longitude", "typologie", "telephone", "courriels", "site_web", "horaires",
    "presentation_resume", "presentation_detail", "source", "itinerance", "date_maj", "services",
    "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
    "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels",
    "modalites_acces", "modalites_accompagnement", "fiche_acces_libre", "prise_rdv",
)
LIST_FIELDS = frozenset({
    "typologie", "courriels", "site_web", "services", "publics_specifiquement_adresses",
    "prise_en_charge_specifique", "frais_a_charge", "dispositif_programmes_nationaux",
    "formations_labels", "modalites_acces", "modalites_accompagnement", "itinerance",
})
REQUIRED = ("id", "nom", "commune", "code_postal", "adresse", "services")

# Our "numérique" sub-needs → the schema's services.
SERVICES = {
    "demarche-en-ligne-avec-quelqu-un": ("Aide aux démarches administratives",),
    "apprendre-a-utiliser-un-ordinateur": ("Maîtrise des outils numériques du quotidien",),
    "apprendre-a-utiliser-son-telephone": ("Maîtrise des outils numériques du quotidien",),
    "adresse-mail-et-mots-de-passe": ("Maîtrise des outils numériques du quotidien",
                                      "Utilisation sécurisée du numérique"),
    "ordinateur-ou-telephone-pas-cher": ("Acquisition de matériel informatique à prix solidaire",),
    "internet-et-impression": ("Accès internet et matériel informatique",),
}
# What a labelled place offers at least, when none of its services says more.
LABEL_SERVICES = {
    "france-services": "Aide aux démarches administratives",
    "aidants-connect": "Aide aux démarches administratives",
    "conseiller-numerique": "Maîtrise des outils numériques du quotidien",
}
# How people are helped, by sub-need: on their own with the equipment, or in a workshop.
COACHING = {
    "internet-et-impression": "En autonomie",
    "apprendre-a-utiliser-un-ordinateur": "Dans un atelier collectif",
}
# Our partner kinds → the schema's `typologie` (data·inclusion's structure types).
TYPOLOGIES = {
    "ccas": "CCAS", "mairie-de-quartier": "MUNI", "centre-social": "CS", "france-services": "RFS",
    "espace-numerique": "EPN", "association": "ASSO", "mission-locale": "ML", "mediatheque": "BIB",
}
FEES = {
    "gratuit": "Gratuit", "gratuit-sous-conditions": "Gratuit sous condition",
    "adhesion": "Gratuit sous condition", "pass-numerique": "Gratuit sous condition",
    "payant": "Payant",
}
ACCESS = {"sans-rdv": "Se présenter", "telephone": "Téléphoner"}
AUDIENCES = {
    "jeunes-16-26": "Jeunes", "etudiants": "Étudiants", "familles-enfants": "Familles et/ou enfants",
    "seniors-65": "Seniors", "femmes": "Femmes",
}
SUMMARY_MAX = 280


def e164(phone: str) -> str:
    """A French number as the schema writes it (+33 and nine digits), or "" when it is not one."""
    digits = re.sub(r"[\s.\-()]", "", phone or "")
    if re.fullmatch(r"0[1-9]\d{8}", digits):
        return "+33" + digits[1:]
    if re.fullmatch(r"\+33[1-9]\d{8}", digits):
        return digits
    return ""


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def to_lieu(*, key: str, name: str, updated_on: date, postcode: str, city: str, insee: str,
            address: str, address_extra: str = "", latitude: float | None = None,
            longitude: float | None = None, kind: str = "", phone: str = "", email: str = "",
            website: str = "", siret: str = "", opening_hours: str = "", presentation: str = "",
            labels: Iterable[str] = (), subneeds: Iterable[str] = (), fees: Iterable[str] = (),
            access_modes: Iterable[str] = (), modes: Iterable[str] = (),
            audiences: Iterable[str] = (), languages: Iterable[str] = (),
            itinerant: bool = False) -> dict:
    """One place as a row of the schema (lists for the multiple-value fields)."""
    labels, subneeds, audiences = list(labels), list(subneeds), list(audiences)
    # Sorted: the database may give the sub-needs in any order, and two exports must agree.
    services = sorted(_unique([s for sub in subneeds for s in SERVICES.get(sub, ())]
                              + [LABEL_SERVICES[code] for code in labels if code in LABEL_SERVICES]))
    coaching = _unique([COACHING.get(sub, "Accompagnement individuel") for sub in subneeds]
                       + (["À distance"] if "a-distance" in modes else []))
    languages = set(languages)
    specific = _unique(["Surdité" if "fsl" in languages else "",
                        "Langues étrangères (anglais)" if "en" in languages else "",
                        "Langues étrangères (autres)" if languages - {"fr", "en", "fsl"} else ""])
    presentation = presentation.strip()
    summary = presentation if len(presentation) <= SUMMARY_MAX else (
        presentation[: SUMMARY_MAX - 1].rsplit(" ", 1)[0] + "…")
    return {
        "id": key,
        "pivot": siret if re.fullmatch(r"\d{14}", siret or "") else "",
        "nom": name.strip(),
        "commune": city.strip(),
        "code_postal": postcode.strip(),
        "code_insee": insee,
        "adresse": address.strip(),
        "complement_adresse": address_extra.strip(),
        "latitude": latitude,
        "longitude": longitude,
        "typologie": _unique([TYPOLOGIES.get(kind, "")]),
        "telephone": e164(phone),
        "courriels": _unique([email.strip()]),
        "site_web": _unique([website.strip()]),
        "horaires": opening_hours,
        "presentation_resume": summary,
        "presentation_detail": presentation,
        "source": SOURCE,
        "itinerance": ["Itinérant" if itinerant else "Fixe"],
        "date_maj": min(updated_on, date.today()).isoformat(),
        "services": services,
        "publics_specifiquement_adresses": ([] if "tous-publics" in audiences else
                                            _unique(AUDIENCES.get(a, "") for a in audiences)),
        "prise_en_charge_specifique": specific,
        "frais_a_charge": _unique(FEES.get(f, "") for f in fees),
        "dispositif_programmes_nationaux": _unique(LABELS.get(code, "") for code in labels),
        "formations_labels": [],
        "autres_formations_labels": "",
        "modalites_acces": _unique(ACCESS.get(a, "") for a in access_modes),
        "modalites_accompagnement": coaching,
        "fiche_acces_libre": "",
        "prise_rdv": "",
    }


def missing(row: dict) -> list[str]:
    """The required fields a row leaves empty."""
    return [name for name in REQUIRED if not row.get(name)]


def _digital_services():
    """(partner id, updated_at) of the live services under the need "numérique"."""
    return (select(Service.partner_id, Service.updated_at)
            .join(service_subneed, service_subneed.c.service_id == Service.id)
            .join(SubNeed, SubNeed.id == service_subneed.c.subneed_id)
            .join(Need, Need.id == SubNeed.need_id)
            .where(Service.is_live, Need.slug == NEED))


def _places():
    """The ids of the published partners that are places: a national label of digital
    inclusion, or a live service under the need "numérique" (the rule `lieu_values` applies)."""
    labelled = or_(*(cast(Partner.labels, String).like(f'%"{code}"%') for code in LABEL_SERVICES))
    return select(Partner.id).where(Partner.is_published, or_(
        labelled, Partner.id.in_(_digital_services().with_only_columns(Service.partner_id))))


def candidates():
    """The places' partners, with what their rows need preloaded."""
    return exports.published_partners().where(Partner.id.in_(_places())).options(
        selectinload(Partner.services).selectinload(Service.subneeds).joinedload(SubNeed.need),
        selectinload(Partner.services).selectinload(Service.stops),
    )


def lieu_values(partner: Partner) -> dict | None:
    """The values of a partner's place, or None when it is not a digital-inclusion place."""
    digital = [s for s in partner.live_services
               if any(sub.need.slug == NEED for sub in s.subneeds)]
    labels = [code for code in partner.labels or [] if code in LABEL_SERVICES]
    if not digital and not labels:
        return None
    return {
        "key": partner.slug,
        "name": partner.name,
        "updated_on": exports.updated_on(partner.updated_at, partner.last_confirmed_at,
                                         *(s.updated_at for s in digital)),
        "postcode": partner.postcode or "",
        "city": partner.city or "",
        "insee": exports.insee_code(partner.postcode, partner.city),
        "address": partner.address or "",
        "address_extra": partner.address_extra or "",
        "latitude": partner.latitude,
        "longitude": partner.longitude,
        "kind": partner.kind or "",
        "phone": partner.phone or "",
        "email": partner.email or "",
        "website": partner.website or "",
        "siret": getattr(partner, "siret", "") or "",
        "opening_hours": exports.weekly_hours(partner.slots, partner.closed_on_public_holidays),
        "presentation": partner.presentation or "",
        "labels": labels,
        "subneeds": [sub.slug for s in digital for sub in s.subneeds if sub.need.slug == NEED],
        "fees": [s.fees for s in digital],
        "access_modes": [a for s in digital for a in s.access_modes or []],
        "modes": [m for s in digital for m in s.modes or []],
        "audiences": [a for s in digital for a in s.audiences or []],
        "languages": [*(partner.languages or []), *(lang for s in digital for lang in s.languages or [])],
        "itinerant": any(s.is_itinerant for s in digital),
    }


def lieu_rows(report: exports.Report | None = None) -> Iterator[dict]:
    """The rows of every digital-inclusion place; a row missing a required field is left out."""
    report = report if report is not None else exports.Report()
    for partner in exports.db.session.scalars(candidates().execution_options(yield_per=exports.BATCH)):
        values = lieu_values(partner)
        if values is None:
            continue
        row = to_lieu(**values)
        if gaps := missing(row):
            report.leave_out(partner.slug, "champ obligatoire vide : " + ", ".join(gaps))
            continue
        report.written += 1
        yield row


def summary() -> exports.Summary:
    """How many places the file holds and their latest change, counted by the database."""
    places = _places()
    count, latest = exports.db.session.execute(
        select(func.count(Partner.id), func.max(Partner.updated_at)).where(Partner.id.in_(places))
    ).one()
    services = exports.db.session.scalar(_digital_services().with_only_columns(
        func.max(Service.updated_at)).where(Service.partner_id.in_(places)))
    return exports.Summary(count, max((d for d in (latest, services) if d), default=None))
