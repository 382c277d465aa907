"""The search engine: words (with synonyms and typos) + filters -> ranked partners, each with its
matching services, and facet counts.

Pure: it runs on an open searcher's bitsets (``bits.Bits``), the synonyms and the documents
open right now, and returns plain values. Which searcher, which synonyms file and which
partners are open is the store's business (``store.state``); caching finished results too.

How a search runs, and why it is fast enough at 50,000 services:
- One Whoosh searcher per process, reopened only when the index STAMP file changes (one stat;
  see ``store.state``).
- What matches is computed with bitsets (Python ints, one bit per document): each term's
  documents are read once from the index and cached per index generation, so the exact total,
  the filters and every facet count are a few ANDs and popcounts.
- Ranking is a field-weighted score (boost x idf of each field a word is found in: a name or a
  sub-need beats a word deep in a description) computed for all matching documents at once as
  a bit-sliced sum (see ``bits.Scores``). Whoosh's own BM25F scorer walks every posting in
  Python: 35–55 ms p95 on the demo data alone, against ~1 ms this way, for the same success@5.
- Finished results are cached (LRU, ``store.state``) until the index or the synonyms change;
  the "open now" part is recomputed per minute from the database.
- Every word must match (synonyms count as the word); when that leaves fewer than
  ``matching.MIN_ALL_WORDS`` results, any word may match and documents matching more words
  rank first.
- A word that matches nothing (and is no synonym) is looked up in the unstemmed vocabulary
  (edit distance 1, or 2 for long words): the closest word is offered as "Did you mean", and the
  near words are searched in its place (``used_fuzzy``). Doing it whenever a word is unknown,
  not only when the whole query finds little, also rescues "aprendre a utiliser un ordinateur".
- Results are partners, each with the services that match (best first): a partner ranks by its
  best service, or by its nearest place when sorting by distance. The total, the pages and every
  facet count partners, counted with bitsets too (see ``bits.Bits.count_partners``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from portal.search.core import matching, ranking
from portal.search.core.analysis import Synonyms
from portal.search.core.bits import Bits

VALUE_FACETS = {"need": "need", "quartier": "quartier", "audience": "audience", "language": "language"}


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
    locale: str = "fr"  # the page's language: which synonyms read the text (see core.languages)
    sort: str = "relevance"  # or "distance"
    origin: tuple[float, float] | None = None  # (lat, lon) for distance sort
    page: int = 1
    per_page: int = 20

    def normalised(self) -> SearchRequest:
        """The same request within bounds: page from 1, 1–100 per page, text trimmed, and a
        distance sort only when there is a place to measure from."""
        req = replace(self, page=max(1, self.page), per_page=max(1, min(self.per_page, 100)),
                      text=self.text.strip()[:200])
        return replace(req, sort="relevance") if req.sort == "distance" and req.origin is None else req


@dataclass
class Hit:
    """One partner, and its services that match, best (or nearest) first."""

    partner_id: int
    service_ids: list[int]
    score: float  # its best service's
    distance_km: float | None  # to the nearest place of these services; None: none has a place

    @property
    def service_id(self) -> int:
        """The partner's best matching service."""
        return self.service_ids[0]


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    pages: int
    # facet -> value -> count, over the text match with the OTHER filters applied
    facets: dict[str, dict[str, int]]
    suggestion: str | None
    used_fuzzy: bool
    expanded: tuple  # matching.Widening of each word a synonym widened
    # The index could not be read (being rebuilt): "nothing found" would be untrue.
    unavailable: bool = False


@dataclass
class Outcome:
    """A computed result, and what its "open now" count is taken from, so that the result can be
    kept while the open places change with the clock (see `with_open_now`)."""

    result: SearchResult
    open_mask: int  # text match AND every filter except open_now
    count: Callable[[int], int] = field(default=int.bit_count)  # partners in a bitset


def empty(*, unavailable: bool = False) -> SearchResult:
    return SearchResult([], 0, 0, {}, None, False, (), unavailable)


def with_open_now(outcome: Outcome, open_bits: int) -> SearchResult:
    """The result with its "open now" facet counted against the documents open right now."""
    result = outcome.result
    yes = outcome.count(outcome.open_mask & open_bits)
    facets = dict(result.facets)
    facets["open_now"] = {"true": yes, "false": outcome.count(outcome.open_mask) - yes}
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


def run(bits: Bits, req: SearchRequest, synonyms: Synonyms, open_bits: int) -> Outcome:
    """Match, filter, count and rank: one page of `req` against an open index."""
    groups, expanded = matching.word_groups(req.text, synonyms) if req.text else ([], [])
    suggestion, used_fuzzy = None, False
    if not groups:
        matched = bits.live
    else:
        near = matching.spelling(bits, groups, synonyms)
        suggestion = matching.suggestion(req.text, near)
        if near:  # unknown words are searched by their near spellings
            used_fuzzy = True
            groups = matching.respelled(groups, near)
        matched, _every_word = matching.match(bits, groups)
        groups = [g for g in groups if g.prefer or matching.group_bits(bits, g)]
        matched &= bits.live

    active = _filters(bits, req, open_bits)
    allowed = matched
    for value in active.values():
        allowed &= value
    documents = allowed.bit_count()
    count = bits.count_partners
    total = count(allowed) if documents else 0

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
            counts = {v: count(mask & b) for v, b in bits.values(VALUE_FACETS[facet]).items()}
            facets[facet] = {v: n for v, n in sorted(counts.items()) if n}
        else:
            yes = count(mask & bits.term(facet, "1"))
            facets[facet] = {"true": yes, "false": count(mask) - yes}

    start = (req.page - 1) * req.per_page
    wanted = start + req.per_page
    ranked: list[tuple[float, int, list[int]]] = []  # (score, partner, documents best first)
    if total and start < total:
        if req.sort == "distance":
            ranked = ranking.by_distance(bits, allowed, req.origin, wanted)
        elif groups:
            ranked = ranking.by_relevance(bits, groups, allowed, documents, wanted)
        else:
            ranked = ranking.in_directory_order(bits, allowed, documents, wanted)
    hits = []
    for score, partner, docs in ranked[start:wanted]:
        distance = ranking.nearest_km(bits, docs, req.origin) if req.origin else None
        hits.append(Hit(partner, [bits.service_of(d) for d in docs], round(score, 4), distance))
    result = SearchResult(
        hits=hits,
        total=total,
        pages=math.ceil(total / req.per_page),
        facets=facets,
        suggestion=suggestion,
        used_fuzzy=used_fuzzy,
        expanded=tuple(expanded),
    )
    return Outcome(result, open_mask, count)
