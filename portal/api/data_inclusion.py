"""Our partners and services as data·inclusion v1 `Structure` and `Service` records.

Everything here is pure: plain values in, a model validated by the official package out, no
Flask and no database (portal/api/exports.py reads the database and calls these). Our stored
codes (portal/directory/constants.py) are turned into the schema's vocabulary by the explicit
tables below, whose values are the package's own enums; a code a table does not name is left
out rather than guessed. The quality score is the package's (`score_qualite.score`).

Not mapped, because we do not hold them: `accessibilite_lieu` (an Acceslibre link),
`type`, `zone_eligibilite`, `lien_mobilisation`, `mobilisation_precisions`,
`volume_horaire_hebdomadaire`, `nombre_semaines`. `contact_nom_prenom` would be the partner's
professional contact, which is never public.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from data_inclusion.schema.v1 import (
    Frais,
    ModeAccueil,
    ModeMobilisation,
    PersonneMobilisatrice,
    Public,
    ReseauPorteur,
    Service,
    Structure,
    Thematique,
    score_qualite,
)

# The producer's identifier in the data·inclusion records ("source").
SOURCE = "annuaire-social-lille"
NAME_MAX = 150
DESCRIPTION_MIN = 5

# Our fees codes → v1 "frais", which knows only free or paying. Free for some people only,
# a membership or a voucher mean that someone pays: "payant", the details going in
# `frais_precisions`. "non-precise" (the source did not say) stays unknown.
FEES = {
    "gratuit": Frais.GRATUIT,
    "gratuit-sous-conditions": Frais.PAYANT,
    "payant": Frais.PAYANT,
    "adhesion": Frais.PAYANT,
    "pass-numerique": Frais.PAYANT,
}

# Our audiences → v1 "publics". "sans-domicile" is the schema's "situation d'urgence" (its
# description: "SDF, victimes de violence, grande précarité").
AUDIENCES = {
    "tous-publics": Public.TOUS_PUBLICS,
    "familles-enfants": Public.FAMILLES,
    "jeunes-16-26": Public.JEUNES,
    "seniors-65": Public.SENIORS,
    "personnes-handicapees": Public.PERSONNES_EN_SITUATION_DE_HANDICAP,
    "beneficiaires-rsa": Public.BENEFICIAIRES_DES_MINIMAS_SOCIAUX,
    "demandeurs-emploi": Public.DEMANDEURS_EMPLOI,
    "personnes-exilees": Public.PERSONNES_EXILEES,
    "sans-domicile": Public.PERSONNES_EN_SITUATION_D_URGENCE,
    "femmes": Public.FEMMES,
    "etudiants": Public.ETUDIANTS,
}

# Our reception modes are already the v1 "modes_accueil" codes.
MODES = {
    "en-presentiel": ModeAccueil.EN_PRESENTIEL,
    "a-distance": ModeAccueil.A_DISTANCE,
}

# Our access modes → v1 "modes_mobilisation". "sur-rdv" and "orientation" do not say how the
# appointment or the referral is made (phone, e-mail, a form…), so they give no mode.
ACCESS_MODES = {
    "sans-rdv": ModeMobilisation.SE_PRESENTER,
    "telephone": ModeMobilisation.TELEPHONER,
}

# Our access modes → v1 "mobilisable_par": a referral is made by a professional, every other
# way by the resident.
MOBILISED_BY = {
    "sans-rdv": PersonneMobilisatrice.USAGERS,
    "telephone": PersonneMobilisatrice.USAGERS,
    "sur-rdv": PersonneMobilisatrice.USAGERS,
    "orientation": PersonneMobilisatrice.PROFESSIONNELS,
}

# Our national labels and partner kinds → v1 "reseaux_porteurs" (the networks a structure
# belongs to). "pass-numerique" is a voucher a place accepts, not a network.
NETWORKS = {
    "france-services": ReseauPorteur.FRANCE_SERVICE,
    "aidants-connect": ReseauPorteur.AIDANTS_CONNECT,
    "conseiller-numerique": ReseauPorteur.CONSEILLERS_NUMERIQUES,
    "ccas": ReseauPorteur.CCAS_CIAS,
    "mairie-de-quartier": ReseauPorteur.COMMUNES,
    "mission-locale": ReseauPorteur.MISSION_LOCALE,
}

_THEMATIQUES = {t.value: t for t in Thematique}


def _mapped(codes: Iterable[str], table: dict) -> set | None:
    """The schema values of our codes (unknown ones left out); None when nothing is left,
    as the schema wants for "not said"."""
    values = {table[code] for code in codes if code in table}
    return values or None


def _publics(audiences: Iterable[str]) -> set[Public] | None:
    publics = _mapped(audiences, AUDIENCES)
    # "tous-publics" may not be combined with others; "everyone" includes them.
    if publics and Public.TOUS_PUBLICS in publics:
        return {Public.TOUS_PUBLICS}
    return publics


def _name(name: str) -> str:
    name = name.strip()
    return name if len(name) <= NAME_MAX else name[: NAME_MAX - 1].rstrip() + "…"


def to_service(
    *,
    partner_key: str,
    service_key: str,
    name: str,
    description: str,
    updated_on: date,
    thematiques: Iterable[str] = (),
    fees: str = "",
    fees_detail: str = "",
    audiences: Iterable[str] = (),
    modes: Iterable[str] = (),
    access_modes: Iterable[str] = (),
    phone: str = "",
    email: str = "",
    address: str = "",
    address_extra: str = "",
    postcode: str = "",
    city: str = "",
    insee: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    opening_hours: str = "",
    conditions: str = "",
    link: str = "",
) -> Service:
    """The v1 `Service` for one of our services (its partner gives the phone, e-mail and, unless
    the service is given elsewhere, the address). `opening_hours` is already in OSM syntax;
    `conditions` are the papers to bring. Raises pydantic.ValidationError when the values
    cannot make a valid record."""
    description = description.strip()
    access_modes = list(access_modes)
    return Service(
        source=SOURCE,
        structure_id=structure_id(partner_key),
        id=f"{SOURCE}--{service_key}",
        nom=_name(name),
        # The schema requires a description: without one, the name is all a reader gets, and
        # the quality score rates it as the very short text it is.
        description=description if len(description) >= DESCRIPTION_MIN else name.strip(),
        # The schema refuses a date in the future, which a UTC date can be for a few hours.
        date_maj=min(updated_on, date.today()),
        thematiques=_mapped(thematiques, _THEMATIQUES),
        frais=FEES.get(fees),
        frais_precisions=fees_detail.strip() or None,
        publics=_publics(audiences),
        modes_accueil=_mapped(modes, MODES),
        modes_mobilisation=_mapped(access_modes, ACCESS_MODES),
        mobilisable_par=_mapped(access_modes, MOBILISED_BY),
        telephone=phone.strip() or None,
        courriel=email.strip() or None,
        adresse=address.strip() or None,
        **_place(address_extra, postcode, city, insee, latitude, longitude),
        horaires_accueil=opening_hours.strip() or None,
        conditions_acces=conditions.strip() or None,
        lien_source=link or None,
    )


def to_structure(
    *,
    partner_key: str,
    name: str,
    updated_on: date,
    description: str = "",
    labels: Iterable[str] = (),
    kind: str = "",
    phone: str = "",
    email: str = "",
    website: str = "",
    siret: str = "",
    address: str = "",
    address_extra: str = "",
    postcode: str = "",
    city: str = "",
    insee: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    opening_hours: str = "",
    link: str = "",
) -> Structure:
    """The v1 `Structure` for one of our partners. Raises pydantic.ValidationError when the
    values cannot make a valid record."""
    description = description.strip()
    return Structure(
        source=SOURCE,
        id=structure_id(partner_key),
        nom=_name(name),
        date_maj=min(updated_on, date.today()),
        description=description if len(description) >= DESCRIPTION_MIN else None,
        lien_source=link or None,
        telephone=phone.strip() or None,
        courriel=email.strip() or None,
        site_web=website.strip() or None,
        siret=siret.strip() or None,
        adresse=address.strip() or None,
        **_place(address_extra, postcode, city, insee, latitude, longitude),
        horaires_accueil=opening_hours.strip() or None,
        reseaux_porteurs=_mapped([*labels, kind], NETWORKS),
    )


def structure_id(partner_key: str) -> str:
    """The data·inclusion id of one of our partners (its slug, which never changes)."""
    return f"{SOURCE}--{partner_key}"


def quality(service: Service) -> float:
    """The package's own quality score of a service record (0 to 1)."""
    return score_qualite.score(service)[0]


def row(record: Service | Structure) -> dict:
    """A record as the plain JSON row data·inclusion publishes: sets become sorted lists (so
    that two exports of the same data are the same bytes); a service carries its quality score
    in `score_qualite`, as data·inclusion's own published services do."""
    values = record.model_dump(mode="json")
    for name, value in values.items():
        if isinstance(value, list):
            values[name] = sorted(value)
    if isinstance(record, Service):
        values["score_qualite"] = quality(record)
    return values


def _place(address_extra: str, postcode: str, city: str, insee: str,
           latitude: float | None, longitude: float | None) -> dict:
    """The address fields shared by structures and services (empty ones left unset)."""
    return {
        "complement_adresse": address_extra.strip() or None,
        "code_postal": postcode.strip() or None,
        "commune": city.strip() or None,
        "code_insee": insee.strip() or None,
        "latitude": latitude,
        "longitude": longitude,
    }
