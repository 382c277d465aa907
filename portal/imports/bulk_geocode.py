"""Many addresses to coordinates at once, for imports: the BAN's CSV endpoint, or geopy one by one.

The BAN (api-adresse.data.gouv.fr, an addok server with its CSV plugin) geocodes a whole CSV file
in one request: POST /search/csv/ with the file in a multipart `data` field, the columns that make
up the query in repeated `columns` fields and filters such as `postcode=<column>`; it answers the
same CSV (same delimiter, same encoding) with `latitude`, `longitude`, `result_label`,
`result_score`, `result_type`… added, empty when nothing was found. Files are limited in size, so
the rows go in chunks. Another geocoder (GEOCODER other than "banfrance") has no such endpoint:
each address is then asked on its own, no faster than GEOCODER_RATE_LIMIT seconds apart.

Settings read with defaults: GEOCODER_BULK_CHUNK (rows per request, 1000), GEOCODER_BULK_TIMEOUT
(seconds per request, 60), GEOCODER_MIN_SCORE (0.5: below, the match is too doubtful to place a
partner on the map), GEOCODER_RATE_LIMIT (1 second between one-by-one requests).
"""

from __future__ import annotations

import csv
import io
import re

import requests
from flask import current_app
from geopy.adapters import URLLibAdapter
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import get_geocoder_for_service

from portal.directory.geocoding import GeocoderUnavailable

Coordinates = tuple[float, float]
# The BAN refuses files over 50 MB; stay far below so a chunk is also quick to send and answer.
MAX_CHUNK_BYTES = 5_000_000
POSTCODE = re.compile(r"^\d{5}$")
HEADER = ("id", "adresse", "code_postal", "ville")


def _setting(name: str, default):
    return type(default)(current_app.config.get(name, default))


def _clean(value: str | None) -> str:
    # A line break inside a field would be read as a new row by some servers: keep one line.
    return " ".join((value or "").split())


def geocode(addresses: list[tuple[str, str, str]]) -> list[Coordinates | None]:
    """Coordinates of each (address, postcode, city), in the same order; None when not found."""
    rows = [(_clean(a), _clean(p), _clean(c)) for a, p, c in addresses]
    results: list[Coordinates | None] = [None] * len(rows)
    wanted = [i for i, (address, _, city) in enumerate(rows) if address or city]
    if not wanted:
        return results
    if current_app.config.get("GEOCODER", "banfrance") == "banfrance":
        found = _bulk([rows[i] for i in wanted])
    else:
        found = _one_by_one([rows[i] for i in wanted])
    for index, coordinates in zip(wanted, found, strict=True):
        results[index] = coordinates
    return results


def _chunks(rows: list[tuple[str, str, str]], size: int):
    start = 0
    while start < len(rows):
        chunk, weight = [], 0
        for row in rows[start:start + size]:
            line = sum(len(value.encode()) + 3 for value in row) + 12
            if chunk and weight + line > MAX_CHUNK_BYTES:
                break
            chunk.append(row)
            weight += line
        yield chunk
        start += len(chunk)


def _bulk(rows: list[tuple[str, str, str]]) -> list[Coordinates | None]:
    config = current_app.config
    url = (f"{config.get('GEOCODER_SCHEME', 'https')}://"
           f"{config.get('GEOCODER_DOMAIN', 'api-adresse.data.gouv.fr')}/search/csv/")
    size = max(1, _setting("GEOCODER_BULK_CHUNK", 1000))
    timeout = _setting("GEOCODER_BULK_TIMEOUT", 60.0)
    min_score = _setting("GEOCODER_MIN_SCORE", 0.5)
    found: list[Coordinates | None] = []
    with requests.Session() as http:
        for chunk in _chunks(rows, size):
            found.extend(_bulk_chunk(http, url, chunk, timeout, min_score))
    return found


def _bulk_chunk(http, url: str, chunk, timeout: float, min_score: float) -> list[Coordinates | None]:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADER)
    for number, row in enumerate(chunk):
        writer.writerow((number, *row))
    fields: list[tuple[str, str]] = [("columns", "adresse"), ("columns", "ville"),
                                     ("delimiter", ","), ("encoding", "utf-8")]
    if all(POSTCODE.match(postcode) for _, postcode, _ in chunk):
        # The postcode narrows the search; a wrong or missing one would exclude the right answer.
        fields.append(("postcode", "code_postal"))
    else:
        fields.insert(1, ("columns", "code_postal"))
    files = {"data": ("adresses.csv", text.getvalue().encode("utf-8"), "text/csv; charset=utf-8")}
    try:
        response = http.post(url, data=fields, files=files, timeout=timeout,
                             headers={"User-Agent": "portail-aide-lille"})
    except requests.RequestException as error:
        raise GeocoderUnavailable(f"géocodage en masse impossible : {error}") from error
    if response.status_code != 200:
        raise GeocoderUnavailable(f"le géocodeur a répondu {response.status_code} à l'envoi du fichier")
    return _read_answer(response, len(chunk), min_score)


def _read_answer(response, expected: int, min_score: float) -> list[Coordinates | None]:
    # The answer comes in the encoding we sent (UTF-8), possibly with a byte-order mark.
    content = response.content.decode("utf-8-sig", errors="replace")
    found: list[Coordinates | None] = [None] * expected
    seen = 0
    for row in csv.DictReader(io.StringIO(content, newline="")):
        try:
            number = int(row["id"])
        except (KeyError, TypeError, ValueError):
            raise GeocoderUnavailable("réponse illisible du géocodeur (colonne id)") from None
        if not 0 <= number < expected:
            raise GeocoderUnavailable("réponse illisible du géocodeur (ligne inattendue)")
        seen += 1
        found[number] = _coordinates(row, min_score)
    if seen != expected:
        raise GeocoderUnavailable(f"le géocodeur a rendu {seen} lignes sur {expected}")
    return found


def _coordinates(row: dict, min_score: float) -> Coordinates | None:
    if row.get("result_status") not in (None, "", "ok"):
        return None
    try:
        latitude, longitude = float(row.get("latitude") or ""), float(row.get("longitude") or "")
        score = float(row.get("result_score") or 0)
    except ValueError:
        return None
    if score < min_score:
        return None
    return latitude, longitude


def _one_by_one(rows: list[tuple[str, str, str]]) -> list[Coordinates | None]:
    config = current_app.config
    cls = get_geocoder_for_service(config.get("GEOCODER", "banfrance"))
    geocoder = cls(domain=config.get("GEOCODER_DOMAIN"), scheme=config.get("GEOCODER_SCHEME", "https"),
                   timeout=float(config.get("GEOCODER_TIMEOUT", 2)), user_agent="portail-aide-lille",
                   adapter_factory=URLLibAdapter)
    # Public geocoders (Nominatim…) ask for at most one request a second.
    limited = RateLimiter(geocoder.geocode, min_delay_seconds=_setting("GEOCODER_RATE_LIMIT", 1.0),
                          max_retries=0, swallow_exceptions=False)
    found: list[Coordinates | None] = []
    for address, postcode, city in rows:
        query = " ".join(part for part in (address, postcode, city) if part)
        try:
            location = limited(query, exactly_one=True)
        except GeopyError as error:
            raise GeocoderUnavailable(f"géocodage impossible : {error}") from error
        found.append(None if location is None else (location.latitude, location.longitude))
    return found
