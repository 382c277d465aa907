"""The French analyzers of the search index.

Order matters: accents are folded BEFORE stemming, so that "mobilité" and "mobilite" give the
same stem; the stop list is folded too and completed with "les", which Whoosh's list lacks.
Two chains share everything but the stemmer: the stemmed one feeds the scored fields, the
unstemmed one feeds the field used for typo-tolerant (fuzzy) matching and spelling suggestions.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.lang import stopwords_for_language

from portal.directory.text import fold

# Words with inner apostrophes stay whole ("l'hébergement"), so that the elision filter sees them.
_TOKEN = r"\w+(?:['’]\w+)*"
_ELISION = re.compile(r"^(?:l|d|qu|j|n|s|c|m|t|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)

STOP_WORDS = frozenset(fold(word) for word in stopwords_for_language("fr")) | {"les"}


class ElisionFilter(Filter):
    """Drop an elided article or pronoun in front of a word: "l'aide" -> "aide", "qu'il" -> "il"."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = _ELISION.sub("", token.text)
            if token.text:
                yield token


class FoldFilter(Filter):
    """Remove accents and expand ligatures ("Œuvre sociale" -> "oeuvre sociale")."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = fold(token.text)
            yield token


def _base():
    return (
        RegexTokenizer(_TOKEN)
        | LowercaseFilter()
        | ElisionFilter()
        | FoldFilter()
        | StopFilter(stoplist=STOP_WORDS, minsize=2)
    )


def french_analyzer():
    """Lower case, elision, accent folding, stop words, then French stemming."""
    return _base() | StemFilter(lang="fr", cachesize=50000)


def folded_analyzer():
    """The same chain without stemming, for fuzzy matching and the suggestion vocabulary."""
    return _base()


_STEMMED = french_analyzer()
_FOLDED = folded_analyzer()


@lru_cache(maxsize=20000)
def stems(text: str) -> tuple[str, ...]:
    """The index terms of a text, as the scored fields store them."""
    return tuple(token.text for token in _STEMMED(text))


@lru_cache(maxsize=20000)
def words(text: str) -> tuple[str, ...]:
    """The folded, unstemmed words of a text, without stop words."""
    return tuple(token.text for token in _FOLDED(text))


# -- synonyms ------------------------------------------------------------------------------------

TAXONOMY_PREFIXES = {"need:": "need", "subneed:": "subneed_slug"}


@dataclass(frozen=True)
class Expansion:
    """What one synonym rule adds to a query."""

    source: str  # the words of the rule's left side that matched, for display
    terms: tuple[str, ...]  # stemmed words
    taxonomy: tuple[tuple[str, str], ...]  # (field, slug) pairs


@dataclass(frozen=True)
class Synonyms:
    """Curated rules ``words people say => words of the directory [need:slug] [subneed:slug]``."""

    version: str
    rules: dict[tuple[str, ...], Expansion]
    longest: int

    def match(self, tokens: Sequence[str], start: int) -> tuple[int, Expansion] | None:
        """The longest rule whose left side starts at tokens[start], as (length, expansion)."""
        for size in range(min(self.longest, len(tokens) - start), 0, -1):
            rule = self.rules.get(tuple(tokens[start : start + size]))
            if rule is not None:
                return size, rule
        return None


def parse_synonyms(text: str) -> Synonyms:
    """Read the synonyms file format (see the comments at the top of synonyms.txt)."""
    version = "unversioned"
    rules: dict[tuple[str, ...], Expansion] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#"):
            if line[1:].strip().lower().startswith("version:"):
                version = line.split(":", 1)[1].strip()
            continue
        line = line.split(" #", 1)[0].strip()
        if not line:
            continue
        if "=>" not in line:
            raise ValueError(f"synonyms line {number}: missing '=>': {raw!r}")
        left, right = (part.strip() for part in line.split("=>", 1))
        terms: list[str] = []
        taxonomy: list[tuple[str, str]] = []
        for word in right.split():
            prefix = next((p for p in TAXONOMY_PREFIXES if word.startswith(p)), None)
            if prefix:
                taxonomy.append((TAXONOMY_PREFIXES[prefix], word[len(prefix) :]))
            else:
                terms.extend(t for t in stems(word) if t not in terms)
        for phrase in left.split(","):
            key = stems(phrase.strip())
            if not key:
                continue
            existing = rules.get(key)
            merged_terms = tuple(dict.fromkeys((existing.terms if existing else ()) + tuple(terms)))
            merged_tax = tuple(dict.fromkeys((existing.taxonomy if existing else ()) + tuple(taxonomy)))
            rules[key] = Expansion(phrase.strip(), merged_terms, merged_tax)
    return Synonyms(version, rules, max((len(k) for k in rules), default=1))


_synonyms_cache: dict[str, tuple[tuple[int, int], Synonyms]] = {}


def load_synonyms(path: str | Path) -> Synonyms:
    """The rules of a synonyms file, re-read whenever the file changes (no restart needed)."""
    path = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return Synonyms("absent", {}, 1)
    key = (st.st_mtime_ns, st.st_size)
    cached = _synonyms_cache.get(path)
    if cached is None or cached[0] != key:
        with open(path, encoding="utf-8") as handle:
            cached = (key, parse_synonyms(handle.read()))
        _synonyms_cache[path] = cached
    return cached[1]
