"""Small text helpers shared by the directory, the seed loaders and the demo generator."""

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "’": "'"})


def fold(text: str) -> str:
    """Lowercase text with accents removed ("Église Saint-Étienne" -> "eglise saint-etienne")."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return stripped.lower()


def slugify(text: str, max_length: int = 80) -> str:
    """Lowercase ASCII kebab-case ("Faubourg de Béthune" -> "faubourg-de-bethune").

    The result is cut on a word boundary when it is longer than max_length.
    """
    folded = fold(text).encode("ascii", "ignore").decode("ascii")
    slug = _NON_ALNUM.sub("-", folded).strip("-")
    if max_length and len(slug) > max_length:
        cut = slug[:max_length]
        if slug[max_length] != "-" and "-" in cut:
            cut = cut.rsplit("-", 1)[0]
        slug = cut.strip("-")
    return slug
