"""Security headers: what a browser may run, embed, send elsewhere and keep."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from portal.accounts.constants import INVITE, RESET
from portal.accounts.operations import issue_token
from portal.extensions import db
from tests.factories import login, make_partner, make_user

PUBLIC_PAGES = ("/", "/besoins/alimentation", "/quartiers/", "/partenaires/", "/recherche",
                "/cette-page-n-existe-pas")


def _directives(response) -> dict[str, str]:
    policy = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: " ".join(part.split()[1:])
            for part in (p.strip() for p in policy.split(";")) if part}


@pytest.mark.parametrize("url", PUBLIC_PAGES + ("/connexion", "/static/css/portal.css"))
def test_every_response_forbids_inline_scripts_framing_and_sniffing(client, url):
    with client.get(url) as response:
        assert response.status_code in (200, 404)
    policy = _directives(response)
    assert policy.get("default-src") == "'self'"
    assert policy.get("script-src") == "'self'"  # no 'unsafe-inline': an injected script never runs
    assert policy.get("style-src") == "'self'"
    # Pictures: ours, and the map tiles from the one host of PORTAL_MAP_TILES (tests/test_map.py).
    assert policy.get("img-src") == "'self' data: https://tile.openstreetmap.org"
    assert policy.get("form-action") == "'self'"
    assert policy.get("base-uri") == "'none'"
    assert policy.get("object-src") == "'none'"
    assert policy.get("frame-ancestors") == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer")


def test_public_pages_stay_cacheable_for_anonymous_visitors(client):
    for url in PUBLIC_PAGES:
        assert "no-store" not in client.get(url).headers.get("Cache-Control", ""), url


def test_reset_and_invitation_links_are_never_stored_nor_sent_to_another_site(client, app):
    user = make_user("admin")
    links = [f"/mot-de-passe/{issue_token(user, RESET)}",
             f"/invitation/{issue_token(user, INVITE)}"]
    db.session.commit()
    own = urlsplit(app.config.get("PORTAL_BASE_URL") or "http://portal.test").netloc
    for url in ["/connexion", "/mot-de-passe-oublie", *links, "/mot-de-passe/inconnu"]:
        response = client.get(url)
        assert response.status_code in (200, 410), url
        assert "no-store" in response.headers.get("Cache-Control", ""), url
        assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer"), url
        # Nothing on the page is fetched from, or links to, another site.
        addresses = re.findall(r'(?:href|src|action)="([^"]*)"', response.get_data(as_text=True))
        foreign = [a for a in addresses if urlsplit(a).netloc not in ("", own)]
        assert not foreign, (url, foreign)


def test_every_page_seen_logged_in_is_never_stored(client):
    partner = make_partner(name="Maison des Solidarités")
    login(client, make_user("partner", partners=[partner]))
    for url in ("/", "/recherche?q=colis", f"/espace/{partner.slug}", f"/partenaires/{partner.slug}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response.headers.get("Cache-Control", ""), url
    # Its stylesheets and pictograms stay cacheable.
    with client.get("/static/css/portal.css") as stylesheet:
        assert "no-store" not in stylesheet.headers.get("Cache-Control", "")


def test_https_is_required_in_production_only(app, client, monkeypatch):
    assert "Strict-Transport-Security" not in client.get("/").headers
    monkeypatch.setitem(app.config, "PORTAL_ENV", "production")
    hsts = client.get("/").headers.get("Strict-Transport-Security", "")
    assert "max-age=31536000" in hsts
