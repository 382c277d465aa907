"""Import of the real open-data places of Lille (France Services, conseillers numériques,
data·inclusion), deduplicated across sources. Idempotent: (source, source_id) is the key, and
values are compared before being assigned so that a second run writes nothing.

An import never overwrites what a person wrote: each listing keeps what the last import wrote
(`Partner.imported`), and seed.merge compares it with the listing and the source. A value a
person changed stays; when the source changed it too, the new value becomes a proposal in the
moderation queue. What the import writes to an existing listing is recorded in its history.
Imports never set `last_confirmed_at`: only a person can confirm a listing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.directory import geo, hours
from portal.directory.constants import NATIONAL_LABELS, PUBLISHED
from portal.directory.models import Need, OpeningSlot, Partner, Quartier, Service, SubNeed
from portal.directory.operations import place_partner
from portal.directory.text import slugify
from portal.moderation import imports, places
from portal.moderation.models import Revision
from portal.moderation.snapshots import hm, snapshot_of
from seed import merge
from seed import normalise as norm
from seed.loader import assign
from seed.sources import OPEN_DIR, PlaceRecord, ServiceRecord, read_all

NEAR_METRES = 150
PHONE_IN_TEXT = re.compile(r"(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}")


@dataclass
class ImportReport:
    """What an import did, in counts, with the reasons for what it left out."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    proposed: list[str] = field(default_factory=list)  # partners with a proposal to review
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (row, reason)
    merged: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (partner, row ids)
    notes: list[str] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def __str__(self) -> str:
        lines = [
            f"{self.imported} lieux réels à Lille : {self.created} créés, "
            f"{self.updated} mis à jour, {self.unchanged} inchangés."
        ]
        if self.proposed:
            lines.append(f"{len(self.proposed)} fiches modifiées par une personne : les nouvelles "
                         "données ouvertes attendent une décision dans la modération :")
            lines += [f"  - {name}" for name in self.proposed]
        if self.merged:
            lines.append(f"{len(self.merged)} lieux fusionnés depuis plusieurs lignes :")
            lines += [f"  - {name} ({', '.join(ids)})" for name, ids in self.merged]
        reasons = Counter(reason for _, reason in self.skipped)
        if reasons:
            lines.append(f"{len(self.skipped)} lignes écartées :")
            for reason, count in sorted(reasons.items()):
                names = [n for n, r in self.skipped if r == reason]
                shown = f" : {', '.join(names)}" if count <= 3 else ""
                lines.append(f"  - {reason} ({count}){shown}")
        lines += [f"Note : {note}" for note in self.notes]
        return "\n".join(lines)


def _contacts(record: PlaceRecord) -> set[str]:
    website = record.website.lower().split("//")[-1].removeprefix("www.").split("/")[0]
    values = {norm.tidy_phone(record.phone), record.email.lower(), website}
    # France Services rows often give the organisation's own number in their comment.
    values |= {norm.tidy_phone(p) for p in PHONE_IN_TEXT.findall(record.presentation)}
    return {v for v in values if v}


def _same_organisation(a: PlaceRecord, b: PlaceRecord) -> bool:
    """True when two rows describe the same organisation at the same place."""
    if (a.source, a.source_id) == (b.source, b.source_id):
        return True
    if a.siret and b.siret:
        return a.siret == b.siret
    near = norm.address_key(a.address, a.postcode) == norm.address_key(b.address, b.postcode) or (
        geo.distance_km((a.latitude, a.longitude), (b.latitude, b.longitude)) * 1000 < NEAR_METRES
    )
    core_a, core_b = norm.name_core(a.name), norm.name_core(b.name)
    same_name = bool(core_a and core_b) and (core_a <= core_b or core_b <= core_a)
    shared_contact = bool(_contacts(a) & _contacts(b))
    return (near and (same_name or shared_contact)) or (same_name and shared_contact)


def _clusters(records: list[PlaceRecord]) -> list[list[PlaceRecord]]:
    """Group rows of one organisation; each group starts with its best row."""
    clusters: list[list[PlaceRecord]] = []
    for record in sorted(records, key=lambda r: (r.key, r.source_id)):
        for cluster in clusters:
            siret_clash = any(m.siret and record.siret and m.siret != record.siret for m in cluster)
            if not siret_clash and any(_same_organisation(record, m) for m in cluster):
                cluster.append(record)
                break
        else:
            clusters.append([record])
    return clusters


def _schedule(records: list[PlaceRecord], report: ImportReport) -> hours.Schedule | None:
    """Weekly hours from the best row that has readable ones."""
    for record in records:
        try:
            if any(record.day_hours):
                slots = tuple(
                    hours.Slot(day, opens, closes)
                    for day, text in enumerate(record.day_hours)
                    for opens, closes in hours.parse_day_ranges(text)
                )
                return hours.Schedule(slots=slots)
            if record.osm_hours:
                return hours.parse_osm(record.osm_hours)
        except ValueError as error:
            report.notes.append(f"horaires illisibles pour {record.name} ({record.source_id}) : {error}")
    return None


def _values(cluster: list[PlaceRecord], commune: str) -> dict[str, object]:
    """Partner fields merged from the rows of one organisation (the best row leads)."""
    primary = cluster[0]

    def first(attr: str) -> str:
        return next((getattr(r, attr) for r in cluster if getattr(r, attr)), "")

    # The France Services label is awarded by the ANCT: trust it only from the ANCT list.
    labels = set().union(*(r.labels for r in cluster))
    if not any(r.source == "france-services" for r in cluster):
        labels.discard("france-services")
    name = norm.tidy_name(primary.name)
    return {
        "name": name,
        "kind": norm.guess_kind(name, cluster),
        "presentation": max((r.presentation for r in cluster), key=len),
        "address": norm.tidy_address(primary.address or first("address")),
        "address_extra": norm.tidy_address(first("address_extra")),
        "postcode": primary.postcode or first("postcode"),
        "city": commune,
        "phone": norm.tidy_phone(first("phone")),
        "email": first("email").lower(),
        "website": first("website"),
        "labels": [code for code in NATIONAL_LABELS if code in labels],
        "source": primary.source,
        "source_id": primary.source_id,
        "siret": first("siret"),
        "is_demo": False,
    }


def _services(cluster: list[PlaceRecord]) -> list[ServiceRecord]:
    services = norm.france_services_offer() if cluster[0].source == "france-services" else []
    for record in cluster:
        services += record.services
    unique: dict[str, ServiceRecord] = {}
    for service in services:
        unique.setdefault(slugify(service.name), service)
    return list(unique.values())


def _unique_slug(session: Session, name: str) -> str:
    base = slugify(name, 100) or "partenaire"
    slug, n = base, 1
    while session.scalar(select(Partner.id).where(Partner.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _stops(values: dict[str, object], primary: PlaceRecord,
           schedule: hours.Schedule | None) -> list[dict]:
    """The stops of an itinerant place: one per opening interval the source gives, at the one
    address it gives (the source lists no itinerary), without any geocoding."""
    if not primary.itinerant or schedule is None:
        return []
    return [
        {"place_name": values["address_extra"], "address": values["address"],
         "postcode": values["postcode"], "city": values["city"], "latitude": primary.latitude,
         "longitude": primary.longitude, "weekday": slot.weekday, "opens": hm(slot.opens),
         "closes": hm(slot.closes)}
        for slot in sorted(schedule.slots, key=lambda s: (s.weekday, s.opens))
    ]


def _service_values(partner_name: str, records: list[ServiceRecord],
                    thematiques: dict[str, list[str]], report: ImportReport,
                    stops: list[dict]) -> dict[str, dict]:
    """The services of one place as the source describes them, by tidied name; an itinerant
    place's services are given at its stops."""
    values: dict[str, dict] = {}
    for record in records:
        slugs = norm.subneeds_for(record, thematiques)
        if not slugs:
            report.notes.append(f"service « {record.name} » de {partner_name} sans besoin : ignoré")
            continue
        values[norm.tidy_name(record.name)] = {
            "description": record.description,
            "fees": record.fees or "non-precise",
            "fees_detail": record.fees_detail,
            "audiences": list(record.audiences),
            "modes": ["en-presentiel"],
            "access_modes": list(record.access_modes),
            "subneeds": sorted(slugs),
            "stops": [dict(stop) for stop in stops],
        }
    return values


def _write_services(session: Session, partner: Partner, wanted: dict[str, dict],
                    subneeds: dict[str, SubNeed]) -> None:
    """Create or update services with the given values; a new service is published."""
    existing = {s.name: s for s in partner.services}
    position = max((s.position for s in partner.services), default=-1) + 1
    for name, values in wanted.items():
        service = existing.get(name)
        if service is None:
            service = Service(name=name, partner=partner, status=PUBLISHED, position=position)
            session.add(service)
            position += 1
        fields = {k: v for k, v in values.items() if k not in ("subneeds", "stops")}
        assign(service, fields)
        if "stops" in values:
            places.write_stops(service, values["stops"])
        if "subneeds" in values:
            wanted_subneeds = [subneeds[s] for s in values["subneeds"]]
            if {s.id for s in service.subneeds} != {s.id for s in wanted_subneeds}:
                service.subneeds = wanted_subneeds


def _write(session: Session, partner: Partner, values: dict, subneeds: dict[str, SubNeed]) -> None:
    """Write values shaped like `Partner.imported` (all of them, or the part a plan writes)."""
    assign(partner, values.get("partner", {}))
    if "location" in values:
        place_partner(partner, *values["location"])
    if "slots" in values:
        partner.slots = [OpeningSlot(weekday=d, opens=time.fromisoformat(o),
                                     closes=time.fromisoformat(c))
                         for d, o, c in values["slots"]]
    _write_services(session, partner, values.get("services", {}), subneeds)


def _import_values(values: dict[str, object], primary: PlaceRecord, schedule: hours.Schedule | None,
                   services: dict[str, dict]) -> dict:
    """What the source says about one place, shaped like `Partner.imported`."""
    result = {
        "partner": {name: values[name] for name in merge.FIELDS},
        "location": [primary.latitude, primary.longitude],
        "services": services,
    }
    if schedule is not None:
        result["slots"] = sorted([s.weekday, hm(s.opens), hm(s.closes)] for s in schedule.slots)
    return result


def _touched_by_person(session: Session, partner: Partner) -> bool:
    """Whether a person ever edited or confirmed this listing (for listings imported before
    the import kept a baseline)."""
    return partner.last_confirmed_at is not None or session.scalar(
        select(Revision.id).where(Revision.partner_id == partner.id).limit(1)
    ) is not None


def plan_for(session: Session, partner: Partner, new: dict) -> merge.Plan:
    """What importing `new` into this listing would write and propose (seed.merge)."""
    current = merge.current_values(partner)
    baseline = partner.imported
    if baseline is None and not _touched_by_person(session, partner):
        baseline = current
    return merge.plan(baseline, current, new)


def _merge(session: Session, partner: Partner, new: dict, subneeds: dict[str, SubNeed],
           report: ImportReport, source: str = "") -> bool:
    """Bring an existing listing up to date without overwriting what a person set; the
    source's changes to such values become a proposal. Returns whether anything changed."""
    steps = plan_for(session, partner, new)
    changed = False
    if steps.writes_anything:  # most listings, most of the time: nothing to write or record
        before = snapshot_of(partner)
        _write(session, partner, steps.write, subneeds)
        partner.mark_sources(steps.write["partner"], source or partner.source, date.today())
        session.flush()
        changed = imports.record_import(partner, before) is not None
    if steps.proposes_anything:
        if imports.propose_from_source(partner, steps.propose) is not None:
            report.proposed.append(partner.name)
            changed = True
        else:
            steps.postpone_proposals(partner.imported)
            report.notes.append(f"{partner.name} : une modification attend déjà une décision, "
                                "les nouvelles données ouvertes seront proposées au prochain import")
    if partner.imported != steps.baseline:
        partner.imported = steps.baseline
    return changed


def place_values(cluster: list[PlaceRecord], commune: str, thematiques: dict[str, list[str]],
                 report: ImportReport) -> tuple[dict[str, object], dict]:
    """The partner fields of one organisation (from its rows, the best first) and what the
    source says about it in the shape of `Partner.imported` (see seed.merge)."""
    primary = cluster[0]
    values = _values(cluster, commune)
    schedule = _schedule(cluster, report)
    stops = _stops(values, primary, schedule)
    if primary.itinerant:
        report.notes.append(f"{values['name']} est itinérant : {len(stops)} passages d'après "
                            "ses horaires (la source ne donne qu'une adresse)")
    services = _service_values(str(values["name"]), _services(cluster), thematiques, report, stops)
    return values, _import_values(values, primary, schedule, services)


def create_partner(session: Session, values: dict[str, object], new: dict,
                   subneeds: dict[str, SubNeed], source: str = "") -> Partner:
    """A published listing for a place no listing describes yet (imports never confirm it)."""
    partner = Partner(slug=_unique_slug(session, str(values["name"])), status=PUBLISHED)
    session.add(partner)
    _write(session, partner, new, subneeds)
    partner.imported = new
    assign(partner, {k: values[k] for k in ("labels", "source", "source_id", "is_demo")})
    partner.siret = str(values.get("siret") or "")
    partner.mark_sources([k for k, v in new["partner"].items() if v], source or partner.source,
                         date.today())
    return partner


def update_partner(session: Session, partner: Partner, new: dict, subneeds: dict[str, SubNeed],
                   report: ImportReport, source: str) -> bool:
    """Bring a listing up to date with `source` through the three-way merge; what a person
    set is only proposed. Returns whether anything changed."""
    return _merge(session, partner, new, subneeds, report, source)


def _merged_by_later_imports(session: Session) -> set[int]:
    """Listings an import of /admin/imports or the national sync wrote into (merged, or
    kept unchanged after a merge decision) without having created them."""
    from portal.imports import constants as c
    from portal.imports.models import ImportRow

    return set(session.scalars(select(ImportRow.partner_id).where(
        ImportRow.partner_id.is_not(None), ImportRow.decision == c.MERGE,
        ImportRow.result.in_((c.UPDATED, c.PROPOSED, c.UNCHANGED)))))


def import_open_data(session: Session, data_dir: Path | None = None) -> ImportReport:
    """Create or update every real Lille place of the open-data files; return what was done."""
    report = ImportReport()
    communes = dict(session.execute(select(Quartier.id, Quartier.commune)).all())
    subneeds = {
        s.slug: s
        for s in session.scalars(select(SubNeed).join(Need).order_by(Need.position, SubNeed.position))
    }
    thematiques = {slug: sub.thematiques for slug, sub in subneeds.items()}
    placed: list[PlaceRecord] = []
    quartier_of: dict[int, int] = {}
    for record in read_all(data_dir or OPEN_DIR):
        label = f"{record.name} ({record.source} {record.source_id})"
        if record.latitude is None or record.longitude is None:
            report.skipped.append((label, "sans coordonnées"))
        elif (quartier_id := geo.quartier_id_at(record.latitude, record.longitude)) is None:
            report.skipped.append((label, "hors des 12 quartiers de Lille"))
        else:
            placed.append(record)
            quartier_of[id(record)] = quartier_id

    superseded = _merged_by_later_imports(session)
    for cluster in _clusters(placed):
        primary = cluster[0]
        if len(cluster) > 1:
            ids = tuple(dict.fromkeys(f"{r.source}:{r.source_id}" for r in cluster))
            report.merged.append((norm.tidy_name(primary.name), ids))
        values, new = place_values(cluster, communes[quartier_of[id(primary)]], thematiques, report)
        partner = session.scalar(
            select(Partner).where(
                Partner.source == primary.source, Partner.source_id == primary.source_id
            )
        )
        created = partner is None
        if created:
            partner = create_partner(session, values, new, subneeds)
            changed = True
        elif partner.id in superseded:
            # An administrator's import or the national sync brought newer data into this
            # listing: the shipped snapshot no longer writes it (nor takes those values back).
            report.notes.append(f"{partner.name} : mis à jour par un import plus récent, les données "
                                "livrées ne le modifient plus")
            changed = False
        else:
            changed = _merge(session, partner, new, subneeds, report)
        # Not editable by people: the national labels and where the listing comes from.
        changed |= assign(partner, {k: values[k] for k in ("labels", "source", "source_id", "is_demo")})
        if values["siret"] and not partner.siret:
            partner.siret = values["siret"]
        if not partner.live_services:
            report.notes.append(f"{partner.name} n'a aucun service publié")
        session.flush()
        if created:
            report.created += 1
        elif changed:
            report.updated += 1
        else:
            report.unchanged += 1
    return report

