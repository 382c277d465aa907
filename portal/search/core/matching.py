"""Query analysis: the words of a query, their synonyms and near spellings, and what they match."""

from __future__ import annotations

from dataclasses import dataclass, field

from portal.search.core.analysis import Synonyms, stems, words
from portal.search.core.bits import Bits

MIN_ALL_WORDS = 3  # fewer results than this with every word: let any word match
EXPANSION_WEIGHT = 0.8  # a synonym counts a bit less than the word typed
FUZZY_WEIGHT = 0.7  # so does a near spelling of a word the index does not know


@dataclass
class Group:
    """One word (or synonym phrase) of the query: its words together, or any synonym, satisfy it."""

    word: str  # folded, as typed
    phrase: tuple[str, ...] = ()  # stems that must all be present (one for a single word)
    terms: dict[str, float] = field(default_factory=dict)  # alternative stems -> weight
    taxonomy: tuple[tuple[str, str], ...] = ()
    known: bool = True
    prefer: tuple[tuple[str, str], ...] = ()  # ranked first when present, never required


@dataclass(frozen=True)
class Widening:
    """What a synonym added to one word of the query, for the "we also searched" line: the
    words as a person wrote them, and the needs it led to (labels are the page's business)."""

    word: str
    words: tuple[str, ...]
    taxonomy: tuple[tuple[str, str], ...]
    prefer: tuple[tuple[str, str], ...]

    def __str__(self) -> str:
        return f"{self.word} → {', '.join(self.words)}" if self.words else self.word


def word_groups(text: str, synonyms: Synonyms) -> tuple[list[Group], list[Widening]]:
    """Split the text into word groups, with the synonyms each word or phrase brings."""
    text = synonyms.prepare(text)
    tokens = list(stems(text))
    folded = list(words(text))
    if len(folded) != len(tokens):  # stemming never drops a word, but be safe
        folded = tokens
    groups: list[Group] = []
    expanded: list[Widening] = []
    i = 0
    while i < len(tokens):
        matched = synonyms.match(tokens, i)
        size = matched[0] if matched else 1
        group = Group(word=" ".join(folded[i : i + size]), phrase=tuple(tokens[i : i + size]))
        if matched:
            rule = matched[1]
            group.terms = {t: EXPANSION_WEIGHT for t in rule.terms if (t,) != group.phrase}
            group.taxonomy = rule.taxonomy
            group.prefer = rule.prefer
            if rule.prefer and not rule.terms and not rule.taxonomy:
                group.phrase = ()  # "gratuit" is a wish about the results, not a word to find
            # Arabic is shown as the file writes it, not folded ("ة", not "ه").
            said = rule.source if synonyms.language == "ar" else group.word
            expanded.append(Widening(said, rule.shown, rule.taxonomy, rule.prefer))
        groups.append(group)
        i += size
    return groups, expanded


def group_bits(bits: Bits, group: Group) -> int:
    """Documents that satisfy one group."""
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


def match(bits: Bits, groups: list[Group]) -> tuple[int, bool]:
    """Documents matching the groups: all of them if enough, else any. Returns (bits, all?)."""
    if groups and not any(g.phrase or g.terms or g.taxonomy for g in groups):
        return bits.live, True  # only wishes ("gratuit"): every document, the wished first
    per_group = [b for b in (group_bits(bits, g) for g in groups) if b]
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


def spelling(bits: Bits, groups: list[Group], synonyms: Synonyms) -> dict[str, list[str]]:
    """Near words (best first) of each word that the index and the synonyms do not know."""
    near: dict[str, list[str]] = {}
    for group in groups:
        if " " in group.word or group.taxonomy or group.prefer or group_bits(bits, group):
            continue
        group.known = False
        candidates = bits.near_words(group.word)
        if candidates:
            near[group.word] = candidates
    return near


def suggestion(text: str, near: dict[str, list[str]]) -> str | None:
    """The query with each unknown word replaced by its closest spelling, if that changes it."""
    if not near:
        return None
    out = []
    for token in text.split():
        key = words(token)
        out.append(near[key[0]][0] if len(key) == 1 and key[0] in near else token)
    suggested = " ".join(out)
    return suggested if suggested != text.strip() else None


def respelled(groups: list[Group], near: dict[str, list[str]]) -> list[Group]:
    """The groups, each unknown word searched by its near spellings instead."""
    return [g if g.word not in near else
            Group(g.word, (), dict.fromkeys(_near_stems(near[g.word]), FUZZY_WEIGHT))
            for g in groups]


def _near_stems(candidates) -> list[str]:
    out: list[str] = []
    for word in candidates:
        for stem in stems(word):
            if stem not in out:
                out.append(stem)
    return out
