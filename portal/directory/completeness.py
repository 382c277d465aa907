"""How complete a listing is, for what residents need: hours, phone, how to get each service,
what to bring, languages, wheelchair access, a presentation, and the data·inclusion quality
score of its services (the official package's own score, through portal.api.data_inclusion).

Pure reading of a partner already loaded with `loads()` (no query per service); nothing is stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from data_inclusion.schema.v1 import score_qualite
from pydantic import ValidationError
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from portal.api import data_inclusion
from portal.directory.constants import PUBLISHED
from portal.directory.models import Partner, Service
from portal.i18n import _l

# Access modes where a resident comes prepared: an appointment or a professional's referral is
# a meeting about their case, and a missing paper there costs a second trip. At a walk-in
# reception (a meal, a shower, a first talk) nothing needs to be brought, so no list is expected.
PREPARED_ACCESS = frozenset({"sur-rdv", "orientation"})
DI_WEIGHT = 2  # the data·inclusion score counts as much as a heavy check


@dataclass(frozen=True)
class Item:
    """One thing looked at: what to add (for the partner), the missing thing in a few words (for
    the CCAS team), and where in the partner space it is fixed."""

    code: str
    label: str
    missing: str
    endpoint: str
    weight: int = 1
    anchor: str | None = None  # the part of the page where it is done


@dataclass(frozen=True)
class Check:
    """One item, looked at on one listing."""

    item: Item
    passed: bool
    params: dict = field(default_factory=dict)  # e.g. the key of the one service to fix

    @property
    def code(self) -> str:
        return self.item.code

    @property
    def label(self) -> str:
        return self.item.label

    @property
    def missing(self) -> str:
        return self.item.missing

    @property
    def endpoint(self) -> str:
        return self.item.endpoint

    @property
    def weight(self) -> int:
        return self.item.weight

    @property
    def url_args(self) -> dict:
        """What `url_for(check.endpoint, slug=…, **check.url_args)` needs besides the slug."""
        return {**self.params, "_anchor": self.item.anchor}


ITEMS = {item.code: item for item in (
    Item("service", _l("Décrivez au moins un service"), _l("aucun service"), "partners.new_service", 2),
    Item("hours", _l("Ajoutez vos horaires d'ouverture"), _l("horaires d'ouverture"),
         "partners.weekly_hours", 2),
    Item("phone", _l("Ajoutez un numéro de téléphone"), _l("téléphone"), "partners.presentation", 2),
    Item("access", _l("Dites comment accéder à chaque service (sans rendez-vous, sur rendez-vous…)"),
         _l("comment accéder aux services"), "partners.services"),
    Item("documents", _l("Dites ce qu'il faut apporter aux services sur rendez-vous ou sur orientation"),
         _l("ce qu'il faut apporter"), "partners.services"),
    Item("languages", _l("Indiquez les langues parlées à l'accueil"), _l("langues parlées"),
         "partners.presentation"),
    Item("accessibility", _l("Dites si le lieu est accessible en fauteuil roulant"),
         _l("accès en fauteuil roulant"), "partners.presentation"),
    Item("presentation", _l("Écrivez une présentation de quelques phrases"), _l("présentation"),
         "partners.presentation"),
)}
# The data·inclusion criteria our forms can improve and no check above already covers (the
# phone, the address and the sub-needs are checked or required already).
DI_ITEMS = {
    # Only an appointment or a referral, without saying how to get one: ticking "by phone" or
    # "walk in" as well says it.
    "modes_mobilisation_bien_definis": Item(
        "di-mobilisation",
        _l("Dites comment obtenir un rendez-vous ou être orienté (par téléphone, sur place…)"),
        _l("comment obtenir un rendez-vous"), "partners.services"),
    "description_bien_definie": Item(
        "di-description", _l("Décrivez chaque service en quelques phrases (200 caractères ou plus)"),
        _l("description des services"), "partners.services"),
    "au_moins_un_public": Item("di-publics", _l("Dites pour qui est chaque service"),
                               _l("publics des services"), "partners.services"),
    "frais_bien_definis": Item(
        "di-frais", _l("Indiquez le prix de chaque service, et précisez-le s'il est payant"),
        _l("prix des services"), "partners.services"),
    "date_maj_recente": Item("di-date", _l("Confirmez que vos informations sont à jour"),
                             _l("confirmation récente"), "partners.listing", anchor="titre-a-jour"),
}


@dataclass(frozen=True)
class Completeness:
    """A listing's score out of 100, its checks, and its services' data·inclusion score."""

    percent: int
    checks: list[Check]
    di_score: float | None  # 0–1, the average of the package's score(); None without a service
    di_criteria: dict[str, float]  # each criterion averaged over the services where it applies
    to_add: list[Check]  # what is missing, the heaviest first

    @property
    def di_percent(self) -> int | None:
        return None if self.di_score is None else round(self.di_score * 100)


def offered(partner: Partner) -> list[Service]:
    """The services of the listing that are not archived (what the listing offers, published or
    not yet)."""
    return [s for s in partner.services if s.status == PUBLISHED]


def _checks(partner: Partner, services: list[Service]) -> list[Check]:
    own_hours = bool(services) and all(any(st.weekday is not None and st.opens and st.closes
                                           for st in s.stops) for s in services)
    prepared = [s for s in services if PREPARED_ACCESS & set(s.access_modes or [])]
    checks = [
        Check(ITEMS["service"], bool(services)),
        Check(ITEMS["hours"], bool(partner.slots) or own_hours),
        Check(ITEMS["phone"], bool(partner.phone.strip())),
        _service_check("access", [s for s in services if not s.access_modes], services),
        _service_check("documents", [s for s in prepared if not (s.documents or "").strip()], prepared),
        Check(ITEMS["languages"], bool(partner.languages) or any(s.languages for s in services)),
        Check(ITEMS["accessibility"], partner.accessibility not in ("", "unknown")),
        Check(ITEMS["presentation"], bool((partner.presentation or "").strip())),
    ]
    return [c for c in checks if c is not None]


def _service_check(code: str, failing: list[Service], applicable: list[Service]) -> Check | None:
    """A check each applicable service must pass (none applicable: not counted); when a single
    service fails, the link opens that service's form."""
    if not applicable:
        return None
    if len(failing) == 1:
        return Check(ITEMS[code], False, {"key": str(failing[0].id)})
    return Check(ITEMS[code], not failing)


def di_values(partner: Partner, service: Service) -> dict:
    """The plain values `data_inclusion.to_service` maps, read from one of our services."""
    thematiques = dict.fromkeys(t for sub in service.subneeds for t in (sub.thematiques or []))
    places = service.places
    dates = [d for d in (service.updated_at, partner.last_confirmed_at) if d is not None]
    return {
        "partner_key": partner.slug,
        "service_key": str(service.id),
        "name": service.name,
        "description": service.description or "",
        "updated_on": max(dates, default=datetime.min).date(),
        "thematiques": list(thematiques),
        "fees": service.fees,
        "fees_detail": service.fees_detail or "",
        "audiences": service.audiences or [],
        "modes": service.modes or [],
        "access_modes": service.access_modes or [],
        "phone": partner.phone or "",
        "email": partner.email or "",
        "address": places[0].address if places else "",
    }


def di_score(partner: Partner, service: Service) -> tuple[float, dict[str, float | None]]:
    """The package's quality score of one service, with its criteria; a service that cannot
    make a valid data·inclusion record scores 0."""
    try:
        record = data_inclusion.to_service(**di_values(partner, service))
    except ValidationError:
        return 0.0, {}
    return score_qualite.score(record)


def _di(partner: Partner, services: list[Service]) -> tuple[float | None, dict[str, float]]:
    if not services:
        return None, {}
    scores, per_criterion = [], {}
    for service in services:
        total, criteria = di_score(partner, service)
        scores.append(total)
        for name, value in criteria.items():
            if value is not None:
                per_criterion.setdefault(name, []).append(value)
    averages = {name: sum(values) / len(values) for name, values in per_criterion.items()}
    return sum(scores) / len(scores), averages


def completeness(partner: Partner) -> Completeness:
    """How complete this listing is for residents, and what to add first."""
    services = offered(partner)
    checks = _checks(partner, services)
    di, criteria = _di(partner, services)
    earned = sum(c.weight for c in checks if c.passed) + DI_WEIGHT * (di or 0.0)
    percent = round(100 * earned / (sum(c.weight for c in checks) + DI_WEIGHT))
    if percent == 100 and (di or 0.0) < 1:
        percent = 99  # "100 %" only when nothing at all is left to add
    failing = sorted((c for c in checks if not c.passed), key=lambda c: -c.weight)
    # A service without any access mode already fails "access": one request for it is enough.
    asked = {c.code for c in failing}
    hints = [Check(item, False) for name, item in DI_ITEMS.items()
             if criteria.get(name, 1.0) < 1 and not (item.code == "di-mobilisation" and "access" in asked)]
    return Completeness(percent, checks, di, criteria, failing + hints)


def loads() -> tuple:
    """What `completeness` reads, loaded in a few statements for any number of partners."""
    return (
        selectinload(Partner.services).selectinload(Service.subneeds),
        selectinload(Partner.services).selectinload(Service.stops),
        selectinload(Partner.slots),
    )


def listing(partner_id: int) -> Select:
    """One partner with everything `completeness` reads (filling in what is not loaded yet)."""
    return select(Partner).where(Partner.id == partner_id).options(*loads())


def published_listings() -> Select:
    """Published partners with everything `completeness` reads, and their quartier."""
    return (select(Partner).where(Partner.is_published).order_by(Partner.name)
            .options(*loads(), joinedload(Partner.quartier)))
