"""Checks of one imported value at a time, and the data·inclusion package's verdicts turned
into the same problems (field, reason code, value). Pure: plain values in, problems out."""

from __future__ import annotations

import re
from dataclasses import dataclass

from data_inclusion.schema import v1
from pydantic import ValidationError

THEMATIQUES = frozenset(t.value for t in v1.Thematique)
EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[a-zA-Z]{2,}$")
POSTCODE = re.compile(r"^\d{5}$")


@dataclass(frozen=True)
class Problem:
    """What is wrong in one field of one line (constants.ERRORS code)."""

    line: int
    field: str
    code: str
    value: str = ""

    def as_json(self) -> dict:
        return {"line": self.line, "field": self.field, "code": self.code, "value": self.value}


def luhn(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def siret_ok(value: str) -> bool:
    """14 digits with a valid control key. La Poste's establishments (SIREN 356000000) use
    another rule: the digits add up to a multiple of 5."""
    digits = re.sub(r"[\s.]", "", value)
    if not re.fullmatch(r"\d{14}", digits):
        return False
    if digits.startswith("356000000"):
        return sum(int(c) for c in digits) % 5 == 0
    return luhn(digits)


def phone_ok(value: str) -> bool:
    digits = re.sub(r"[\s.\-()/]", "", value)
    if digits.startswith("+33"):
        digits = "0" + digits[3:].lstrip("0")
    elif digits.startswith("0033"):
        digits = "0" + digits[4:].lstrip("0")
    return bool(re.fullmatch(r"0[1-9]\d{8}|1\d{1,3}|3\d{3}", digits))


def email_ok(value: str) -> bool:
    return bool(EMAIL.match(value))


def coordinate(value: str, limit: float) -> float | None:
    """A latitude (limit 90) or longitude (limit 180) written with a dot or a comma."""
    try:
        number = float(value.replace(",", ".").strip())
    except ValueError:
        return None
    return number if -limit <= number <= limit else None


def check_place(line: int, values: dict[str, str]) -> list[Problem]:
    """Explicit checks of a spreadsheet row (mapped fields, texts as read)."""
    problems: list[Problem] = []

    def bad(field: str, code: str, value: str = "") -> None:
        problems.append(Problem(line, field, code, value))

    if not values.get("name", "").strip():
        bad("name", "missing")
    siret = values.get("siret", "")
    if siret and not siret_ok(siret):
        bad("siret", "siret", siret)
    if (email := values.get("email", "")) and not email_ok(email):
        bad("email", "email", email)
    if (phone := values.get("phone", "")) and not phone_ok(phone):
        bad("phone", "phone", phone)
    if (postcode := values.get("postcode", "")) and not POSTCODE.match(postcode):
        bad("postcode", "postcode", postcode)
    latitude, longitude = values.get("latitude", ""), values.get("longitude", "")
    if latitude and coordinate(latitude, 90) is None:
        bad("latitude", "latitude", latitude)
    if longitude and coordinate(longitude, 180) is None:
        bad("longitude", "longitude", longitude)
    if bool(latitude) != bool(longitude):
        bad("latitude" if not latitude else "longitude", "coordinates")
    for code in split_codes(values.get("thematiques", "")):
        if code not in THEMATIQUES:
            bad("thematiques", "thematique", code)
    return problems


def split_codes(value: object) -> list[str]:
    """Codes written in one cell ("a, b | c") or given as a JSON list."""
    if isinstance(value, (list, tuple, set)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [c.strip() for c in re.split(r"[,;|]", str(value or "")) if c.strip()]


# Pydantic's error types → our reason codes (the field decides first, see _code).
FIELD_CODES = {"siret": "siret", "courriel": "email", "code_postal": "postcode",
               "thematiques": "thematique", "latitude": "latitude", "longitude": "longitude"}


def _code(field: str, error: dict) -> str:
    kind = error["type"]
    if kind == "missing" or (kind == "string_too_short" and not str(error.get("input") or "").strip()):
        return "missing"
    if field in FIELD_CODES:
        return FIELD_CODES[field]
    if kind == "string_too_short":
        return "too-short"
    if kind.startswith("url"):
        return "url"
    if kind.startswith("date"):
        return "date"
    if kind in ("enum", "literal_error"):
        return "vocabulary"
    if kind == "string_too_long":
        return "too-long"
    return "invalid"


def check_data_inclusion(model: type, line: int, row: dict) -> tuple[object | None, list[Problem]]:
    """Validate a row with the package's pydantic model (v1.Structure or v1.Service); the
    model, or the problems found (one per field) and, for coordinates, their range."""
    problems: list[Problem] = []
    try:
        parsed = model.model_validate(row)
    except ValidationError as error:
        seen: set[str] = set()
        for item in error.errors():
            field = str(item["loc"][0]) if item["loc"] else "?"
            if field in seen:
                continue
            seen.add(field)
            code = _code(field, item)
            value = item.get("input")
            if isinstance(value, (list, set, dict)) or value is None:
                value = ""
            if code == "invalid":
                value = item["msg"]
            problems.append(Problem(line, field, code, str(value)))
        return None, problems
    if getattr(parsed, "siret", None) and not siret_ok(parsed.siret):
        problems.append(Problem(line, "siret", "siret", parsed.siret))
    if parsed.latitude is not None and not -90 <= parsed.latitude <= 90:
        problems.append(Problem(line, "latitude", "latitude", str(parsed.latitude)))
    if parsed.longitude is not None and not -180 <= parsed.longitude <= 180:
        problems.append(Problem(line, "longitude", "longitude", str(parsed.longitude)))
    return (None if problems else parsed), problems
