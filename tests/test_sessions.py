"""Sessions end on the server: at logout, on closing an account, after their lifetime; no
session for an account without a password; the public development key never serves for real;
e-mail links never follow the request's host; a lost CSRF token keeps what was typed."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import click
import pytest
from flask.cli import ScriptInfo
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from portal import create_app, mail
from portal.config import DEV_SECRET_KEY, ConfigError, load_config
from portal.db import utcnow
from portal.extensions import db
from tests.factories import PASSWORD, login, make_partner, make_user
from tests.partner_space import presentation_form

HOST = "portal.test"
LIFETIME = timedelta(days=14)


def _copy(client, *names: str):
    """Another browser holding copies of `client`'s cookies `names` (a copied cookie)."""
    other = client.application.test_client()
    for name in names:
        cookie = client.get_cookie(name, domain=HOST)
        assert cookie is not None, name
        other.set_cookie(name, cookie.value, domain=HOST)
    return other


def _logged_in(client) -> bool:
    return client.get("/espace").status_code == 200


def _remembered(client, user):
    """`client` logged in as `user` with "remember me", and two thieves: one with a copy of its
    session cookie, one with a copy of its remember cookie only."""
    response = client.post("/connexion", data={"email": user.email, "password": PASSWORD,
                                               "remember": "y"})
    assert response.status_code == 302
    return client, _copy(client, "session"), _copy(client, "remember_token")


# Logout, closing an account, a new role ------------------------------------------------------


def test_copied_session_and_remember_cookies_stop_working_at_logout(client):
    user = make_user("partner")
    browser, session_copy, remember_copy = _remembered(client, user)
    assert _logged_in(session_copy) and _logged_in(remember_copy)

    browser.post("/deconnexion")
    assert not _logged_in(browser)
    assert not _logged_in(session_copy)
    assert not _logged_in(remember_copy)
    # Logging in again does not bring the copies back.
    assert login(browser, user).status_code == 302
    assert not _logged_in(session_copy) and not _logged_in(remember_copy)


def test_closing_an_account_ends_its_sessions_for_good(client):
    user = make_user("partner")
    browser, session_copy, remember_copy = _remembered(client, user)
    user.is_active = False
    db.session.commit()
    assert not any(_logged_in(c) for c in (browser, session_copy, remember_copy))
    # Reopened later, the account does not revive a cookie copied before it was closed.
    user.is_active = True
    db.session.commit()
    assert not any(_logged_in(c) for c in (browser, session_copy, remember_copy))
    assert login(client, user).status_code == 302


def test_removing_an_administrator_ends_their_sessions(client):
    user = make_user("admin")
    login(client, user)
    assert client.get("/admin").status_code == 200
    user.role = "professional"
    db.session.commit()
    assert client.get("/").status_code == 200
    assert client.get("/admin").status_code == 302  # sent to the login page, not a 403


# The server-side lifetime ----------------------------------------------------------------------


def test_a_session_left_open_ends_on_the_server_after_its_lifetime(client):
    user = make_user("partner")
    browser, session_copy, remember_copy = _remembered(client, user)
    # Busy until the last minute of its life…
    user.session_stamp_at = utcnow() - LIFETIME + timedelta(minutes=1)
    db.session.commit()
    assert _logged_in(browser) and _logged_in(remember_copy)
    # …then over, whatever the cookies say.
    user.session_stamp_at = utcnow() - LIFETIME - timedelta(seconds=1)
    db.session.commit()
    assert not any(_logged_in(c) for c in (browser, session_copy, remember_copy))
    # The next login starts a fresh life; the old cookies stay dead.
    assert login(browser, user).status_code == 302
    assert _logged_in(browser)
    assert not _logged_in(session_copy) and not _logged_in(remember_copy)


def test_a_login_always_lasts_at_least_half_the_lifetime(app, client):
    user = make_user("partner")
    office = app.test_client()
    login(office, user)
    # A week and a day later, the same person logs in at the social centre.
    user.session_stamp_at = utcnow() - LIFETIME / 2 - timedelta(days=1)
    db.session.commit()
    login(client, user)
    assert _logged_in(client)
    assert not _logged_in(office)  # an old stamp was replaced, closing the older sessions
    assert utcnow() - user.session_stamp_at < timedelta(minutes=1)


def test_a_young_session_survives_a_login_elsewhere(app, client):
    user = make_user("partner")
    office = app.test_client()
    login(office, user)
    login(client, user)
    assert _logged_in(office) and _logged_in(client)


# No session without a password; the development key ------------------------------------------


def _forged_session(app, user_id: int, stamp: str) -> str:
    """A session cookie signed with the application's key, as anyone knowing it could make."""
    return app.session_interface.get_signing_serializer(app).dumps(
        {"_user_id": f"{user_id}:{stamp}", "_fresh": True}
    )


def test_a_forged_cookie_for_an_invited_administrator_opens_nothing(app, client):
    assert app.secret_key == DEV_SECRET_KEY  # the public key of the source code
    invited = make_user("admin", password=None)
    # Even knowing the account's stamp, or guessing an empty one.
    for stamp in (invited.session_stamp, "", "None"):
        client.set_cookie("session", _forged_session(app, invited.id, stamp), domain=HOST)
        assert client.get("/admin").status_code == 302
    # No password to give, so no login either.
    for password in ("", " ", PASSWORD):
        response = client.post("/connexion", data={"email": invited.email, "password": password})
        assert response.status_code == 422
    assert client.get("/admin").status_code == 302


def test_a_forged_cookie_with_a_strange_id_is_nobody(app, client):
    for user_id in ("²", "9" * 40, "-1", "1e3"):
        cookie = app.session_interface.get_signing_serializer(app).dumps({"_user_id": f"{user_id}:x"})
        client.set_cookie("session", cookie, domain=HOST)
        assert client.get("/espace").status_code == 302


def _without_portal_settings(monkeypatch):
    for name in ("PORTAL_ENV", "SECRET_KEY", "PORTAL_BASE_URL"):
        monkeypatch.delenv(name, raising=False)


def test_a_server_started_without_settings_refuses_the_public_key(monkeypatch):
    _without_portal_settings(monkeypatch)
    # gunicorn, uWSGI…: no `flask` command around, so this is not a developer's machine.
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config("/nonexistent")
    monkeypatch.setenv("SECRET_KEY", DEV_SECRET_KEY)
    monkeypatch.setenv("PORTAL_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config("/nonexistent")


def test_the_flask_command_still_runs_the_demo_without_settings(monkeypatch):
    _without_portal_settings(monkeypatch)
    # `flask --app portal init && flask --app portal run` on a fresh machine.
    with click.Context(click.Command("run"), obj=ScriptInfo()):
        config = load_config("/nonexistent")
    assert config["PORTAL_ENV"] == "development" and config["SECRET_KEY"] == DEV_SECRET_KEY
    monkeypatch.setenv("PORTAL_ENV", "development")
    assert load_config("/nonexistent")["SECRET_KEY"] == DEV_SECRET_KEY


# Links in e-mails ------------------------------------------------------------------------------


def test_production_requires_the_public_address_of_the_site(monkeypatch):
    _without_portal_settings(monkeypatch)
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    with pytest.raises(ConfigError, match="PORTAL_BASE_URL"):
        load_config("/nonexistent")
    monkeypatch.setenv("PORTAL_BASE_URL", "aide.example.org")
    with pytest.raises(ConfigError, match="PORTAL_BASE_URL"):
        load_config("/nonexistent")
    monkeypatch.setenv("PORTAL_BASE_URL", "https://aide.example.org/")
    assert load_config("/nonexistent")["PORTAL_BASE_URL"] == "https://aide.example.org"


def test_a_reset_asked_with_a_hostile_host_links_to_the_site(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_BASE_URL", "https://aide.lille.fr")
    outbox = mail.outbox()
    outbox.clear()
    user = make_user("partner")
    hostile = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    with client.post("/mot-de-passe-oublie", data={"email": user.email}, headers=hostile) as response:
        assert response.status_code == 200
    (message,) = outbox
    (link,) = re.findall(r"https?://\S+", message.get_body(("plain",)).get_content())
    assert link.startswith("https://aide.lille.fr/mot-de-passe/")
    assert client.get(urlsplit(link).path).status_code == 200
    outbox.clear()


def test_behind_a_proxy_the_forwarded_host_is_not_believed(app, tmp_path):
    behind_proxy = create_app({
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "PORTAL_TRUSTED_PROXIES": 1,
    })
    response = behind_proxy.test_client().get(
        "/robots.txt", base_url="http://aide.lille.fr",
        headers={"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"})
    body = response.get_data(as_text=True)
    assert "evil.example" not in body
    assert "https://aide.lille.fr/" in body  # the scheme the proxy gives is still believed


# A form whose token was lost ---------------------------------------------------------------------


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


@pytest.fixture()
def csrf_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def test_a_form_left_open_for_hours_still_sends(app, client, csrf_on):
    user = make_user("partner")
    client.get("/connexion")  # the page was opened…
    with client.session_transaction() as session:
        raw = session["csrf_token"]
    # …three hours ago: its token carries that time.

    class ThreeHoursAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return super().get_timestamp() - 3 * 3600

    old_token = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token",
                                       signer=ThreeHoursAgo).dumps(raw)
    response = client.post("/connexion", data={"email": user.email, "password": PASSWORD,
                                               "csrf_token": old_token})
    assert response.status_code == 302


@pytest.mark.parametrize(("path", "typed"), [
    ("/connexion", {"email": "Marie.Durand@exemple.fr", "password": PASSWORD}),
    ("/mot-de-passe-oublie", {"email": "Marie.Durand@exemple.fr"}),
])
def test_a_lost_session_shows_the_form_again_with_what_was_typed(client, csrf_on, path, typed):
    user = make_user("partner", email="marie.durand@exemple.fr")
    token = _token(client.get(path).get_data(as_text=True))
    client.delete_cookie("session", domain=HOST)  # the browser was closed: the session is gone
    response = client.post(path, data={**typed, "csrf_token": token})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ce formulaire était resté ouvert trop longtemps" in page
    assert 'value="Marie.Durand@exemple.fr"' in page
    assert PASSWORD not in page and "CSRF" not in page
    assert not _logged_in(client)
    # Sent again with the fresh token of that page, it works.
    again = client.post(path, data={**typed, "csrf_token": _token(page)})
    assert again.status_code in (200, 302) and "trop longtemps" not in again.get_data(as_text=True)
    if path == "/connexion":
        assert _logged_in(client) and user.last_login_at is not None


def test_a_listing_edit_keeps_its_text_when_the_token_was_lost(client, csrf_on):
    partner = make_partner(presentation="Ancienne présentation.")
    login_page = client.get("/connexion").get_data(as_text=True)
    user = make_user("partner", partners=[partner])
    client.post("/connexion", data={"email": user.email, "password": PASSWORD, "remember": "y",
                                    "csrf_token": _token(login_page)})
    typed = "Une longue présentation écrite pendant toute une après-midi."
    data = presentation_form(client, partner.slug, presentation=typed)
    with client.session_transaction() as session:
        session.pop("csrf_token")  # the session was renewed meanwhile (remember cookie)
    response = client.post(f"/espace/{partner.slug}/presentation", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert typed in page and "trop longtemps" in page
    data["csrf_token"] = _token(page)
    response = client.post(f"/espace/{partner.slug}/presentation", data=data)
    assert response.status_code == 302
    assert typed in client.get(f"/espace/{partner.slug}").get_data(as_text=True)


def test_logout_without_a_token_is_still_refused(client, csrf_on):
    user = make_user("partner")
    page = client.get("/connexion").get_data(as_text=True)
    client.post("/connexion", data={"email": user.email, "password": PASSWORD, "csrf_token": _token(page)})
    assert client.post("/deconnexion").status_code == 400
    assert _logged_in(client)
