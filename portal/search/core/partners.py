"""Counting partners, not documents, in a bitset of documents (one document per service)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from portal.search.core.bits import Bits


class PartnerRuns:
    """A partner's documents are written side by side (see `store.index.apply_changes`): a run is
    a stretch of neighbouring documents of one partner, deleted documents joining the run before
    them. Adding a run's all-ones to its bits carries out of the run exactly when one of its bits
    is set; runs are taken one in two so that a carry lands in an empty neighbour. A partner whose
    documents lie in several runs (an index written otherwise) is corrected one by one."""

    def __init__(self, bits: Bits) -> None:
        size = bits.size
        starts: list[int] = []
        owners: list[int] = []
        for docnum in bits.members(bits.live):
            partner = bits.partners[docnum]
            if not owners or owners[-1] != partner:
                starts.append(docnum)
                owners.append(partner)
        ends = [*starts[1:], size][: len(starts)]  # one past the end of each run
        fills = [bytearray(b"0" * (size + 1)) for _ in range(2)]
        carries = [bytearray(b"0" * (size + 1)) for _ in range(2)]
        for r, (start, end) in enumerate(zip(starts, ends, strict=True)):
            fills[r & 1][start:end] = b"1" * (end - start)
            carries[r & 1][end] = 0x31
        self.fills = [int(f[::-1], 2) for f in fills]
        self.carries = [int(c[::-1], 2) for c in carries]
        by_partner: dict[int, list[tuple[int, int]]] = {}
        for start, end, partner in zip(starts, ends, owners, strict=True):
            by_partner.setdefault(partner, []).append((start, end))
        self.split = [[((1 << end) - 1) ^ ((1 << start) - 1) for start, end in runs]
                      for runs in by_partner.values() if len(runs) > 1]

    def count(self, bits: int) -> int:
        """How many partners have a document in `bits` (live documents only)."""
        hit = 0
        for fill, carry in zip(self.fills, self.carries, strict=True):
            hit += (((bits & fill) + fill) & carry).bit_count()
        for masks in self.split:
            touched = sum(1 for mask in masks if bits & mask)
            if touched > 1:
                hit -= touched - 1
        return hit
