"""The shape of an index document: its fields, their boosts, how coordinates are stored."""

from __future__ import annotations

from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema

# Raised whenever documents change shape: an index written under another version is rebuilt
# from the database before it answers (see `store.generations.schema_version`).
# 2: every place of a service (its points, its quartiers) instead of the partner's address.
# 3: fees and "À apporter" no longer in the matched text.
SCHEMA_VERSION = 3

GEO_SCALE = 1_000_000  # coordinates are stored as integers (micro-degrees)

# Scored text fields and their query-time boosts: a name or sub-need match beats a word deep
# in a description.
TEXT_FIELDS = {
    "partner_name": 3.0,
    "service_name": 2.5,
    "subneed": 3.0,
    "need_text": 1.5,
    "body": 1.0,
    "facts": 0.8,
    "presentation": 0.5,  # the partner's own words, shared by all its services
}


def make_schema() -> Schema:
    """Text arrives already analyzed (see `store.documents.build_document`): the fields only
    split on spaces.

    Analysis happens once per distinct text, through the cached French chain of
    `core.analysis`; queries use the same chain, so both sides always agree.
    """
    pre = SpaceSeparatedTokenizer()
    text = {name: TEXT(analyzer=pre, phrase=False) for name in TEXT_FIELDS}
    # Scorable only so that Whoosh keeps field lengths: without them its segment writer stats a
    # file for every posting, which makes building the index several times slower.
    unscored = {"lowercase": False, "commas": False, "scorable": True}
    return Schema(
        service_id=ID(stored=True, unique=True),
        partner=ID(stored=True, sortable=True),
        # Every stem of the texts above, once: what matches (scoring uses the fields above).
        all=KEYWORD(**unscored),
        # Unstemmed folded words: the vocabulary of fuzzy matching and "did you mean".
        fuzzy_text=KEYWORD(**unscored),
        need=KEYWORD(commas=True, scorable=True),
        subneed_slug=KEYWORD(commas=True, scorable=True),
        # Every quartier the service is given in (its places'), not only the partner's.
        quartier=KEYWORD(commas=True, scorable=True),
        audience=KEYWORD(commas=True, scorable=True),
        language=KEYWORD(commas=True, scorable=True),
        free=ID,
        walk_in=ID,
        # "lat lon;lat lon…" in micro-degrees: each place of the service (empty: remote only).
        points=COLUMN(VarBytesColumn()),
        order=ID(sortable=True),
        stamp=STORED,
        **text,
    )
