"""Demo workshops of the digital-inclusion network, dated from the day the demo is generated.

Hosted by demo partners that teach digital skills (one per quartier as far as possible), plus
two network-wide events of the CCAS (one online, one at the town hall) and one workshop awaiting
review, so that the planning, the feeds, the diagnostic's suggestions and the moderation queue all
have something to show. Deterministic: the same seed, demo partners and day give the same
workshops; running it again changes nothing (workshops are found again by their slug).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.directory import geo
from portal.directory.constants import PUBLISHED as LISTED  # a published partner or service
from portal.directory.models import Partner, Service, SubNeed, service_subneed
from portal.directory.text import slugify
from portal.workshops.constants import (
    AT_PARTNER,
    BEGINNER,
    BY_EMAIL,
    BY_LINK,
    BY_PHONE,
    CANCELLED,
    DISCOVERY,
    ELSEWHERE,
    FORTNIGHTLY,
    FULL,
    INTERMEDIATE,
    MONTHLY,
    ONCE,
    ONLINE,
    PENDING,
    PUBLISHED,
    WALK_IN,
    WEEKLY,
)
from portal.workshops.models import Workshop, WorkshopDate

ORDINATEUR = "apprendre-a-utiliser-un-ordinateur"
TELEPHONE = "apprendre-a-utiliser-son-telephone"
MAIL = "adresse-mail-et-mots-de-passe"
DEMARCHE = "demarche-en-ligne-avec-quelqu-un"
INTERNET = "internet-et-impression"
HOST_SUBNEEDS = (ORDINATEUR, TELEPHONE, MAIL, DEMARCHE)
CCAS = "CCAS de Lille – réseau lillois d'inclusion numérique"
# Hôtel de ville de Lille, place Augustin Laurent (Base Adresse Nationale coordinates).
TOWN_HALL = {"place_name": "Hôtel de ville de Lille, salle du conseil", "address": "Place Augustin Laurent",
             "postcode": "59000", "city": "Lille", "latitude": 50.6306, "longitude": 3.0703}


@dataclass(frozen=True)
class _Spec:
    title: str
    description: str
    level: str
    subneeds: tuple[str, ...]
    weekday: int  # 0 = Monday
    starts: time
    ends: time
    frequency: str = WEEKLY
    weeks: int = 20  # how long a recurrence runs from today
    offset_days: int = 0  # a single date this many days from today
    audience: str = ""
    registration: str = WALK_IN
    skip_school_holidays: bool = False
    capacity: int | None = None
    price: str = ""
    status: str = PUBLISHED


SPECS = (
    _Spec("Prendre en main son smartphone",
          "Allumer, téléphoner, envoyer un message, prendre une photo : on apprend ensemble, "
          "doucement, avec votre propre téléphone. Apportez-le chargé.",
          DISCOVERY, (TELEPHONE,), 1, time(14), time(16), audience="Grands débutants, seniors",
          skip_school_holidays=True),
    _Spec("Créer et utiliser son adresse e-mail",
          "Créer une adresse, lire et envoyer un message, joindre un document, retrouver un mot de "
          "passe oublié.",
          BEGINNER, (MAIL,), 3, time(10), time(12), registration=BY_PHONE, capacity=8),
    _Spec("Les bases de l'ordinateur : souris, clavier, internet",
          "Pour qui n'a jamais ou presque jamais utilisé d'ordinateur. Des ordinateurs sont prêtés "
          "pendant l'atelier.",
          DISCOVERY, (ORDINATEUR,), 0, time(9, 30), time(11, 30), skip_school_holidays=True,
          capacity=6),
    _Spec("Mon espace CAF en ligne",
          "Se connecter à son compte CAF, déclarer ses ressources, télécharger une attestation. "
          "Venez avec votre numéro d'allocataire.",
          INTERMEDIATE, (DEMARCHE,), 2, time(14), time(16, 30), frequency=ONCE, offset_days=9,
          registration=BY_EMAIL, capacity=10),
    _Spec("Envoyer une photo ou un document avec son téléphone",
          "Photographier un papier, l'envoyer par e-mail ou le déposer sur un site administratif.",
          BEGINNER, (TELEPHONE, INTERNET), 2, time(14), time(15, 30), frequency=FORTNIGHTLY),
    _Spec("FranceConnect : un seul accès pour toutes vos démarches",
          "Comprendre FranceConnect et l'utiliser pour se connecter aux impôts, à Ameli ou à la CAF.",
          BEGINNER, (DEMARCHE, MAIL), 4, time(10), time(11, 30), frequency=MONTHLY,
          registration=BY_PHONE),
    _Spec("Prendre rendez-vous chez le médecin en ligne",
          "Trouver un médecin, choisir un créneau, recevoir le rappel sur son téléphone.",
          BEGINNER, (DEMARCHE,), 3, time(14), time(16), frequency=ONCE, offset_days=16),
    _Spec("Reconnaître les arnaques sur internet",
          "Faux messages, faux sites, appels suspects : les repérer et savoir quoi faire.",
          INTERMEDIATE, (MAIL,), 1, time(18), time(19, 30), frequency=ONCE, offset_days=23,
          price="2 € la séance, gratuit avec le Pass numérique"),
    _Spec("Café numérique : venez avec vos questions",
          "Un moment convivial autour d'un café : chacun vient avec sa question, son appareil ou "
          "son courrier à faire en ligne.",
          DISCOVERY, (ORDINATEUR, TELEPHONE), 5, time(10), time(12)),
    _Spec("Chercher un emploi sur le site de France Travail",
          "Mettre à jour son profil, lire les offres, répondre en ligne et suivre ses candidatures.",
          INTERMEDIATE, (DEMARCHE,), 4, time(14), time(16), weeks=8, registration=BY_PHONE),
    _Spec("Tablette et visio pour garder le lien avec ses proches",
          "Appeler en vidéo ses enfants et petits-enfants, partager des photos.",
          DISCOVERY, (TELEPHONE,), 1, time(10), time(11, 30), frequency=FORTNIGHTLY,
          audience="Seniors", skip_school_holidays=True),
    _Spec("Initiation au traitement de texte",
          "Écrire une lettre, la mettre en page et l'imprimer.",
          BEGINNER, (ORDINATEUR,), 0, time(14), time(16), weeks=10, status=PENDING),
)
NETWORK = (
    _Spec("Questions-réponses en ligne : vos démarches CAF",
          "Une heure en visio avec une conseillère : posez vos questions sur votre espace CAF. "
          "Il suffit d'un téléphone ou d'un ordinateur.",
          BEGINNER, (DEMARCHE,), 3, time(17), time(18), frequency=MONTHLY, registration=BY_LINK),
    _Spec("Forum du numérique solidaire",
          "Tous les lieux d'aide au numérique de Lille réunis : ateliers découverte, ordinateurs "
          "reconditionnés, aide aux démarches, sans rendez-vous.",
          DISCOVERY, (ORDINATEUR, TELEPHONE, DEMARCHE), 5, time(10), time(17), frequency=ONCE,
          offset_days=19),
)


def _first_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _hosts(session: Session, rng: random.Random) -> list[Partner]:
    """Published demo partners teaching digital skills, one per quartier first."""
    teaching = (select(Service.partner_id)
                .join(service_subneed, service_subneed.c.service_id == Service.id)
                .join(SubNeed, SubNeed.id == service_subneed.c.subneed_id)
                # Service.is_live less its partner half, which the outer query states: nested
                # in IN (…), the hybrid's EXISTS made PostgreSQL's plan quadratic.
                .where(SubNeed.slug.in_(HOST_SUBNEEDS), Service.status == LISTED))
    partners = list(session.scalars(
        select(Partner).where(Partner.is_demo.is_(True), Partner.status == LISTED,
                              Partner.quartier_id.is_not(None), Partner.id.in_(teaching))
        .order_by(Partner.slug)))
    rng.shuffle(partners)
    firsts, others, seen = [], [], set()
    for partner in partners:
        (others if partner.quartier_id in seen else firsts).append(partner)
        seen.add(partner.quartier_id)
    return firsts + others


def _workshop(spec: _Spec, partner: Partner | None, today: date, subneeds: dict[str, SubNeed]) -> Workshop:
    if spec.frequency == ONCE:
        first_day = _first_on_or_after(today + timedelta(days=spec.offset_days), spec.weekday)
        until = None
    else:
        # Started a little before today, so that this week and last month have sessions too.
        first_day = _first_on_or_after(today - timedelta(days=13), spec.weekday)
        if spec.frequency == MONTHLY:
            first_day = _first_on_or_after(today.replace(day=8), spec.weekday)  # the 2nd one
        until = today + timedelta(weeks=spec.weeks)
    where = spec.title if partner is None else f"{spec.title} {partner.name}"
    contact = {BY_PHONE: partner.phone if partner else "", BY_EMAIL: partner.email if partner else "",
               BY_LINK: "https://exemple.fr/inscription/" + slugify(spec.title, 40)}.get(spec.registration, "")
    workshop = Workshop(
        slug=slugify(where, 150), partner=partner, organiser="" if partner else CCAS,
        title=spec.title, description=spec.description, level=spec.level, audience=spec.audience,
        first_day=first_day, starts=spec.starts, ends=spec.ends, frequency=spec.frequency,
        until=until, skip_school_holidays=spec.skip_school_holidays, exceptions=[],
        place_kind=AT_PARTNER, is_free=not spec.price, price=spec.price,
        registration=spec.registration if contact or spec.registration == WALK_IN else WALK_IN,
        registration_contact=contact, capacity=spec.capacity, status=spec.status,
        reviewed=spec.status == PUBLISHED, subneeds=[subneeds[slug] for slug in spec.subneeds],
        is_demo=True,
    )
    if partner is None and spec.registration == BY_LINK:
        workshop.place_kind, workshop.online_url = ONLINE, "https://visio.exemple.fr/caf-questions"
    elif partner is None:
        workshop.place_kind = ELSEWHERE
        for name, value in TOWN_HALL.items():
            setattr(workshop, name, value)
        workshop.quartier_id = geo.quartier_id_at(TOWN_HALL["latitude"], TOWN_HALL["longitude"])
    return workshop


def _upcoming(workshop: Workshop, today: date, count: int) -> list[date]:
    from portal.workshops import recurrence

    return recurrence.dates(workshop.rule, today, today + timedelta(weeks=30))[:count]


def _mark_dates(workshops: dict[str, Workshop], today: date) -> None:
    """A planned exception, a cancelled session and a full one, as partners really do."""
    by_title = {w.title: w for w in workshops.values()}
    phone = by_title.get("Prendre en main son smartphone")
    if phone is not None and (days := _upcoming(phone, today, 4))[3:]:
        phone.exceptions = [days[3].isoformat()]
    cafe = by_title.get("Café numérique : venez avec vos questions")
    if cafe is not None and (days := _upcoming(cafe, today, 2))[1:]:
        cafe.dates.append(WorkshopDate(day=days[1], state=CANCELLED,
                                       note="Le centre est exceptionnellement fermé ce jour-là."))
    mail = by_title.get("Créer et utiliser son adresse e-mail")
    if mail is not None and (days := _upcoming(mail, today, 1)):
        mail.dates.append(WorkshopDate(day=days[0], state=FULL, note=""))


def generate_workshops(session: Session, today: date, seed: int = 2026) -> tuple[int, int]:
    """Create the missing demo workshops; return (created, already there)."""
    rng = random.Random(f"workshops-{seed}")
    subneeds = {s.slug: s for s in session.scalars(select(SubNeed))}
    hosts = _hosts(session, rng)
    if not hosts:
        return 0, 0
    existing = set(session.scalars(select(Workshop.slug)))
    planned = [_workshop(spec, hosts[i % len(hosts)], today, subneeds) for i, spec in enumerate(SPECS)]
    planned += [_workshop(spec, None, today, subneeds) for spec in NETWORK]
    created = {w.slug: w for w in planned if w.slug not in existing}
    _mark_dates(created, today)
    session.add_all(created.values())
    session.flush()
    return len(created), len(planned) - len(created)
