"""The search engine: words (with synonyms and typos) + filters -> ranked services and facet counts.

How a search runs, and why it is fast enough at 50,000 services:
- One Whoosh searcher per process, reopened only when the index STAMP file changes (one stat).
- What matches is computed with bitsets (Python ints, one bit per document): each term's
  documents are read once from the index and cached per index generation, so the exact total,
  the filters and every facet count are a few ANDs and popcounts.
- Ranking is a field-weighted score (boost x idf of each field a word is found in: a name or a
  sub-need beats a word deep in a description) computed for all matching documents at once as
  a bit-sliced sum (see ``bits.Scores``). Whoosh's own BM25F scorer walks every posting in
  Python: 35–55 ms p95 on the demo data alone, against ~1 ms this way, for the same success@5.
- Finished results are cached (LRU) until the index or the synonyms change; the "open now"
  part is recomputed per minute from the database.
- Every word must match (synonyms count as the word); when that leaves fewer than
  ``MIN_ALL_WORDS`` results, any word may match and documents matching more words rank first.
- A word that matches nothing (and is no synonym) is looked up in the unstemmed vocabulary
  (edit distance 1, or 2 for long words): the closest word is offered as "Did you mean", and the
  near words are searched in its place (``used_fuzzy``). Doing it whenever a word is unknown,
  not only when the whole query finds little, also rescues "aprendre a utiliser un ordinateur".
- Results are services, made partner-diverse: each further service of a partner already ranked
  above has its score multiplied by ``PARTNER_DECAY``, so one partner cannot fill a page.
"""

from __future__ import annotations

import heapq
import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from flask import current_app

from portal.directory.hours import PARIS
from portal.search import index as idx
from portal.search.analysis import Synonyms, load_synonyms, stems, words
from portal.search.bits import Bits, Scores

MIN_ALL_WORDS = 3  # fewer results than this with every word: let any word match
PARTNER_DECAY = 0.6
EXPANSION_WEIGHT = 0.8  # a synonym counts a bit less than the word typed
FUZZY_WEIGHT = 0.7  # so does a near spelling of a word the index does not know
TAXONOMY_BOOSTS = {"need": 3.0, "subneed_slug": 4.0}
CACHE_SIZE = 512
SCORE_SCALE = 8  # scores are integers: weights are rounded to 1/8
OPEN_TTL_SECONDS = 60
BOOL_FACETS = ("free", "walk_in", "open_now")
VALUE_FACETS = {"need": "need", "quartier": "quartier", "audience": "audience", "language": "language"}
DEFAULT_SYNONYMS = Path(__file__).with_name("synonyms.txt")


@dataclass(frozen=True)
class SearchRequest:
    text: str = ""
    need: str | None = None  # need slug
    quartier: str | None = None  # quartier slug
    open_now: bool = False
    free: bool = False
    walk_in: bool = False  # "sans rendez-vous"
    audience: str | None = None  # constants.AUDIENCES code
    language: str | None = None  # constants.LANGUAGES code
    sort: str = "relevance"  # or "distance"
    origin: tuple[float, float] | None = None  # (lat, lon) for distance sort
    page: int = 1
    per_page: int = 20


@dataclass
class Hit:
    service_id: int
    partner_id: int
    score: float
    distance_km: float | None


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    pages: int
    # facet -> value -> count, over the text match with the OTHER filters applied
    facets: dict[str, dict[str, int]]
    suggestion: str | None
    used_fuzzy: bool
    expanded: tuple[str, ...]


@dataclass
class _Group:
    """One word (or synonym phrase) of the query: its words together, or any synonym, satisfy it."""

    word: str  # folded, as typed
    phrase: tuple[str, ...] = ()  # stems that must all be present (one for a single word)
    terms: dict[str, float] = field(default_factory=dict)  # alternative stems -> weight
    taxonomy: tuple[tuple[str, str], ...] = ()
    known: bool = True


@dataclass
class _Cached:
    result: SearchResult
    open_mask: int  # text match AND every filter except open_now, for the open_now facet


# -- per-process state --------------------------------------------------------------------------


class _State:
    """The open searcher of one index folder, what is derived from it, and the result cache."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lock = threading.RLock()
        self.key: object = object()
        self.bits: Bits | None = None
        self.retired: list = []
        self.cache: OrderedDict = OrderedDict()

    def current(self) -> Bits | None:
        key = idx.stamp_key(self.root)
        if key != self.key:
            self._reopen(key)
        return self.bits

    def _reopen(self, key) -> None:
        for old in self.retired:  # closed one refresh later, after in-flight searches
            old.close()
        self.retired = [self.bits] if self.bits else []
        self.bits, self.key = None, key
        self.cache.clear()
        ix = idx.open_index(self.root)
        if ix is not None:
            self.bits = Bits(ix.searcher())
            ix.close()

    def close(self) -> None:
        for item in [*self.retired, self.bits]:
            if item is not None:
                item.close()
        self.retired, self.bits, self.key = [], None, object()
        self.cache.clear()


_states: dict[str, _State] = {}
_states_lock = threading.Lock()
_open_cache: dict[tuple, frozenset[int]] = {}


def _state(root: Path) -> _State:
    with _states_lock:
        return _states.setdefault(str(root), _State(root))


def close_all() -> None:
    """Close every open searcher (tests, shutdown)."""
    with _states_lock:
        for state in _states.values():
            with state.lock:
                state.close()
        _states.clear()


def invalidate_opening_hours() -> None:
    """Forget which partners are open (hours changed in this process)."""
    _open_cache.clear()


def open_partner_ids(at: datetime) -> frozenset[int]:
    """Published partners open at that instant, from the database (cached for a minute)."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from portal.directory.models import Partner
    from portal.directory.queries import is_published_partner
    from portal.extensions import db

    minute = int(at.timestamp() // OPEN_TTL_SECONDS)
    key = (str(db.engine.url), minute)
    found = _open_cache.get(key)
    if found is None:
        partners = db.session.scalars(
            select(Partner)
            .where(is_published_partner())
            .options(selectinload(Partner.slots), selectinload(Partner.exceptions),
                     selectinload(Partner.closures))
        ).all()
        found = frozenset(p.id for p in partners if p.schedule.is_open(at))
        _open_cache.clear()
        _open_cache[key] = found
    return found


# Replaceable (the benchmark's generated corpus has no database behind it).
open_partners_provider = open_partner_ids


# -- query analysis -----------------------------------------------------------------------------


def _groups(text: str, synonyms: Synonyms) -> tuple[list[_Group], list[str]]:
    """Split the text into word groups, with the synonyms each word or phrase brings."""
    tokens = list(stems(text))
    folded = list(words(text))
    if len(folded) != len(tokens):  # stemming never drops a word, but be safe
        folded = tokens
    groups: list[_Group] = []
    expanded: list[str] = []
    i = 0
    while i < len(tokens):
        matched = synonyms.match(tokens, i)
        size = matched[0] if matched else 1
        group = _Group(word=" ".join(folded[i : i + size]), phrase=tuple(tokens[i : i + size]))
        if matched:
            rule = matched[1]
            group.terms = {t: EXPANSION_WEIGHT for t in rule.terms if (t,) != group.phrase}
            group.taxonomy = rule.taxonomy
            expanded.append(f"{group.word} → {' '.join(rule.terms)}")
        groups.append(group)
        i += size
    return groups, expanded


def _group_bits(bits: Bits, group: _Group) -> int:
    result = 0
    if group.phrase:
        result = bits.term("all", group.phrase[0])
        for term in group.phrase[1:]:
            result &= bits.term("all", term)
    for term in group.terms:
        result |= bits.term("all", term)
    for fieldname, slug in group.taxonomy:
        result |= bits.term(fieldname, slug)
    return result


def _scores(bits: Bits, groups: list[_Group], allowed: int) -> Scores:
    """Field-weighted scores: each (field, term) a document contains adds boost x idf.

    BM25F without term frequency and length normalisation, which matter little on short
    listings; in exchange every matching document is scored at once with bitsets (see Scores).
    """
    scores = Scores(bits, allowed)
    for group in groups:
        weighted = [(t, 1.0) for t in group.phrase] + list(group.terms.items())
        for term, weight in weighted:
            for fieldname, boost in idx.TEXT_FIELDS.items():
                if bits.frequency(fieldname, term):
                    w = boost * weight * bits.idf(fieldname, term)
                    scores.add(bits.term(fieldname, term), round(w * SCORE_SCALE))
        for fieldname, slug in group.taxonomy:
            if bits.frequency(fieldname, slug):
                w = TAXONOMY_BOOSTS[fieldname] * bits.idf(fieldname, slug)
                scores.add(bits.term(fieldname, slug), round(w * SCORE_SCALE))
    return scores


def _match(bits: Bits, groups: list[_Group]) -> tuple[int, bool]:
    """Documents matching the groups: all of them if enough, else any. Returns (bits, all?)."""
    per_group = [b for b in (_group_bits(bits, g) for g in groups) if b]
    if not per_group:
        return 0, True
    every = per_group[0]
    for b in per_group[1:]:
        every &= b
    if len(per_group) == 1 or every.bit_count() >= MIN_ALL_WORDS:
        return every, True
    anyone = 0
    for b in per_group:
        anyone |= b
    return anyone, False


def _spelling(bits: Bits, groups: list[_Group], synonyms: Synonyms) -> dict[str, list[str]]:
    """Near words (best first) of each word that the index and the synonyms do not know."""
    near: dict[str, list[str]] = {}
    for group in groups:
        if " " in group.word or group.taxonomy or _group_bits(bits, group):
            continue
        group.known = False
        candidates = bits.near_words(group.word)
        if candidates:
            near[group.word] = candidates
    return near


def _suggestion(text: str, near: dict[str, list[str]]) -> str | None:
    if not near:
        return None
    out = []
    for token in text.split():
        key = words(token)
        out.append(near[key[0]][0] if len(key) == 1 and key[0] in near else token)
    suggestion = " ".join(out)
    return suggestion if suggestion != text.strip() else None


# -- ranking ------------------------------------------------------------------------------------


def _diversified(top: list[tuple[float, int]], partner_of) -> list[tuple[float, float, int]]:
    """(adjusted, original, docnum), best first; repeated partners are pushed down."""
    seen: dict[int, int] = {}
    out = []
    for score, docnum in top:
        partner = partner_of(docnum)
        repeats = seen.get(partner, 0)
        seen[partner] = repeats + 1
        out.append((score * PARTNER_DECAY**repeats, score, docnum))
    out.sort(key=lambda item: (-item[0], item[2]))
    return out


def _rank_relevance(bits: Bits, groups: list[_Group], allowed: int, total: int, wanted: int):
    """The first `wanted` (score, docnum) in diversified order."""
    scores = _scores(bits, groups, allowed)
    limit = min(total, max(wanted * 2, 40))
    while True:
        top = [(score / SCORE_SCALE, docnum) for score, docnum in scores.top(limit)]
        ranked = _diversified(top, bits.partner_of)
        if len(top) < limit or limit >= total:
            return [(adj, docnum) for adj, _orig, docnum in ranked[:wanted]]
        threshold = top[-1][0]
        safe = [(adj, docnum) for adj, _orig, docnum in ranked if adj >= threshold]
        if len(safe) >= wanted:
            return safe[:wanted]
        limit = min(total, limit * 4)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def _rank_distance(bits: Bits, allowed: int, origin: tuple[float, float], wanted: int):
    """The `wanted` nearest documents; an equirectangular distance is exact enough to sort a city."""
    lat0, lon0 = origin
    kx = math.cos(math.radians(lat0))
    lats, lons = bits.lats, bits.lons
    far = float("inf")

    def key(docnum: int) -> float:
        lat = lats[docnum]
        if lat is None:
            return far
        dx = (lons[docnum] - lon0) * kx
        dy = lat - lat0
        return dx * dx + dy * dy

    return heapq.nsmallest(wanted, bits.members(allowed), key=lambda d: (key(d), d))


# -- the search ---------------------------------------------------------------------------------


def _synonyms_path() -> Path:
    return Path(current_app.config.get("SEARCH_SYNONYMS_PATH") or DEFAULT_SYNONYMS)


def _empty() -> SearchResult:
    return SearchResult([], 0, 0, {}, None, False, ())


def search(req: SearchRequest, *, at: datetime | None = None) -> SearchResult:
    """Run a search on the live index of the current application."""
    at = at or datetime.now(PARIS)
    req = replace(req, page=max(1, req.page), per_page=max(1, min(req.per_page, 100)),
                  text=req.text.strip()[:200])
    if req.sort == "distance" and req.origin is None:
        req = replace(req, sort="relevance")
    state = _state(idx.index_root())
    synonyms = load_synonyms(_synonyms_path())
    minute = int(at.timestamp() // OPEN_TTL_SECONDS)
    with state.lock:
        bits = state.current()
        if bits is None:
            return _empty()
        key = (req, synonyms.version, id(synonyms), minute if req.open_now else None)
        cached = state.cache.get(key)
        if cached is None:
            open_bits = bits.open_docs(open_partners_provider, at, minute)
            cached = _compute(bits, req, synonyms, open_bits)
            state.cache[key] = cached
            if len(state.cache) > CACHE_SIZE:
                state.cache.popitem(last=False)
        else:
            state.cache.move_to_end(key)
            open_bits = bits.open_docs(open_partners_provider, at, minute)
    result = cached.result
    yes = (cached.open_mask & open_bits).bit_count()
    facets = dict(result.facets)
    facets["open_now"] = {"true": yes, "false": cached.open_mask.bit_count() - yes}
    return replace(result, facets=facets, hits=list(result.hits))


def _filters(bits: Bits, req: SearchRequest, open_bits: int) -> dict[str, int]:
    active: dict[str, int] = {}
    for facet, fieldname in VALUE_FACETS.items():
        value = getattr(req, facet)
        if value:
            active[facet] = bits.term(fieldname, value)
    if req.free:
        active["free"] = bits.term("free", "1")
    if req.walk_in:
        active["walk_in"] = bits.term("walk_in", "1")
    if req.open_now:
        active["open_now"] = open_bits
    return active


def _compute(bits: Bits, req: SearchRequest, synonyms: Synonyms, open_bits: int) -> _Cached:
    groups, expanded = _groups(req.text, synonyms) if req.text else ([], [])
    suggestion, used_fuzzy = None, False
    if not groups:
        matched = bits.live
    else:
        near = _spelling(bits, groups, synonyms)
        suggestion = _suggestion(req.text, near)
        if near:  # unknown words are searched by their near spellings
            used_fuzzy = True
            groups = [g if g.word not in near else
                      _Group(g.word, (), dict.fromkeys(_near_stems(near[g.word]), FUZZY_WEIGHT))
                      for g in groups]
        matched, _every_word = _match(bits, groups)
        groups = [g for g in groups if _group_bits(bits, g)]
        matched &= bits.live

    active = _filters(bits, req, open_bits)
    allowed = matched
    for value in active.values():
        allowed &= value
    total = allowed.bit_count()

    facets: dict[str, dict[str, int]] = {}
    for facet in (*VALUE_FACETS, "free", "walk_in", "open_now"):
        mask = matched
        for name, value in active.items():
            if name != facet:
                mask &= value
        if facet == "open_now":
            open_mask = mask
            continue
        if facet in VALUE_FACETS:
            counts = {v: (mask & b).bit_count() for v, b in bits.values(VALUE_FACETS[facet]).items()}
            facets[facet] = {v: n for v, n in sorted(counts.items()) if n}
        else:
            yes = (mask & bits.term(facet, "1")).bit_count()
            facets[facet] = {"true": yes, "false": mask.bit_count() - yes}

    start = (req.page - 1) * req.per_page
    wanted = start + req.per_page
    ranked: list[tuple[float, int]] = []
    if total and start < total:
        if req.sort == "distance":
            ranked = [(0.0, d) for d in _rank_distance(bits, allowed, req.origin, wanted)]
        elif groups:
            ranked = _rank_relevance(bits, groups, allowed, total, wanted)
        else:
            ranked = [(0.0, d) for d in bits.in_order(allowed, wanted)]
    hits = []
    for score, docnum in ranked[start:wanted]:
        lat, lon = bits.lats[docnum], bits.lons[docnum]
        distance = (round(_km(req.origin[0], req.origin[1], lat, lon), 2)
                    if req.origin and lat is not None else None)
        hits.append(Hit(bits.service_of(docnum), bits.partner_of(docnum), round(score, 4), distance))
    result = SearchResult(
        hits=hits,
        total=total,
        pages=math.ceil(total / req.per_page),
        facets=facets,
        suggestion=suggestion,
        used_fuzzy=used_fuzzy,
        expanded=tuple(expanded),
    )
    return _Cached(result, open_mask)


def _near_stems(candidates) -> list[str]:
    out: list[str] = []
    for word in candidates:
        for stem in stems(word):
            if stem not in out:
                out.append(stem)
    return out
