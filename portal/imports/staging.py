"""From parsed lines to a stored batch: geocoding what has no point, placing in the quartiers,
matching against the listings, and sorting each row (constants.KINDS). Flushes, never commits."""

from __future__ import annotations

import dataclasses
import json

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from portal.directory import geo
from portal.directory.geocoding import GeocoderUnavailable
from portal.directory.models import Need, Partner, Quartier, SubNeed
from portal.directory.text import fold
from portal.imports import constants as c
from portal.imports.matching import NEAR_CELL, Candidate, CandidateIndex, Match
from portal.imports.models import ImportBatch, ImportRow
from portal.imports.readers import Line, Parsed
from seed import importer
from seed.sources import PlaceRecord, ServiceRecord


def record_json(record: PlaceRecord) -> dict:
    data = dataclasses.asdict(record)
    data["labels"] = sorted(record.labels)
    return data


def record_from(data: dict) -> PlaceRecord:
    values = dict(data)
    values["labels"] = set(values.get("labels") or ())
    values["day_hours"] = tuple(values.get("day_hours") or ())
    values["services"] = [ServiceRecord(**{k: tuple(v) if isinstance(v, list) else v for k, v in s.items()})
                          for s in values.get("services") or ()]
    return PlaceRecord(**values)


class Context:
    """Reference data one batch needs, loaded once: communes, sub-needs, the listings."""

    def __init__(self, session: Session):
        self.session = session
        self.communes = dict(session.execute(select(Quartier.id, Quartier.commune)).all())
        self.subneeds = {s.slug: s for s in session.scalars(
            select(SubNeed).join(Need).order_by(Need.position, SubNeed.position))}
        self.thematiques = {slug: sub.thematiques for slug, sub in self.subneeds.items()}
        self._index: CandidateIndex | None = None
        self._skipped: dict[tuple[str, str], dict] | None = None

    @property
    def index(self) -> CandidateIndex:
        if self._index is None:
            self._index = _candidates(self.session)
        return self._index

    @property
    def skipped(self) -> dict[tuple[str, str], dict]:
        """(source, id) -> the record of a probable match an administrator chose to skip, as
        it was then (when the latest decision on that row was to skip it)."""
        if self._skipped is None:
            self._skipped = {}
            for source, source_id, decision, values in self.session.execute(
                    select(ImportRow.source, ImportRow.source_id, ImportRow.decision, ImportRow.values)
                    .where(ImportRow.kind == c.PROBABLE, ImportRow.applied_at.is_not(None))
                    .order_by(ImportRow.id)):
                if decision == c.SKIP:
                    self._skipped[(source, source_id)] = (values or {}).get("record")
                else:
                    self._skipped.pop((source, source_id), None)
        return self._skipped

    def place_values(self, record: PlaceRecord, quartier_id: int) -> tuple[dict, dict]:
        report = importer.ImportReport()
        return importer.place_values([record], self.communes[quartier_id], self.thematiques, report)


def candidate_of(p: Partner) -> Candidate:
    return Candidate(p.id, p.name, p.address, p.postcode, p.latitude, p.longitude, p.phone,
                     p.email, p.website, p.siret, p.source, p.source_id or "")


def _candidates(session: Session) -> CandidateIndex:
    columns = (Partner.id, Partner.name, Partner.address, Partner.postcode, Partner.latitude,
               Partner.longitude, Partner.phone, Partner.email, Partner.website, Partner.siret,
               Partner.source, Partner.source_id)
    candidates = [Candidate(*row[:11], row[11] or "") for row in session.execute(select(*columns))]
    # The listing each row of an earlier import became, was merged into, or repeated.
    links = {(s, i): p for s, i, p in session.execute(
        select(ImportRow.source, ImportRow.source_id, ImportRow.partner_id)
        .where(ImportRow.partner_id.is_not(None),
               or_(ImportRow.result.in_((c.CREATED, c.UPDATED, c.PROPOSED, c.UNCHANGED)),
                   and_(ImportRow.kind == c.REPEATED, ImportRow.result == c.SKIPPED)))
        .order_by(ImportRow.id))}
    return CandidateIndex(candidates, links)


def incoming(record: PlaceRecord, values: dict, new: dict, partner: Partner | None) -> dict:
    """What importing the record into `partner` brings: the source's values where it says
    something, the listing's own where the source says nothing (an empty cell erases nothing)
    or says the same words in other capitals, and the listing's kind (a file does not know our
    kinds)."""
    if partner is None or (partner.source, partner.source_id) == (record.source, record.source_id):
        return new
    new = {**new, "partner": dict(new["partner"])}
    for name, value in new["partner"].items():
        ours = getattr(partner, name)
        # Nor does a spelling that differs only by capitals or accents replace the listing's.
        same_words = isinstance(value, str) and isinstance(ours, str) and fold(value) == fold(ours)
        if value in ("", None, []) or name == "kind" or same_words:
            new["partner"][name] = ours
    return new


def classify(ctx: Context, record: PlaceRecord, quartier_id: int,
             match: Match | None) -> tuple[str, Partner | None]:
    """NEW, UPDATE (the same source's row, or the same SIRET), PROBABLE or IDENTICAL (then
    stage() tells the rows repeating an earlier line of the file: REPEATED)."""
    if match is None:
        return c.NEW, None
    partner = ctx.session.get(Partner, match.partner_id)
    values, new = ctx.place_values(record, quartier_id)
    steps = importer.plan_for(ctx.session, partner, incoming(record, values, new, partner))
    if not steps.writes_anything and not steps.proposes_anything:
        return c.IDENTICAL, partner
    return (c.UPDATE if match.how in ("source", "link", "siret") else c.PROBABLE), partner


def _geocode(lines: list[Line], notes: list[dict]) -> set[int]:
    """Give a point to the records without one; the lines still without one."""
    wanting = [line for line in lines if line.record is not None
               and (line.record.latitude is None or line.record.longitude is None)]
    if not wanting:
        return set()
    from portal.imports import bulk_geocode

    try:
        found = bulk_geocode.geocode([(w.record.address, w.record.postcode, w.record.city) for w in wanting])
    except GeocoderUnavailable:
        notes.append({"code": "geocoder-down"})
        return {id(w) for w in wanting}
    missing = set()
    for line, point in zip(wanting, found, strict=True):
        if point is None:
            missing.add(id(line))
        else:
            line.record.latitude, line.record.longitude = point
    return missing


def _skipped_before(ctx: Context, row: ImportRow) -> bool:
    """Whether an administrator skipped this row, as it is now (compared as stored JSON)."""
    skipped = ctx.skipped.get((row.source, row.source_id))
    return skipped is not None and skipped == json.loads(json.dumps(row.values["record"]))


class _FileIndex:
    """The places of one file seen so far, so that a line describing the same place as an
    earlier one (same SIRET, or the same name nearby) is neither created twice nor merged twice
    into one listing."""

    def __init__(self):
        # The same place twice in one file is at one point (or shares a contact or a SIRET):
        # only places nearer than NEAR_M are compared, which keeps a large file fast.
        self.index = CandidateIndex([], cell=NEAR_CELL)
        self.lines: dict[int, int] = {}  # pseudo-candidate id of a place of the file -> its line
        self.claimed: dict[int, int] = {}  # listing an earlier line matched -> that line

    def repeated(self, row: ImportRow, record: PlaceRecord) -> Match | None:
        """The match of a new place with a place of an earlier line (the row becomes
        REPEATED), or None."""
        match = self.index.best(record)
        if match is not None:
            row.kind = c.REPEATED
            row.values["same_as"] = self.lines[match.partner_id]
        return match

    def remember(self, row: ImportRow, record: PlaceRecord) -> None:
        """Compare the next lines with this one."""
        key = len(self.lines) + 1
        self.lines[key] = row.line
        self.index.add(Candidate(key, record.name, record.address, record.postcode, record.latitude,
                                 record.longitude, record.phone, record.email, record.website,
                                 record.siret))

    def claim(self, row: ImportRow, partner: Partner | None) -> Partner | None:
        """A row matching a listing: when an earlier line matched the same listing, this row
        repeats that line (two rows merged into one listing would overwrite each other at
        every import); it keeps the listing, so that the next import knows it as that one's."""
        if partner is None:
            return None
        if partner.id in self.claimed:
            row.kind = c.REPEATED
            row.values["same_as"] = self.claimed[partner.id]
        else:
            self.claimed[partner.id] = row.line
        return partner


def stage(session: Session, parsed: Parsed, *, fmt: str, origin: str, file_name: str,
          user=None, batch: ImportBatch | None = None) -> ImportBatch:
    """Store a batch of parsed lines (in `batch` when one waits for them), each sorted and
    matched; nothing else is written."""
    ctx = Context(session)
    notes = list(parsed.notes)
    not_found = _geocode(parsed.lines, notes)
    if batch is None:
        batch = ImportBatch(file_name=file_name[:255], format=fmt, origin=origin, created_by=user)
        session.add(batch)
    batch.status, batch.notes, batch.applied, batch.upload = c.STAGED, notes, {}, None
    rows: list[ImportRow] = []
    earlier = _FileIndex()
    for line in parsed.lines:
        row = ImportRow(line=line.line, label=line.label[:300],
                        errors=[p.as_json() for p in line.problems], values={})
        record = line.record
        if record is None:
            row.kind = c.ERROR
        else:
            row.source, row.source_id = record.source, record.source_id[:100]
            row.values = {"record": record_json(record)}
            quartier_id = None if id(line) in not_found else geo.quartier_id_at(record.latitude,
                                                                                   record.longitude)
            if id(line) in not_found:
                row.kind = c.NOT_GEOCODED
            elif quartier_id is None:
                row.kind = c.OUTSIDE
            else:
                row.values["quartier_id"] = quartier_id
                match = ctx.index.best(record)
                row.kind, partner = classify(ctx, record, quartier_id, match)
                if row.kind == c.NEW:
                    match = earlier.repeated(row, record)
                else:
                    partner = earlier.claim(row, partner)
                if row.kind != c.REPEATED:
                    earlier.remember(row, record)
                row.partner_id = partner.id if partner else None
                if row.kind == c.PROBABLE and _skipped_before(ctx, row):
                    # Skipped before, unchanged since: the same decision stands unless changed.
                    row.decision = c.SKIP
                    row.values["skipped_before"] = True
                row.score = match.score if match else None
                if match and match.details:
                    row.values["score"] = match.details
        rows.append(row)
    for problem in parsed.orphans:
        rows.append(ImportRow(line=problem.line, label="", kind=c.ERROR, values={},
                              errors=[problem.as_json()]))
    batch.rows = rows
    batch.counts = {kind: sum(1 for r in rows if r.kind == kind) for kind in c.KINDS}
    session.flush()
    return batch
