"""Ranking: field-weighted scores, partner diversity, and the nearest-first order."""

from __future__ import annotations

import heapq
import math

from portal.search.core.bits import Bits, Scores
from portal.search.core.matching import Group
from portal.search.core.schema import TEXT_FIELDS

PARTNER_DECAY = 0.6
TAXONOMY_BOOSTS = {"need": 3.0, "subneed_slug": 4.0}
SCORE_SCALE = 8  # scores are integers: weights are rounded to 1/8


def _scores(bits: Bits, groups: list[Group], allowed: int) -> Scores:
    """Field-weighted scores: each (field, term) a document contains adds boost x idf.

    BM25F without term frequency and length normalisation, which matter little on short
    listings; in exchange every matching document is scored at once with bitsets (see Scores).
    """
    scores = Scores(bits, allowed)
    for group in groups:
        weighted = [(t, 1.0) for t in group.phrase] + list(group.terms.items())
        for term, weight in weighted:
            for fieldname, boost in TEXT_FIELDS.items():
                if bits.frequency(fieldname, term):
                    w = boost * weight * bits.idf(fieldname, term)
                    scores.add(bits.term(fieldname, term), round(w * SCORE_SCALE))
        for fieldname, slug in group.taxonomy:
            if bits.frequency(fieldname, slug):
                w = TAXONOMY_BOOSTS[fieldname] * bits.idf(fieldname, slug)
                scores.add(bits.term(fieldname, slug), round(w * SCORE_SCALE))
    return scores


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


def by_relevance(bits: Bits, groups: list[Group], allowed: int, total: int, wanted: int):
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


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def by_distance(bits: Bits, allowed: int, origin: tuple[float, float], wanted: int):
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
