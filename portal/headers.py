"""Security headers sent with every response.

The pages need nothing from another site: scripts, styles and pictures are our own files, so
the policy allows only them, and the map's tile pictures from the one host PORTAL_MAP_TILES
names. JSON-LD blocks are data, not scripts, and the policy leaves them be.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from flask_login import current_user

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:{tiles}",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
))
# Not "no-referrer": over HTTPS the CSRF check compares the Referer with the site, so forms
# need it on our own pages. Another site never receives an address (reset links hold a token).
REFERRER_POLICY = "same-origin"
HSTS = "max-age=31536000; includeSubDomains"
# Pages holding a token or a password form are never kept by a browser or a shared cache.
# The partner space too: a "Je corrige" link opens it without a login.
PRIVATE_BLUEPRINTS = {"accounts", "freshness", "partners"}


@lru_cache(maxsize=8)
def content_security_policy(tiles: str) -> str:
    """The policy, with the one outside origin pictures may come from: the map tiles' host
    (none when the tiles are our own files or data: addresses)."""
    parts = urlsplit(tiles)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return CONTENT_SECURITY_POLICY.format(tiles="")
    # "{s}.tile.example.org" (one subdomain per request) becomes "*.tile.example.org".
    host = re.sub(r"\{[^}]*\}", "*", parts.netloc)
    return CONTENT_SECURITY_POLICY.format(tiles=f" {parts.scheme}://{host}")


def _is_private() -> bool:
    """Whether the page is personal: any page seen logged in, and the account pages."""
    if request.endpoint == "static" or request.blueprint == "vendor":
        return False
    if request.blueprint in PRIVATE_BLUEPRINTS:
        return True
    return current_user.is_authenticated


def secure(response: Response) -> Response:
    """Add the security headers; keep personal pages out of every cache."""
    headers = response.headers
    policy = content_security_policy(current_app.config.get("PORTAL_MAP_TILES", ""))
    headers.setdefault("Content-Security-Policy", policy)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", REFERRER_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")
    if current_app.config.get("PORTAL_ENV") == "production":
        headers.setdefault("Strict-Transport-Security", HSTS)
    if _is_private():
        response.cache_control.no_store = True
    return response


def register(app: Flask) -> None:
    """Send the headers with every response, error pages included."""
    app.after_request(secure)
