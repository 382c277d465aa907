"""The search form: read from the query string, checked, never trusted."""

from __future__ import annotations

from dataclasses import dataclass, field

from werkzeug.datastructures import MultiDict

from portal.directory.constants import AUDIENCES, LANGUAGES
from portal.i18n import _
from portal.pagination import parse_page

MAX_TEXT = 200


@dataclass
class SearchForm:
    """What the person asked, plus a message per field that could not be used."""

    q: str = ""
    need: str = ""
    quartier: str = ""
    open_now: bool = False
    free: bool = False
    walk_in: bool = False
    audience: str = ""
    language: str = ""
    address: str = ""
    address_label: str = ""
    sort: str = "relevance"
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def filters(self) -> dict:
        """The filters in force, for the log and the links (empty values left out)."""
        values = {"need": self.need, "quartier": self.quartier, "audience": self.audience,
                  "language": self.language, "open_now": self.open_now, "free": self.free,
                  "walk_in": self.walk_in, "sort": self.sort if self.sort != "relevance" else ""}
        return {k: v for k, v in values.items() if v}

    @property
    def is_empty(self) -> bool:
        return not self.q and not self.filters and not self.address

    def args(self, **changes) -> dict:
        """Query-string arguments of this search, with some changed (for links)."""
        values = {"q": self.q, "besoin": self.need, "quartier": self.quartier,
                  "public": self.audience, "langue": self.language, "adresse": self.address,
                  "ouvert": "1" if self.open_now else "", "gratuit": "1" if self.free else "",
                  "sans_rdv": "1" if self.walk_in else "",
                  "tri": "distance" if self.sort == "distance" else ""}
        values.update(changes)
        return {k: v for k, v in values.items() if v not in ("", None, False)}


def read_form(args: MultiDict, need_slugs: set[str], quartier_slugs: set[str]) -> SearchForm:
    """Parse the query string; a value that cannot be used is dropped with a message."""
    form = SearchForm(
        q=" ".join(args.get("q", "").split())[:MAX_TEXT],
        address=" ".join(args.get("adresse", "").split())[:MAX_TEXT],
        open_now=args.get("ouvert") == "1",
        free=args.get("gratuit") == "1",
        walk_in=args.get("sans_rdv") == "1",
        sort="distance" if args.get("tri") == "distance" else "relevance",
    )
    checks = (
        ("need", "besoin", need_slugs, _("Ce besoin n'existe pas : le filtre a été retiré.")),
        ("quartier", "quartier", quartier_slugs,
         _("Ce quartier n'existe pas : le filtre a été retiré.")),
        ("audience", "public", set(AUDIENCES), _("Ce public n'existe pas : le filtre a été retiré.")),
        ("language", "langue", set(LANGUAGES),
         _("Cette langue n'est pas proposée : le filtre a été retiré.")),
    )
    for attr, arg, allowed, message in checks:
        value = args.get(arg, "").strip()
        if value and value in allowed:
            setattr(form, attr, value)
        elif value:
            form.errors[attr] = message
    form.page = parse_page(args.get("page", "1")) or 0
    return form
