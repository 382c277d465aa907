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
from portal.search.core import languages

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
# Wishes rather than words: "gratuit" ranks free services first but is never required in a text.
PREFERENCES = {"prefer:free": ("free", "1")}


@dataclass(frozen=True)
class Expansion:
    """What one synonym rule adds to a query."""

    source: str  # the words of the rule's left side that matched, for display
    terms: tuple[str, ...]  # stemmed words
    taxonomy: tuple[tuple[str, str], ...]  # (field, slug) pairs
    shown: tuple[str, ...] = ()  # the right side's words as written, for display
    prefer: tuple[tuple[str, str], ...] = ()  # (field, value) pairs ranked first, never required


@dataclass(frozen=True)
class Synonyms:
    """Curated rules ``words people say => words of the directory [need:slug] [subneed:slug]``."""

    version: str
    rules: dict[tuple[str, ...], Expansion]
    longest: int
    language: str = "fr"  # the language queries are typed in (see `languages.prepare`)
    vocabulary: frozenset[str] = frozenset()  # the words of this language's left sides
    known: frozenset[str] = frozenset()  # every word of every left side, French included

    def match(self, tokens: Sequence[str], start: int) -> tuple[int, Expansion] | None:
        """The longest rule whose left side starts at tokens[start], as (length, expansion)."""
        for size in range(min(self.longest, len(tokens) - start), 0, -1):
            rule = self.rules.get(tuple(tokens[start : start + size]))
            if rule is not None:
                return size, rule
        return None

    def prepare(self, text: str) -> str:
        """A query made ready for the French chain, as the left sides were (see `languages`)."""
        return languages.prepare(text, self.language, self.vocabulary, self.known)


def _rule_lines(text: str):
    """(line number, raw line, left side, right side) of each rule; the version line apart."""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#"):
            continue
        line = line.split(" #", 1)[0].strip()
        if not line:
            continue
        if "=>" not in line:
            raise ValueError(f"synonyms line {number}: missing '=>': {raw!r}")
        left, right = (part.strip() for part in line.split("=>", 1))
        yield left, right


def _version(text: str) -> str:
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#") and line[1:].strip().lower().startswith("version:"):
            return line.split(":", 1)[1].strip()
    return "unversioned"


def _left_words(phrase: str, language: str) -> list[str]:
    if language == "en":
        return languages.english_words(phrase)
    if language == "ar":
        return languages.arabic_words(phrase)
    return list(words(phrase))


def parse_synonyms(text: str, language: str = "fr") -> Synonyms:
    """Read the synonyms file format (see the comments at the top of synonyms.txt); the left
    sides of a file in another language are read as queries in that language are."""
    lines = list(_rule_lines(text))
    vocabulary = frozenset(
        word for left, _right in lines for phrase in left.split(",")
        for word in _left_words(phrase, language))
    rules: dict[tuple[str, ...], Expansion] = {}
    for left, right in lines:
        terms: list[str] = []
        taxonomy: list[tuple[str, str]] = []
        shown: list[str] = []
        prefer: list[tuple[str, str]] = []
        for word in right.split():
            prefix = next((p for p in TAXONOMY_PREFIXES if word.startswith(p)), None)
            if prefix:
                taxonomy.append((TAXONOMY_PREFIXES[prefix], word[len(prefix) :]))
            elif word in PREFERENCES:
                prefer.append(PREFERENCES[word])
            elif word.startswith("prefer:"):
                raise ValueError(f"synonyms: unknown preference {word!r}")
            else:
                shown.append(word)
                terms.extend(t for t in stems(word) if t not in terms)
        for phrase in left.split(","):
            key = stems(languages.prepare(phrase.strip(), language, vocabulary, vocabulary))
            if not key:
                continue
            old = rules.get(key) or Expansion("", (), ())
            rules[key] = Expansion(
                old.source or phrase.strip(),  # the first way of saying it, for display
                tuple(dict.fromkeys(old.terms + tuple(terms))),
                tuple(dict.fromkeys(old.taxonomy + tuple(taxonomy))),
                tuple(dict.fromkeys(old.shown + tuple(shown))),
                tuple(dict.fromkeys(old.prefer + tuple(prefer))),
            )
    longest = max((len(k) for k in rules), default=1)
    return Synonyms(_version(text), rules, longest, language, vocabulary, vocabulary)


_synonyms_cache: dict[tuple[str, str], tuple[tuple[int, int], Synonyms]] = {}
_absent: dict[str, Synonyms] = {}


def load_synonyms(path: str | Path, language: str = "fr") -> Synonyms:
    """The rules of a synonyms file, re-read whenever the file changes (no restart needed)."""
    path = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:  # the same object each time, so that cached results stay valid
        return _absent.setdefault(language, Synonyms("absent", {}, 1, language))
    key = (st.st_mtime_ns, st.st_size)
    cached = _synonyms_cache.get((path, language))
    if cached is None or cached[0] != key:
        with open(path, encoding="utf-8") as handle:
            cached = (key, parse_synonyms(handle.read(), language))
        _synonyms_cache[(path, language)] = cached
    return cached[1]


_combined_cache: dict[str, tuple[Synonyms, Synonyms, Synonyms]] = {}


def combined(french: Synonyms, own: Synonyms) -> Synonyms:
    """The French rules (a French word typed on any page still works) with the rules of the
    page's language on top: on the same words, the page's language wins.

    The same pair gives the same object, so that results cached per synonyms stay valid.
    """
    cached = _combined_cache.get(own.language)
    if cached and cached[0] is french and cached[1] is own:
        return cached[2]
    merged = Synonyms(
        f"{french.version}+{own.language}:{own.version}",
        {**french.rules, **own.rules},
        max(french.longest, own.longest),
        own.language,
        own.vocabulary,
        own.vocabulary | french.vocabulary,
    )
    _combined_cache[own.language] = (french, own, merged)
    return merged
