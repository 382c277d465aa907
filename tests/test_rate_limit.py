"""Guessing passwords is slowed down: too many attempts in a minute get a friendly 429 page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_or_skip():
    """The Redis on the loopback; a test that needs it is skipped without it, except in CI."""
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.ping()
    except Exception as error:  # missing client library, or no server listening
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI needs Redis at {REDIS_URL}: {error}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    return client


WORKER = """
import sys
from portal import create_app

url, storage, index, count = sys.argv[1:5]
app = create_app({"TESTING": True, "PORTAL_RATE_LIMITS": True, "RATELIMIT_STORAGE_URI": storage,
                  "SQLALCHEMY_DATABASE_URI": url, "SEARCH_INDEX_DIR": index, "WTF_CSRF_ENABLED": False})
client = app.test_client()
for _ in range(int(count)):
    response = client.post("/mot-de-passe-oublie", data={"email": "x@exemple.fr"},
                           environ_base={"REMOTE_ADDR": "192.0.2.44"})
    print(response.status_code)
"""


def _worker(app, tmp_path, storage: str, count: int) -> list[int]:
    """One more server process, with its own memory, answering `count` reset requests."""
    done = subprocess.run(
        [sys.executable, "-c", WORKER, app.config["SQLALCHEMY_DATABASE_URI"], storage,
         str(tmp_path / "index"), str(count)],
        capture_output=True, text=True, timeout=120, check=True, cwd=Path(__file__).parent.parent)
    return [int(line) for line in done.stdout.split()]


def test_two_server_processes_share_one_count_through_redis(app, tmp_path):
    """Two workers behind one address: the limit of five a minute is counted once, not twice."""
    store = _redis_or_skip()
    store.flushdb()
    try:
        first = _worker(app, tmp_path, REDIS_URL, 3)
        second = _worker(app, tmp_path, REDIS_URL, 3)
    finally:
        store.flushdb()
    assert first == [200, 200, 200]
    assert second == [200, 200, 429]
