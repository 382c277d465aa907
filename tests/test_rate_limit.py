"""Guessing passwords is slowed down: too many attempts in a minute get a friendly 429 page."""

from __future__ import annotations

import pytest

from portal.extensions import limiter
from tests.factories import PASSWORD, make_user


@pytest.fixture()
def limited(app, monkeypatch):
    """The test application with rate limits on (they are off by default in tests)."""
    monkeypatch.setitem(app.config, "PORTAL_RATE_LIMITS", True)
    limiter.reset()
    yield app
    limiter.reset()


def test_eleventh_login_attempt_in_a_minute_gets_429(limited, client):
    user = make_user("partner")
    for _ in range(10):
        response = client.post("/connexion", data={"email": user.email, "password": "mauvais mot de passe"})
        assert response.status_code == 422
    response = client.post("/connexion", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "essais en peu de temps" in page
    assert "Attendez une minute" in page
    assert response.headers["Retry-After"]
    # Reading the page is not limited, and another address is not affected.
    assert client.get("/connexion").status_code == 200
    other = limited.test_client()
    response = other.post("/connexion", data={"email": user.email, "password": PASSWORD},
                          environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert response.status_code == 302


def test_sixth_reset_request_in_a_minute_gets_429(limited, client):
    for _ in range(5):
        assert client.post("/mot-de-passe-oublie", data={"email": "x@exemple.fr"}).status_code == 200
    assert client.post("/mot-de-passe-oublie", data={"email": "x@exemple.fr"}).status_code == 429


def test_limits_are_off_unless_asked(app, client):
    for _ in range(12):
        assert client.post("/connexion", data={"email": "x@exemple.fr", "password": "y"}).status_code == 422
