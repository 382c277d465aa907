"""A query typed in English or Arabic, made ready for the French chain of `analysis`.

The listings are written in French; what a person types on the English or Arabic pages is
matched through the synonyms file of that language. Before its words are looked up, a query
is normalised the same way as the left sides of that file's rules:
- English: lower case, possessives dropped ("women's" -> "women"), a short list of words that
  carry no need ("where", "can", "help") removed, and a near spelling of a word of the
  synonyms file taken when the word typed is unknown ("lawer" -> "lawyer").
- Arabic: short vowels and tatweel removed, alef forms unified, taa marbuta and alef maqsura
  folded; the article and the prefixes wa-, bi-, li-, fa- removed when what remains is a
  word of the synonyms file ("بالطعام" -> "طعام").
French text goes through unchanged: the French chain does its own work.
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.support.levenshtein import damerau_levenshtein

_WORD = re.compile(r"\w+")

# Words that say nothing about the need: dropped from English queries.
ENGLISH_STOP_WORDS = frozenset(
    """
a an the i im me my mine we our you your he she his her it its they them their
is am are was were be been being do does did doing have has had having will would shall should
can could may might must to of in on at for with from by about into onto near nearby around
and or but so if then than too very just also any some someone somebody something somewhere
anyone anybody anything anywhere this that these those there here where what which who whom
how when why please pls plz help helps helping need needs needed want wants wanted wanna
looking look find finding get getting got give giving go going gonna know like lille city
place places service services support today now
""".split()
)

ARABIC_STOP_WORDS = frozenset(
    "في من الى على عن مع انا انت نحن هو هي هل اين وين فين كيف ماذا شو ابحث ابغى بغيت اريد بدي احتاج "
    "محتاج ممكن لو سمحت من فضلك لي عندي يوجد هناك مكان اماكن مساعده مساعدات".split()
)

_TASHKEEL = re.compile(r"[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
# The article and one-letter prefixes, longest first: "وبال" is tried before "ال".
_ARABIC_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "ولل", "لل", "ال", "و", "ب", "ل", "ف", "ك")


def fold_arabic(text: str) -> str:
    """Arabic text without short vowels or tatweel, with one alef, ه for ة and ي for ى."""
    return _TASHKEEL.sub("", text).translate(_ARABIC_LETTERS)


def english_words(text: str) -> list[str]:
    """The words of an English text that may name a need, lower case, possessives dropped."""
    text = text.lower().replace("’", "'")
    text = re.sub(r"(\w)'s\b", r"\1", text)
    text = text.replace("'", " ")
    return [w for w in _WORD.findall(text) if w not in ENGLISH_STOP_WORDS]


def arabic_words(text: str) -> list[str]:
    """The folded words of an Arabic text, without the words that carry no need."""
    return [w for w in _WORD.findall(fold_arabic(text).lower()) if w not in ARABIC_STOP_WORDS]


def _without_prefix(word: str, vocabulary: frozenset[str]) -> str:
    """The word with its article or prefix removed when what remains is known ("الطعام" ->
    "طعام"); the synonyms file is read the same way, so both sides always agree."""
    for prefix in _ARABIC_PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 2 and rest in vocabulary:
            return rest
    return word


@lru_cache(maxsize=4096)
def closest(word: str, vocabulary: frozenset[str]) -> str | None:
    """The one word of the vocabulary within 1 edit (2 for long words) of `word`, if any."""
    if len(word) < 4 or word.isdigit():
        return None
    limit = 1 if len(word) < 8 else 2
    best: list[tuple[int, str]] = []
    for candidate in vocabulary:
        if abs(len(candidate) - len(word)) > limit or candidate[:1] != word[:1]:
            continue
        distance = damerau_levenshtein(word, candidate)
        if distance <= limit:
            best.append((distance, candidate))
    best.sort()
    if not best or (len(best) > 1 and best[0][0] == best[1][0]):
        return None  # nothing near, or two words as near: better not guess
    return best[0][1]


def prepare(
    text: str, language: str, vocabulary: frozenset[str] = frozenset(), known: frozenset[str] = frozenset()
) -> str:
    """The query in the form the synonyms of `language` were read in.

    `vocabulary` holds the words of that language's rules, `known` every word of every rule
    (French included): a known word is never respelled.
    """
    if language == "en":
        found = english_words(text)
    elif language == "ar":
        found = [_without_prefix(w, vocabulary) for w in arabic_words(text)]
    else:
        return text
    out = []
    for word in found:
        if word not in known and word not in vocabulary:
            word = closest(word, vocabulary) or word
        out.append(word)
    return " ".join(out)
