"""Where a resident wants help near: a quartier, an address, or their rounded position.

One definition for every list page (sub-need, quartier, search). The place comes from the
page's own form first (`quartier`, `adresse`, or `pres` = "lat,lon" sent by the "use my
position" button), then from a preference cookie kept on the resident's device. Nothing is
stored on the server; a position is rounded to about a hundred metres before it is used or
remembered, and a typed address is never remembered, only the rounded point it gave.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, current_app, g, request
from flask_babel import format_decimal
from flask_limiter.util import get_remote_address
from limits import parse as parse_limit

from portal.directory import chosen_quartier, geo, geocoding
from portal.directory.models import Quartier
from portal.extensions import db, limiter
from portal.i18n import _

COOKIE = "pres"
COOKIE_MAX_AGE = 365 * 24 * 3600
DECIMALS = 3  # 0.001° is about 110 m north–south and 70 m east–west at Lille
WALK_METRES_PER_MINUTE = 75  # 4.5 km/h, an unhurried pace


@dataclass(frozen=True)
class Origin:
    """The point distances are measured from, and the quartier it belongs to."""

    latitude: float
    longitude: float
    quartier: Quartier | None
    kind: str  # "quartier", "address" or "position"
    label: str = ""

    @property
    def point(self) -> tuple[float, float]:
        return (self.latitude, self.longitude)


def rounded(latitude: float, longitude: float) -> tuple[float, float]:
    return (round(latitude, DECIMALS), round(longitude, DECIMALS))


def remembered(point: tuple[float, float]) -> str:
    """The cookie value of a point: rounded to about a hundred metres."""
    latitude, longitude = rounded(*point)
    return f"{latitude}:{longitude}"


def parse_point(text: str) -> tuple[float, float] | None:
    """"50.6292,3.0573" (or "50.629:3.057", as remembered) → a rounded point, else None."""
    try:
        lat_text, lon_text = text.replace(":", ",").split(",", 1)
        latitude, longitude = float(lat_text), float(lon_text)
    except ValueError:
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    if latitude != latitude or longitude != longitude:  # NaN
        return None
    return rounded(latitude, longitude)


def _quartier_of(point: tuple[float, float]) -> Quartier | None:
    quartier_id = geo.quartier_id_at(*point)
    return db.session.get(Quartier, quartier_id) if quartier_id else None


def from_quartier(quartier: Quartier) -> Origin:
    return Origin(quartier.centroid_lat, quartier.centroid_lon, quartier, "quartier", quartier.name)


def from_point(point: tuple[float, float], kind: str, label: str = "") -> Origin:
    return Origin(point[0], point[1], _quartier_of(point), kind, label)


def resolve() -> Origin | None:
    """The place asked on this request, else the remembered one. Sets g.near_errors (messages
    for the form's fields) and g.near_remember (what to keep on the device). Call once per
    list page; g.quartier (portal.directory.chosen_quartier) is already read."""
    g.near_errors = {}
    g.near_remember = None
    args = request.args
    if args.get("oublier"):
        g.near_remember = ("nothing", "")  # "Oublier ce lieu" on the page's form
        g.quartier = None
        return None
    address = args.get("adresse", "").strip()[:200]
    if address:
        origin = locate(address, g.near_errors)
        if origin is not None:
            g.near_remember = ("point", remembered(origin.point))
            return origin
    if args.get("pres", "").strip():
        point = parse_point(args["pres"].strip())
        if point is not None:
            g.near_remember = ("point", remembered(point))
            return from_point(point, "position", _("votre position"))
        g.near_errors["pres"] = _("Votre position n'a pas pu être lue. Choisissez un quartier "
                                  "ou tapez une adresse.")
    if args.get("quartier", "").strip():
        if g.get("quartier") is None:
            return None  # unknown quartier: chosen_quartier already says so
        if not address:
            g.near_remember = ("quartier", g.quartier.slug)
        return from_quartier(g.quartier)
    saved = parse_point(request.cookies.get(COOKIE, ""))
    if saved is not None:
        return from_point(saved, "position", _("le lieu choisi"))
    if g.get("quartier") is not None:
        return from_quartier(g.quartier)
    return None


def locate(address: str, errors: dict[str, str]) -> Origin | None:
    """Geocode a typed address (rate-limited per visitor); errors go next to the field."""
    if not _address_lookup_allowed():
        errors["adresse"] = _(
            "Trop de recherches par adresse en peu de temps : l'adresse n'est pas utilisée, les "
            "résultats sont classés par quartier. Réessayez dans une minute.")
        return None
    try:
        place = geocoding.geocode(address)
    except geocoding.GeocoderUnavailable:
        current_app.logger.warning("geocoder unavailable")
        errors["adresse"] = _(
            "Le service d'adresses ne répond pas pour le moment : les résultats sont "
            "classés par quartier.")
        return None
    if place is None:
        errors["adresse"] = _(
            "Adresse introuvable à Lille. Vérifiez le nom de la rue, ou choisissez un quartier.")
        return None
    return from_point((place.latitude, place.longitude), "address", place.label)


def _address_lookup_allowed() -> bool:
    """Each visitor may have SEARCH_ADDRESS_RATE_LIMIT addresses looked up; beyond that the
    page still answers, without the address, rather than refusing the whole page."""
    if not current_app.config.get("PORTAL_RATE_LIMITS", True):
        return True
    try:
        allowed = limiter.limiter.hit(
            parse_limit(current_app.config.get("SEARCH_ADDRESS_RATE_LIMIT", "20/minute")),
            "search-address", get_remote_address())
    except Exception:  # the counters' store is down: better a geocoded page than none
        current_app.logger.warning("address rate limit not checked", exc_info=True)
        return True
    if not allowed:
        current_app.logger.warning("address searches rate-limited")
    return allowed


def remember(response: Response) -> Response:
    """after_request: keep what the resident chose on their device (the quartier's name, or a
    rounded point, never an address typed), one at a time."""
    chosen = g.get("near_remember")
    if chosen is None:
        return response
    kind, value = chosen
    secure = request.is_secure
    if kind == "point":
        response.set_cookie(COOKIE, value, max_age=COOKIE_MAX_AGE, httponly=True,
                            samesite="Lax", secure=secure)
        response.delete_cookie(chosen_quartier.COOKIE)
    elif kind == "quartier":
        response.set_cookie(chosen_quartier.COOKIE, value, max_age=chosen_quartier.COOKIE_MAX_AGE,
                            httponly=True, samesite="Lax", secure=secure)
        response.delete_cookie(COOKIE)
    else:
        response.delete_cookie(COOKIE)
        response.delete_cookie(chosen_quartier.COOKIE)
    return response


def walking_text(km: float) -> str:
    """"à 350 m, environ 5 min à pied" when walking makes sense, else "à 3,2 km".
    Distances are straight lines, hence "environ"."""
    metres = km * 1000
    if metres < 2000:
        shown = max(50, int(round(metres / 50.0)) * 50)
        minutes = max(1, round(metres / WALK_METRES_PER_MINUTE))
        return _("à %(metres)s m, environ %(minutes)s min à pied", metres=shown, minutes=minutes)
    return _("à %(km)s km", km=format_decimal(round(km, 1), format="0.0"))
