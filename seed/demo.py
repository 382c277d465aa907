"""Deterministic demo partners, so that every page of the portal has something to show.

The demo fills the city on top of the real open data: together they reach at least
530 published partners and 1,250 published services, every need is offered by at least two
published partners in every quartier, and every sub-need by at least three partners city-wide.
Everything comes from one `random.Random(seed)`: the same seed, the same real data and the same
day give the same partners, names, addresses and coordinates. Dates (last confirmations,
exceptional days, closures) are drawn around the day the demo is generated, so that a demo
built today has closures under way and exceptions to come. Demo rows are flagged `is_demo`
with `source="demo"`, so that `remove_demo` can take them away without touching real listings.
The words come from the data files of seed/data/demo/ (see demo_words.py).
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from shapely.geometry import Point, shape
from shapely.prepared import prep
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from portal.accounts.constants import PARTNER
from portal.accounts.models import User
from portal.directory import hours
from portal.directory.constants import ARCHIVED, DRAFT, PUBLISHED
from portal.directory.models import (
    Closure,
    OpeningException,
    OpeningSlot,
    Partner,
    Quartier,
    Service,
    SubNeed,
)
from portal.directory.operations import place_partner
from portal.directory.text import fold, slugify
from portal.moderation import places
from portal.workshops.models import Workshop
from seed import demo_words as words
from seed import demo_workshops
from seed.taxonomy import NEEDS

SOURCE = "demo"
# What some partners write for professionals only (Partner.pro_*), and the services that take
# orientation requests: drawn from their own generator, so that the rest of the demo stays the same.
PRO_KINDS = ("ccas", "centre-social", "association", "epicerie-solidaire", "banque-alimentaire",
             "accueil-de-jour", "centre-de-sante", "mission-locale", "france-services")
PRO_SHARE = 0.35
PRO_CONTACTS = (
    "Mme Lefebvre, assistante sociale", "M. Dubois, conseiller en insertion",
    "Mme Bernard, coordinatrice de l'accueil", "M. Morel, responsable des orientations",
    "Mme Haddad, conseillère en économie sociale et familiale", "M. Benali, travailleur social",
    "Mme Durand, responsable de l'accueil", "Le secrétariat de l'accueil social",
)
PRO_PROCEDURES = (
    "Envoyez la fiche de liaison par e-mail, puis appelez la ligne directe pour fixer un premier "
    "rendez-vous. Nous répondons sous trois jours ouvrés.",
    "Appelez d'abord la ligne directe pour vérifier qu'une place est disponible. La personne vient "
    "ensuite avec la fiche de liaison signée par son référent.",
    "Orientation par un travailleur social uniquement : remplissez la fiche de liaison et "
    "envoyez-la par e-mail. Nous rappelons la personne pour lui proposer un rendez-vous.",
    "Commission d'attribution chaque mardi : envoyez le dossier avant le vendredi précédent. La "
    "réponse est donnée au référent par e-mail.",
)
PRO_DOCUMENTS = (
    "Fiche de liaison, évaluation sociale de moins de trois mois.",
    "Fiche de liaison, justificatif de ressources, attestation de quotient familial de la CAF.",
    "Évaluation sociale, copie de la pièce d'identité ou du titre de séjour, avis d'imposition.",
    "Fiche de liaison signée par le référent, budget du foyer.",
)
ORIENTATION_SHARE = 0.3  # other services by appointment of a partner with pro information
TARGET_PARTNERS = 530
TARGET_SERVICES = 1250
PARTNERS_PER_NEED_AND_QUARTIER = 2
PARTNERS_PER_SUBNEED = 3
# Keep random points this far (in degrees, about 30 m) inside a quartier's border.
_BORDER_MARGIN = 0.0004

NEED_OF = {sub.slug: need.slug for need in NEEDS for sub in need.subneeds}
SUBNEEDS_OF = {need.slug: tuple(sub.slug for sub in need.subneeds) for need in NEEDS}


@dataclass
class DemoReport:
    """What a demo run did."""

    partners_created: int = 0
    services_created: int = 0
    partners_unchanged: int = 0
    services_unchanged: int = 0
    workshops_created: int = 0
    workshops_unchanged: int = 0

    def __str__(self) -> str:
        return (
            f"{self.partners_created} partenaires, {self.services_created} services et "
            f"{self.workshops_created} ateliers de démonstration créés ; "
            f"{self.partners_unchanged} partenaires, {self.services_unchanged} services et "
            f"{self.workshops_unchanged} ateliers déjà présents, inchangés."
        )


@dataclass
class _ServicePlan:
    name: str
    description: str
    subneeds: tuple[str, ...]
    audiences: list[str]
    fees: str
    fees_detail: str
    modes: list[str]
    access_modes: list[str]
    documents: str
    languages: list[str]
    status: str
    place: dict | None = None  # given at another place (snapshot shape, see moderation.places)
    stops: tuple[dict, ...] = ()  # given at several places in turn
    accepts_orientations: bool = False


@dataclass
class _PartnerPlan:
    source_id: str
    quartier: str
    values: dict
    slots: tuple[hours.Slot, ...]
    exceptions: list[tuple[date, time | None, time | None, str]] = field(default_factory=list)
    closures: list[tuple[date, date, str]] = field(default_factory=list)
    services: list[_ServicePlan] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return self.values["status"] == PUBLISHED

    def offered_subneeds(self) -> set[str]:
        """Sub-needs of its published services (nothing if the partner is a draft)."""
        if not self.published:
            return set()
        return {s for service in self.services if service.status == PUBLISHED for s in service.subneeds}


def _french_date(day: date) -> str:
    return f"{day.day} {words.MONTHS_FR[day.month - 1]} {day.year}"


class _Planner:
    """Draws the whole demo from one random generator, before anything touches the database."""

    def __init__(
        self, seed: int, today: date, polygons: dict[str, object], taken_names: set[str],
        taken_slugs: set[str],
    ) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.today = today
        self.quartiers = sorted(polygons)
        self.areas = {}
        for slug in self.quartiers:
            inner = polygons[slug].buffer(-_BORDER_MARGIN)
            area = inner if not inner.is_empty else polygons[slug]
            self.areas[slug] = (prep(area), area.bounds)
        self.names = set(taken_names)
        self.slugs = set(taken_slugs)

    def _weighted(self, items: list, weights: list[int]):
        return self.rng.choices(items, weights=weights, k=1)[0]

    def point_in(self, quartier: str) -> tuple[float, float]:
        """A random (latitude, longitude) well inside the quartier (rejection sampling)."""
        area, (minx, miny, maxx, maxy) = self.areas[quartier]
        while True:
            lon, lat = self.rng.uniform(minx, maxx), self.rng.uniform(miny, maxy)
            if area.contains(Point(lon, lat)):
                return round(lat, 6), round(lon, 6)

    def plan(self, real_partners: int, real_services: int) -> list[_PartnerPlan]:
        """Partners until every need, sub-need and total target is reached."""
        deficit = {q: dict.fromkeys(SUBNEEDS_OF, PARTNERS_PER_NEED_AND_QUARTIER) for q in self.quartiers}
        per_subneed: Counter[str] = Counter()
        partners, services = real_partners, real_services
        plans: list[_PartnerPlan] = []
        order = list(NEED_OF)
        while True:
            open_quartiers = [q for q in self.quartiers if any(deficit[q].values())]
            thin = [s for s in order if per_subneed[s] < PARTNERS_PER_SUBNEED]
            if open_quartiers:
                quartier = max(open_quartiers, key=lambda q: sum(deficit[q].values()))
                need = max(SUBNEEDS_OF, key=lambda n: deficit[quartier][n])
                forced = min(SUBNEEDS_OF[need], key=lambda s: per_subneed[s])
            elif thin or partners < TARGET_PARTNERS or services < TARGET_SERVICES:
                quartier = self._weighted(self.quartiers, [words.QUARTIER_WEIGHTS[q] for q in self.quartiers])
                forced = min(thin, key=lambda s: per_subneed[s]) if thin else None
            else:
                return plans
            plan = self.partner(len(plans) + 1, quartier, forced)
            plans.append(plan)
            offered = plan.offered_subneeds()
            per_subneed.update(offered)
            for need in {NEED_OF[s] for s in offered}:
                deficit[quartier][need] = max(0, deficit[quartier][need] - 1)
            if plan.published:
                partners += 1
                services += sum(1 for s in plan.services if s.status == PUBLISHED)

    def partner(self, number: int, quartier: str, forced: str | None) -> _PartnerPlan:
        rng = self.rng
        profiles = [p for p in words.PROFILES if forced is None or forced in p.subneeds]
        profile = self._weighted(profiles, [p.weight for p in profiles])
        short, de, postcode, city = words.QUARTIER_WORDS[quartier]
        street = rng.choice(words.STREETS[quartier])
        name = self._unique_name(profile, quartier, street)
        slug = slugify(name, max_length=110)
        while slug in self.slugs:
            slug = f"{slug}-{number}"
        self.slugs.add(slug)
        latitude, longitude = self.point_in(quartier)
        accessibility = self._weighted(["full", "partial", "none", "unknown"], [45, 20, 10, 25])
        languages = self._languages(profile.extra_languages)
        schedule = hours.parse_osm(rng.choice(profile.hours))
        values = {
            "slug": slug,
            "name": name,
            "kind": profile.kind,
            "presentation": profile.presentation.format(de=de),
            "address": f"{rng.randint(1, 180)}{' bis' if rng.random() < 0.08 else ''} {street}",
            "address_extra": rng.choice(words.ADDRESS_EXTRAS) if rng.random() < 0.2 else "",
            "postcode": postcode,
            "city": city,
            "latitude": latitude,
            "longitude": longitude,
            # A range that the telephone regulator keeps unassigned, for fiction and demos.
            "phone": f"03 53 73 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}"
            if rng.random() < 0.95
            else "",
            "email": f"{slug[:40].strip('-')}@exemple-lille.fr" if rng.random() < 0.85 else "",
            "website": f"https://exemple-lille.fr/{slug}" if rng.random() < 0.3 else "",
            "accessibility": accessibility,
            "accessibility_note": rng.choice(words.ACCESSIBILITY_NOTES[accessibility])
            if accessibility in words.ACCESSIBILITY_NOTES and rng.random() < 0.5
            else "",
            "languages": languages,
            "labels": [label for label, share in profile.labels if rng.random() < share],
            "source": SOURCE,
            "source_id": f"demo-{number:04d}",
            "is_demo": True,
            "status": DRAFT if rng.random() < 0.02 else PUBLISHED,
            "last_confirmed_at": self._confirmed_at(),
            "closed_on_public_holidays": schedule.closed_on_public_holidays,
        }
        plan = _PartnerPlan(values["source_id"], quartier, values, schedule.slots)
        plan.services = self._services(profile, forced, languages)
        if rng.random() < 0.06 and not profile.public_holidays_open:
            plan.exceptions = self._exceptions()
        if rng.random() < 0.04:
            plan.closures = [self._closure()]
        return plan

    def _unique_name(self, profile: words.Profile, quartier: str, street: str) -> str:
        rng = self.rng
        short, de, _postcode, _city = words.QUARTIER_WORDS[quartier]
        name = ""
        for _attempt in range(40):
            name = rng.choice(profile.names).format(
                name=rng.choice(words.NAMES), value=rng.choice(words.VALUES), short=short, de=de
            )
            if quartier in ("lomme", "hellemmes"):  # associated communes have a town hall
                name = name.replace("mairie de quartier", "mairie").replace("Mairie de quartier", "Mairie")
            if fold(name) not in self.names:
                break
        else:
            name = f"{name} ({street})"
        self.names.add(fold(name))
        return name

    def _languages(self, share: float) -> list[str]:
        rng = self.rng
        languages = ["fr"]
        if rng.random() < share:
            languages += rng.sample(words.OTHER_LANGUAGES, k=rng.choice([1, 1, 1, 2, 3]))
        if rng.random() < 0.04:
            languages.append("fsl")
        return languages

    def _confirmed_at(self) -> datetime | None:
        """Never (30 %), long ago (15 %: between 21 and 11 months ago, so mostly stale), or
        within the last 11 months."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.3:
            return None
        start = self.today - timedelta(days=640 if roll < 0.45 else 332)
        span = 290 if roll < 0.45 else 310
        day = start + timedelta(days=rng.randint(0, span))
        return datetime.combine(day, time(rng.randint(8, 17), rng.choice([0, 15, 30, 45])), tzinfo=UTC)

    def _services(
        self, profile: words.Profile, forced: str | None, languages: list[str]
    ) -> list[_ServicePlan]:
        rng = self.rng
        count = rng.randint(*profile.services)
        pool = [s for s in profile.subneeds if s != forced]
        chosen = ([forced] if forced else []) + rng.sample(pool, min(len(pool), count - (1 if forced else 0)))
        usual_access = list(rng.choice(profile.access))
        plans = []
        for subneed in chosen:
            need = NEED_OF[subneed]
            linked = [subneed]
            siblings = [s for s in profile.subneeds if NEED_OF[s] == need and s not in chosen]
            if siblings and rng.random() < 0.15:
                linked.append(rng.choice(siblings))
            templates, documents = words.SERVICE_TEXTS[subneed]
            name, description = rng.choice(templates)
            fees, fees_detail = rng.choice(words.FEES.get(subneed, (("gratuit", ""),)))
            access = words.ACCESS_OVERRIDES.get(subneed) or (
                usual_access if rng.random() < 0.7 else rng.choice(profile.access)
            )
            modes = ["en-presentiel"]
            if subneed in words.REMOTE_FRIENDLY and rng.random() < 0.5:
                modes.append("a-distance")
            audiences = (
                ["tous-publics"]
                if rng.random() < 0.5 and need not in ("seniors", "handicap")
                else rng.sample(
                    words.AUDIENCES[need], k=min(len(words.AUDIENCES[need]), rng.choice([1, 1, 2]))
                )
            )
            plans.append(
                _ServicePlan(
                    name=name,
                    description=description,
                    subneeds=tuple(linked),
                    audiences=audiences,
                    fees=fees,
                    fees_detail=fees_detail,
                    modes=modes,
                    access_modes=list(access),
                    documents=documents,
                    languages=list(languages),
                    status=ARCHIVED if rng.random() < 0.03 else PUBLISHED,
                )
            )
        return plans

    def elsewhere(self, plans: list[_PartnerPlan]) -> None:
        """Add the services of elsewhere.toml (a permanence in another quartier's mairie, an
        itinerant service), drawn from their own generator so that the rest stays the same."""
        self.rng = random.Random(f"{self.seed}-elsewhere")
        for item in words.ELSEWHERE.get("permanences", []):
            host = self._first_published(plans, item["partner_in"])
            held_in = item["held_in"]
            mairie = next((p for p in plans if p.published and p.quartier == held_in
                           and p.values["kind"] == "mairie-de-quartier"), None)
            if mairie is not None:
                v = mairie.values
                place = {"name": v["name"], "address": v["address"], "postcode": v["postcode"],
                         "city": v["city"], "latitude": v["latitude"], "longitude": v["longitude"]}
            else:
                _short, de, postcode, city = words.QUARTIER_WORDS[held_in]
                latitude, longitude = self.point_in(held_in)
                place = {"name": f"Mairie de quartier {de}", "address": f"1 {words.STREETS[held_in][0]}",
                         "postcode": postcode, "city": city, "latitude": latitude, "longitude": longitude}
            host.services.append(self._given_elsewhere(item, host, place=place))
        for item in words.ELSEWHERE.get("itinerant", []):
            host = self._first_published(plans, item["partner_in"])
            stops = []
            for stop in item["stops"]:
                _short, _de, postcode, city = words.QUARTIER_WORDS[stop["quartier"]]
                latitude, longitude = self.point_in(stop["quartier"])
                stops.append({"place_name": stop["place_name"], "address": stop["street"],
                              "postcode": postcode, "city": city, "latitude": latitude,
                              "longitude": longitude, "weekday": stop["weekday"],
                              "opens": stop["opens"], "closes": stop["closes"]})
            host.services.append(self._given_elsewhere(item, host, stops=tuple(stops)))

    def for_professionals(self, plans: list[_PartnerPlan]) -> None:
        """Give some published partners information for professionals (direct line, contact,
        procedure, documents) and mark their services reached through a professional, and a
        few by appointment, as taking orientation requests."""
        rng = self.rng = random.Random(f"{self.seed}-professionals")
        for plan in plans:
            oriented = any("orientation" in s.access_modes for s in plan.services)
            if not plan.published or not (oriented or plan.values["kind"] in PRO_KINDS):
                continue
            if not oriented and rng.random() >= PRO_SHARE:
                continue
            slug = plan.values["slug"]
            plan.values.update({
                "pro_phone": f"03 53 73 {rng.randint(0, 99):02d} {rng.randint(0, 99):02d}",
                "pro_contact": rng.choice(PRO_CONTACTS),
                "pro_email": f"orientation.{slug[:30].strip('-')}@exemple-lille.fr"
                if rng.random() < 0.8 else "",
                "pro_procedure": rng.choice(PRO_PROCEDURES),
                "pro_documents": rng.choice(PRO_DOCUMENTS),
            })
            for service in plan.services:
                by_appointment = "sur-rdv" in service.access_modes and rng.random() < ORIENTATION_SHARE
                service.accepts_orientations = service.status == PUBLISHED and (
                    "orientation" in service.access_modes or by_appointment)

    @staticmethod
    def _first_published(plans: list[_PartnerPlan], quartier: str) -> _PartnerPlan:
        return next(p for p in plans if p.published and p.quartier == quartier)

    @staticmethod
    def _given_elsewhere(item: dict, host: _PartnerPlan, **where) -> _ServicePlan:
        return _ServicePlan(
            name=item["name"], description=item["description"], subneeds=tuple(item["subneeds"]),
            audiences=["tous-publics"], fees="gratuit", fees_detail="", modes=["en-presentiel"],
            access_modes=list(item["access_modes"]), documents=item["documents"],
            languages=list(host.values["languages"]), status=PUBLISHED, **where,
        )

    def _exceptions(self) -> list[tuple[date, time | None, time | None, str]]:
        """One exceptional weekday, from two days ago to six months ahead."""
        rng = self.rng
        day = self.today - timedelta(days=2) + timedelta(days=rng.randint(0, 180))
        while day.weekday() >= 5:
            day += timedelta(days=1)
        label = rng.choice(words.EXCEPTION_LABELS)
        if "matin" in label:
            return [(day, time(9), time(12), label)]
        return [(day, None, None, label)]

    def _closure(self) -> tuple[date, date, str]:
        """A closure of one week to two months, starting from a month ago to ten months ahead."""
        rng = self.rng
        start = self.today - timedelta(days=31) + timedelta(days=rng.randint(0, 300))
        end = start + timedelta(days=rng.randint(6, 60))
        message = rng.choice(words.CLOSURE_MESSAGES).format(reopening=_french_date(end + timedelta(days=1)))
        return start, end, message


def _real_counts(session: Session) -> tuple[int, int]:
    """Published partners and live services that are not demo rows."""
    real = Partner.is_demo.is_(False)
    partners = session.scalar(select(func.count(Partner.id)).where(real, Partner.is_published)) or 0
    services = session.scalar(
        select(func.count(Service.id)).join(Service.partner).where(real, Service.is_live)
    ) or 0
    return partners, services


def _build(plan: _PartnerPlan, subneeds: dict[str, SubNeed]) -> Partner:
    values = dict(plan.values)
    latitude, longitude = values.pop("latitude"), values.pop("longitude")
    partner = Partner(**values)
    place_partner(partner, latitude, longitude)
    partner.slots = [OpeningSlot(weekday=s.weekday, opens=s.opens, closes=s.closes) for s in plan.slots]
    partner.exceptions = [
        OpeningException(day=d, opens=o, closes=c, label=label) for d, o, c, label in plan.exceptions
    ]
    partner.closures = [Closure(start_date=s, end_date=e, message=m) for s, e, m in plan.closures]
    services = [
        Service(
            name=s.name,
            description=s.description,
            audiences=s.audiences,
            fees=s.fees,
            fees_detail=s.fees_detail,
            modes=s.modes,
            access_modes=s.access_modes,
            documents=s.documents,
            languages=s.languages,
            status=s.status,
            accepts_orientations=s.accepts_orientations,
            position=position,
            subneeds=[subneeds[slug] for slug in s.subneeds],
        )
        for position, s in enumerate(plan.services)
    ]
    for service, s in zip(services, plan.services, strict=True):
        if s.place is not None:
            places.write_place(service, s.place)
        if s.stops:
            places.write_stops(service, list(s.stops))
    partner.services = services
    return partner


def generate_demo(session: Session, seed: int = 2026, today: date | None = None) -> DemoReport:
    """Create the missing demo partners, their dates drawn around `today` (Lille's date by
    default); running it again changes nothing."""
    quartiers = {q.slug: q for q in session.scalars(select(Quartier))}
    subneeds = {s.slug: s for s in session.scalars(select(SubNeed))}
    missing = (set(words.QUARTIER_WORDS) - set(quartiers)) | (set(NEED_OF) - set(subneeds))
    if missing:
        raise RuntimeError(f"Référentiel incomplet ({', '.join(sorted(missing))}) : chargez-le d'abord.")
    real = session.execute(select(Partner.name, Partner.slug).where(Partner.is_demo.is_(False))).all()
    planner = _Planner(
        seed,
        today or datetime.now(hours.PARIS).date(),
        {slug: shape(quartiers[slug].geometry) for slug in words.QUARTIER_WORDS},
        {fold(name) for name, _slug in real},
        {slug for _name, slug in real},
    )
    plans = planner.plan(*_real_counts(session))
    planner.elsewhere(plans)
    planner.for_professionals(plans)
    existing = set(session.scalars(select(Partner.source_id).where(Partner.source == SOURCE)))
    report = DemoReport()
    for plan in plans:
        if plan.source_id in existing:
            report.partners_unchanged += 1
            report.services_unchanged += len(plan.services)
            continue
        partner = _build(plan, subneeds)
        if partner.quartier_id != quartiers[plan.quartier].id:
            raise RuntimeError(f"{plan.source_id} n'est pas dans le quartier {plan.quartier}.")
        session.add(partner)
        report.partners_created += 1
        report.services_created += len(plan.services)
    session.flush()
    report.workshops_created, report.workshops_unchanged = demo_workshops.generate_workshops(
        session, planner.today, seed)
    return report


@dataclass
class DemoRemoval:
    """What removing the demo data deletes (or would delete, in a dry run)."""

    partners: int
    accounts: list[str]  # e-mail addresses of the demo partners' members
    workshops: int = 0

    def __str__(self) -> str:
        text = f"{self.partners} partenaires de démonstration"
        if self.workshops:
            text += f", {self.workshops} ateliers"
        if self.accounts:
            text += f" et {len(self.accounts)} comptes de leurs membres ({', '.join(self.accounts)})"
        return text


def remove_demo(session: Session, *, dry_run: bool = False) -> DemoRemoval:
    """Delete every demo partner with its services and hours, and the accounts of people who
    were members of demo partners only (never an administrator, never a member of a real
    partner); real partners stay. With `dry_run`, only say what would go."""
    partners = session.scalars(
        select(Partner)
        .where(Partner.is_demo.is_(True))
        .options(
            selectinload(Partner.services).selectinload(Service.subneeds),
            selectinload(Partner.slots),
            selectinload(Partner.exceptions),
            selectinload(Partner.closures),
            selectinload(Partner.members).selectinload(User.partners),
        )
    ).all()
    members = {user for partner in partners for user in partner.members}
    accounts = sorted(
        (u for u in members if u.role == PARTNER and all(p.is_demo for p in u.partners)),
        key=lambda u: u.email,
    )
    workshops = session.scalars(select(Workshop).where(Workshop.is_demo.is_(True))).all()
    removal = DemoRemoval(partners=len(partners), accounts=[u.email for u in accounts],
                          workshops=len(workshops))
    if dry_run:
        return removal
    for workshop in workshops:
        session.delete(workshop)
    for user in accounts:
        session.delete(user)
    for partner in partners:
        session.delete(partner)
    session.flush()
    return removal
