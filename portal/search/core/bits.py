"""One open searcher and the bitsets derived from it (one bit per document, in a Python int).

Everything here is valid for one index generation only: document numbers change when the
index changes, so a new ``Bits`` is built each time the engine reopens the searcher.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from datetime import datetime

from whoosh.reading import TermNotFound
from whoosh.support.levenshtein import damerau_levenshtein

from portal.search.core.partners import PartnerRuns
from portal.search.core.schema import GEO_SCALE

_MASKS = tuple(1 << i for i in range(8))
_POSITIONS = tuple(tuple(j for j in range(8) if byte >> j & 1) for byte in range(256))
TERM_CACHE = 4000


class Bits:
    """A searcher with cached per-term and per-value document bitsets."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        reader = searcher.reader()
        self.reader = reader
        self.size = reader.doc_count_all()
        self.nbytes = max(1, (self.size + 7) // 8)
        self.live = self.from_ids(reader.all_doc_ids())
        self.partners = self._column("partner", lambda v: int(v) if v else 0)
        self._points: list[tuple[tuple[float, float], ...]] | None = None
        self._runs: PartnerRuns | None = None
        self._partner_docs: dict[int, list[int]] | None = None
        self._order_keys: list[str] | None = None
        self._services: dict[int, int] = {}
        self._terms: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._frequencies: dict[tuple[str, str], int] = {}
        self._values: dict[str, dict[str, int]] = {}
        self._near: dict[str, list[str]] = {}
        self._order: list[int] | None = None
        self._open: tuple[int, int] | None = None

    def close(self) -> None:
        self.searcher.close()

    def _column(self, fieldname: str, convert) -> list:
        if not self.size or not self.reader.has_column(fieldname):
            return [None] * self.size
        return [convert(v) for v in self.reader.column_reader(fieldname)]

    # -- bitsets ----------------------------------------------------------------------------------

    def from_ids(self, ids) -> int:
        data = bytearray(self.nbytes)
        for docnum in ids:
            data[docnum >> 3] |= _MASKS[docnum & 7]
        return int.from_bytes(data, "little")

    def members(self, bits: int):
        """The document numbers of a bitset, in increasing order."""
        data = bits.to_bytes(self.nbytes, "little")
        for i, byte in enumerate(data):
            if byte:
                base = i << 3
                for j in _POSITIONS[byte]:
                    yield base + j

    def term(self, fieldname: str, text: str) -> int:
        """Documents containing a term (cached, least recently used dropped first)."""
        key = (fieldname, text)
        found = self._terms.get(key)
        if found is not None:
            self._terms.move_to_end(key)
            return found
        try:
            found = self.from_ids(self.reader.postings(fieldname, text).all_ids())
        except TermNotFound:
            found = 0
        self._terms[key] = found
        if len(self._terms) > TERM_CACHE:
            self._terms.popitem(last=False)
        return found

    def frequency(self, fieldname: str, text: str) -> int:
        key = (fieldname, text)
        found = self._frequencies.get(key)
        if found is None:
            found = self._frequencies[key] = self.reader.doc_frequency(fieldname, text)
        return found

    def values(self, fieldname: str) -> dict[str, int]:
        """Every value of a keyword field with its documents (for facet counts)."""
        found = self._values.get(fieldname)
        if found is None:
            found = {value: self.term(fieldname, value) for value in self.reader.field_terms(fieldname)}
            self._values[fieldname] = found
        return found

    def open_docs(self, provider, at: datetime, minute: int) -> int:
        """Documents whose partner is open at `at` (recomputed once a minute)."""
        if self._open is None or self._open[0] != minute:
            open_ids = provider(at)
            partners = self.partners
            docs = (d for d in range(self.size) if partners[d] in open_ids)
            self._open = (minute, self.from_ids(docs) & self.live)
        return self._open[1]

    # -- documents ------------------------------------------------------------------------------

    def partner_of(self, docnum: int) -> int:
        return self.partners[docnum]

    def service_of(self, docnum: int) -> int:
        found = self._services.get(docnum)
        if found is None:
            found = self._services[docnum] = int(self.searcher.stored_fields(docnum)["service_id"])
        return found

    @property
    def points(self) -> list[tuple[tuple[float, float], ...]]:
        """Each document's places as (lat, lon) in degrees; () when given only at a distance
        (read when first needed: only distances use them)."""
        if self._points is None:
            self._points = self._column("points", _points)
        return self._points

    def docs_of(self, partner: int) -> list[int]:
        """Every live document of a partner."""
        if self._partner_docs is None:
            found: dict[int, list[int]] = {}
            for docnum in self.members(self.live):
                found.setdefault(self.partners[docnum], []).append(docnum)
            self._partner_docs = found
        return self._partner_docs.get(partner, [])

    def count_partners(self, bits: int) -> int:
        """How many partners have at least one document in a bitset (a few big-int operations)."""
        if self._runs is None:
            self._runs = PartnerRuns(self)
        return self._runs.count(bits)

    def order_key(self, docnum: int) -> str:
        """Where a document stands in directory order (partner name, position)."""
        if self._order_keys is None:
            self._order_keys = self._column("order", lambda v: v or "")
        return self._order_keys[docnum]

    def contains(self, bits: int):
        """A function docnum -> whether it is in the bitset (each test is O(1))."""
        data = bits.to_bytes(self.nbytes, "little")
        return lambda docnum: bool(data[docnum >> 3] & _MASKS[docnum & 7])

    def in_order(self, bits: int, wanted: int) -> list[int]:
        """The first `wanted` documents of a bitset in directory order (partner name, position)."""
        if self._order is None:
            self._order = sorted(self.members(self.live), key=self.order_key)
        data = bits.to_bytes(self.nbytes, "little")
        out = []
        for docnum in self._order:
            if data[docnum >> 3] & _MASKS[docnum & 7]:
                out.append(docnum)
                if len(out) == wanted:
                    break
        return out

    def idf(self, fieldname: str, text: str) -> float:
        """BM25's inverse document frequency of a term in a field."""
        df = self.frequency(fieldname, text)
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))


    def near_words(self, word: str) -> list[str]:
        """Indexed words within 1 (2 for long words) edits of `word`, closest and commonest first."""
        found = self._near.get(word)
        if found is None:
            found = []
            if len(word) >= 4 and not word.isdigit():
                maxdist = 1 if len(word) <= 7 else 2
                scored = []
                for candidate in self.reader.terms_within("fuzzy_text", word, maxdist, prefix=1):
                    distance = damerau_levenshtein(word, candidate)
                    scored.append((distance, -self.frequency("fuzzy_text", candidate), candidate))
                found = [c for _d, _f, c in sorted(scored)[:8]]
            self._near[word] = found
        return found


def _points(value) -> tuple[tuple[float, float], ...]:
    if not value:
        return ()
    pairs = (pair.split() for pair in value.decode("ascii").split(";"))
    return tuple((int(lat) / GEO_SCALE, int(lon) / GEO_SCALE) for lat, lon in pairs)


class Scores:
    """Integer scores of every document at once, as a bit-sliced sum of weighted bitsets.

    Slice i holds bit i of each document's score: adding a weight to the documents of a bitset
    is a handful of big-int ANDs and XORs (a ripple-carry adder run on all documents in
    parallel), and the top k are found slice by slice from the most significant bit, so
    scoring costs the same for 10 or 10,000 matching documents.
    """

    def __init__(self, bits: Bits, allowed: int) -> None:
        self.bits = bits
        self.allowed = allowed
        self.slices: list[int] = []

    def add(self, docs: int, weight: int) -> None:
        docs &= self.allowed
        if not docs or weight <= 0:
            return
        slices = self.slices
        position = 0
        while weight:
            if weight & 1:
                carry, i = docs, position
                while carry:
                    while i >= len(slices):
                        slices.append(0)
                    overflow = slices[i] & carry
                    slices[i] ^= carry
                    carry, i = overflow, i + 1
            weight >>= 1
            position += 1

    def score_of(self, docnum: int) -> int:
        return sum(1 << i for i, s in enumerate(self.slices) if s >> docnum & 1)

    def scorer(self):
        """A function docnum -> score, for looking up many documents (each lookup is O(1))."""
        layers = [(1 << i, s.to_bytes(self.bits.nbytes, "little")) for i, s in enumerate(self.slices)]

        def score(docnum: int) -> int:
            byte, bit = docnum >> 3, _MASKS[docnum & 7]
            return sum(weight for weight, layer in layers if layer[byte] & bit)

        return score

    def top(self, k: int) -> list[tuple[int, int]]:
        """The k best (score, docnum), best first (ties by document number)."""
        sure, tied = 0, self.allowed
        for layer in reversed(self.slices):
            candidate = sure | (tied & layer)
            n = candidate.bit_count()
            if n > k:
                tied &= layer
            elif n < k:
                sure, tied = candidate, tied & ~layer
            else:
                sure, tied = candidate, 0
                break
        chosen = list(self.bits.members(sure))
        if len(chosen) < k and tied:
            for docnum in self.bits.members(tied):
                chosen.append(docnum)
                if len(chosen) == k:
                    break
        scored = [(self.score_of(d), d) for d in chosen]
        scored.sort(key=lambda item: (-item[0], item[1]))
        return scored
