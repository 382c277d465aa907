"""Accounts: logging in and out, landing pages, invitations, password resets, the users CLI."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from flask_login import login_user
from sqlalchemy import select
from werkzeug.exceptions import NotFound

from portal import mail
from portal.accounts.access import can_edit_partner, is_safe_next, partner_for_member_or_404
from portal.accounts.models import AccountToken, User
from portal.config import load_config
from portal.db import utcnow
from portal.extensions import db
from tests.factories import PASSWORD, login, make_partner, make_user

NEW_PASSWORD = "un tout nouveau mot de passe"


@pytest.fixture()
def outbox(app):
    """Messages the test application keeps in memory (it has no MAIL_SERVER)."""
    box = mail.outbox()
    box.clear()
    yield box
    box.clear()


def _path(response) -> str:
    return urlsplit(response.headers["Location"]).path


def _link_in(message) -> str:
    """The path of the single link in a message, ready for the test client."""
    (link,) = re.findall(r"https?://\S+", message.get_body(("plain",)).get_content())
    return urlsplit(link).path


def _user(email: str) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


def ask_reset(client, email: str):
    """Ask for a reset link, and let the answer go to the browser: the e-mail leaves then."""
    with client.post("/mot-de-passe-oublie", data={"email": email}) as response:
        response.get_data()
    return response


# Logging in and out ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "landing"), [("admin", "/admin"), ("partner", "/espace"), ("professional", "/")]
)
def test_each_role_lands_on_its_own_page(client, role, landing):
    user = make_user(role)
    response = login(client, user)
    assert response.status_code == 302
    assert _path(response) == landing
    assert client.get(landing).status_code == 200
    assert _user(user.email).last_login_at is not None


def test_partner_member_sees_each_of_their_partners(client):
    fives = make_partner(name="Centre social de Fives")
    moulins = make_partner(name="Épicerie de Moulins")
    user = make_user("partner", partners=[fives, moulins])
    login(client, user)
    page = client.get("/espace").get_data(as_text=True)
    assert "Centre social de Fives" in page and "Épicerie de Moulins" in page


def test_wrong_password_says_so_next_to_the_form_and_keeps_the_email(client):
    user = make_user("partner", email="marie@exemple.fr")
    response = client.post("/connexion", data={"email": "Marie@Exemple.fr", "password": "pas le bon mot de passe"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "E-mail ou mot de passe incorrect" in page
    assert 'value="Marie@Exemple.fr"' in page
    assert "pas le bon mot de passe" not in page
    assert client.get("/espace").status_code == 302  # still anonymous
    # The same words for an unknown address: nothing tells whether an account exists.
    unknown = client.post("/connexion", data={"email": "personne@exemple.fr", "password": PASSWORD})
    assert "E-mail ou mot de passe incorrect" in unknown.get_data(as_text=True)
    assert login(client, user).status_code == 302  # the e-mail is matched without case


def test_empty_form_points_at_each_missing_field(client):
    page = client.post("/connexion", data={}).get_data(as_text=True)
    assert "Indiquez votre adresse e-mail." in page
    assert 'aria-describedby="email-error"' in page and 'aria-invalid="true"' in page


def test_closed_account_cannot_log_in_and_loses_its_session(client):
    user = make_user("partner")
    login(client, user)
    user.is_active = False
    db.session.commit()
    assert client.get("/espace").status_code == 302
    assert login(client, user).status_code == 422


def test_logout_is_a_post_and_ends_the_session(client):
    user = make_user("partner")
    login(client, user)
    page = client.get("/espace").get_data(as_text=True)
    assert 'action="/deconnexion"' in page  # the header offers it on every page
    assert client.get("/deconnexion").status_code == 405
    response = client.post("/deconnexion")
    assert response.status_code == 302 and _path(response) == "/"
    assert client.get("/espace").status_code == 302


def test_anonymous_visitor_is_sent_to_login_then_back(client):
    user = make_user("admin")
    response = client.get("/admin/utilisateurs")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/connexion?next=%2Fadmin%2Futilisateurs")
    response = client.post("/connexion?next=%2Fadmin%2Futilisateurs",
                           data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/admin/utilisateurs"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/x", "/\\evil.example", "\\\\evil.example",
     "javascript:alert(1)", "http:/evil.example", "/\tevil", "espace", ""],
)
def test_next_never_leaves_the_site(client, target):
    user = make_user("professional")
    response = client.post("/connexion", data={"email": user.email, "password": PASSWORD, "next": target})
    assert response.headers["Location"] == "/"
    assert not is_safe_next(target)


def test_wrong_role_gets_a_clear_403_page(client):
    login(client, make_user("professional"))
    response = client.get("/admin")
    assert response.status_code == 403
    assert "Cette page ne vous est pas ouverte" in response.get_data(as_text=True)


def test_password_is_stored_hashed(app):
    user = make_user("professional")
    stored = _user(user.email).password_hash
    assert PASSWORD not in stored
    assert stored.startswith(("scrypt:", "pbkdf2:"))


def test_who_may_edit_a_partner(app):
    mine, other = make_partner(), make_partner()
    member = make_user("partner", partners=[mine])
    assert can_edit_partner(member, mine) and not can_edit_partner(member, other)
    assert can_edit_partner(make_user("admin"), other)
    assert not can_edit_partner(make_user("professional"), mine)


def test_partner_pages_load_only_for_their_members(app):
    mine, other = make_partner(status="draft"), make_partner(status="draft")
    member = make_user("partner", partners=[mine])
    with app.test_request_context():
        login_user(member)
        assert partner_for_member_or_404(mine.slug) is mine
        # 404 rather than 403: a draft's existence is not revealed.
        for slug in (other.slug, "nulle-part"):
            with pytest.raises(NotFound):
                partner_for_member_or_404(slug)
        login_user(make_user("admin"))
        assert partner_for_member_or_404(other.slug) is other


def test_forms_reject_a_post_without_csrf_token(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    user = make_user("partner")
    # The login form comes back (see test_sessions.py), and nobody is logged in.
    assert login(client, user).status_code == 422
    assert client.get("/espace").status_code == 302
    page = client.get("/connexion").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/connexion", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    assert client.post("/deconnexion").status_code == 400
    assert client.get("/espace").status_code == 200  # still logged in


# Password reset ----------------------------------------------------------------------------


def test_reset_link_works_once(client, outbox):
    user = make_user("partner")
    response = ask_reset(client, user.email)
    assert "Si un compte existe" in response.get_data(as_text=True)
    (message,) = outbox
    assert message["To"] == user.email
    link = _link_in(message)

    page = client.get(link).get_data(as_text=True)
    assert user.email in page
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert _path(response) == "/espace"  # logged in straight away
    client.post("/deconnexion")
    assert login(client, user, NEW_PASSWORD).status_code == 302
    client.post("/deconnexion")
    assert login(client, user, PASSWORD).status_code == 422

    again = client.get(link)
    assert again.status_code == 410
    assert "déjà servi" in again.get_data(as_text=True)
    assert client.post(link, data={"password": "encore autre chose", "confirm": "encore autre chose"}).status_code == 410


def test_new_password_closes_sessions_opened_elsewhere(app, client, outbox):
    user = make_user("partner")
    elsewhere = app.test_client()
    login(elsewhere, user)
    assert elsewhere.get("/espace").status_code == 200
    ask_reset(client, user.email)
    client.post(_link_in(outbox[0]), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert client.get("/espace").status_code == 200
    assert elsewhere.get("/espace").status_code == 302


def test_reset_link_expires_after_an_hour(client, outbox):
    user = make_user("professional")
    ask_reset(client, user.email)
    link = _link_in(outbox[0])
    token = db.session.scalars(select(AccountToken).where(AccountToken.user_id == user.id)).one()
    assert timedelta(minutes=59) < token.expires_at - utcnow() <= timedelta(hours=1)
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get(link)
    assert response.status_code == 410
    assert "Il a expiré" in response.get_data(as_text=True)
    assert client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD}).status_code == 410


def test_reset_answer_is_the_same_for_unknown_addresses(client, outbox):
    make_user("partner", email="connue@exemple.fr")
    known = ask_reset(client, "connue@exemple.fr")
    unknown = ask_reset(client, "inconnue@exemple.fr")
    assert known.status_code == unknown.status_code == 200
    strip = lambda r: r.get_data(as_text=True).replace("inconnue@", "connue@")  # noqa: E731
    assert strip(known) == strip(unknown)
    assert [m["To"] for m in outbox] == ["connue@exemple.fr"]


def test_reset_answer_leaves_before_the_mail_and_costs_the_same_for_unknown_addresses(
        client, outbox, monkeypatch):
    from portal.accounts import operations

    composed = []
    compose = operations.compose
    monkeypatch.setattr(operations, "compose", lambda to, *args: composed.append(to) or compose(to, *args))
    make_user("partner", email="connue@exemple.fr")
    for email in ("connue@exemple.fr", "inconnue@exemple.fr"):
        sent = len(outbox)
        response = client.post("/mot-de-passe-oublie", data={"email": email})
        assert "Si un compte existe" in response.get_data(as_text=True)
        assert len(outbox) == sent  # the answer is complete and nothing has left yet
        response.close()  # the server has handed the answer over
    # The same work either way (a message composed), one e-mail only, after the answer.
    assert composed == ["connue@exemple.fr", "inconnue@exemple.fr"]
    assert [m["To"] for m in outbox] == ["connue@exemple.fr"]


def test_a_new_reset_link_cancels_the_previous_one(client, outbox):
    user = make_user("partner")
    ask_reset(client, user.email)
    ask_reset(client, user.email)
    first, second = (_link_in(m) for m in outbox)
    assert client.get(first).status_code == 410
    assert client.get(second).status_code == 200


def test_new_password_must_be_long_and_typed_twice(client, outbox):
    user = make_user("partner")
    ask_reset(client, user.email)
    link = _link_in(outbox[0])
    short = client.post(link, data={"password": "court", "confirm": "court"})
    assert short.status_code == 422
    assert "au moins 12 caractères" in short.get_data(as_text=True)
    different = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "!"})
    assert "ne sont pas identiques" in different.get_data(as_text=True)
    assert client.get(link).status_code == 200  # failed attempts do not spend the link


def test_tokens_are_stored_as_hashes(client, outbox):
    user = make_user("partner")
    ask_reset(client, user.email)
    raw = _link_in(outbox[0]).rsplit("/", 1)[1]
    stored = db.session.scalars(select(AccountToken.token_hash)).one()
    assert raw not in stored and len(stored) == 64


# Invitations -------------------------------------------------------------------------------


def test_admin_invites_a_partner_member_who_then_chooses_a_password(client, outbox):
    partner = make_partner(name="Maison de quartier des Bois-Blancs")
    other = make_partner(name="Épicerie solidaire de Lomme")
    login(client, make_user("admin"))
    response = client.post("/admin/utilisateurs", data={
        "email": "Nouvelle@Exemple.fr", "role": "partner",
        "partners": [str(partner.id)], "partner_slugs": other.slug,
    })
    assert response.status_code == 302
    assert "Invitation envoyée" in client.get("/admin/utilisateurs").get_data(as_text=True)
    invited = _user("nouvelle@exemple.fr")
    assert invited.password_hash is None
    assert {p.slug for p in invited.partners} == {partner.slug, other.slug}
    (message,) = outbox
    assert message["To"] == "nouvelle@exemple.fr"
    link = _link_in(message)
    assert link.startswith("/invitation/")

    client.post("/deconnexion")
    assert "Maison de quartier des Bois-Blancs" in client.get(link).get_data(as_text=True)
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert _path(response) == "/espace"
    assert "Épicerie solidaire de Lomme" in client.get("/espace").get_data(as_text=True)
    client.post("/deconnexion")
    assert client.get(link).status_code == 410
    assert _path(login(client, invited, NEW_PASSWORD)) == "/espace"


def test_invitation_expires_after_seven_days(client, outbox):
    login(client, make_user("admin"))
    client.post("/admin/utilisateurs", data={"email": "pro@exemple.fr", "role": "professional"})
    link = _link_in(outbox[0])
    token = db.session.scalars(select(AccountToken).where(AccountToken.purpose == "invite")).one()
    assert timedelta(days=6, hours=23) < token.expires_at - utcnow() <= timedelta(days=7)
    token.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    client.post("/deconnexion")
    response = client.get(link)
    assert response.status_code == 410
    assert "nouvelle invitation" in response.get_data(as_text=True)


def test_invitation_form_explains_its_mistakes(client, outbox):
    login(client, make_user("admin", email="admin@exemple.fr"))
    no_partner = client.post("/admin/utilisateurs", data={"email": "a@exemple.fr", "role": "partner"})
    assert no_partner.status_code == 422
    assert "au moins un partenaire" in no_partner.get_data(as_text=True)
    unknown = client.post("/admin/utilisateurs",
                          data={"email": "a@exemple.fr", "role": "partner", "partner_slugs": "nulle-part"})
    assert "Partenaire inconnu : nulle-part" in unknown.get_data(as_text=True)
    assert 'value="a@exemple.fr"' in unknown.get_data(as_text=True)  # nothing typed is lost
    taken = client.post("/admin/utilisateurs", data={"email": "admin@exemple.fr", "role": "professional"})
    assert "Un compte existe déjà" in taken.get_data(as_text=True)
    assert outbox == []


# Command line ------------------------------------------------------------------------------


def test_cli_creates_and_lists_accounts(app, monkeypatch):
    partner = make_partner(slug="centre-social-fives")
    db.session.commit()
    runner = app.test_cli_runner()
    monkeypatch.setenv("PORTAL_PASSWORD", PASSWORD)
    result = runner.invoke(args=["users", "create", "Chef@Exemple.fr", "--role", "admin"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["users", "create", "membre@exemple.fr", "--role", "partner",
                                 "--partner", "centre-social-fives"])
    assert result.exit_code == 0, result.output
    member = _user("membre@exemple.fr")
    assert [p.id for p in member.partners] == [partner.id]

    listing = runner.invoke(args=["users", "list"]).output
    assert "chef@exemple.fr\tadmin" in listing
    assert "membre@exemple.fr\tpartner\tactif\tcentre-social-fives" in listing

    client = app.test_client()
    assert _path(login(client, _user("chef@exemple.fr"))) == "/admin"


def test_cli_asks_the_password_twice_without_the_variable(app, monkeypatch):
    monkeypatch.delenv("PORTAL_PASSWORD", raising=False)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "pro@exemple.fr", "--role", "professional"],
                           input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert _user("pro@exemple.fr").check_password(PASSWORD)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["membre@exemple.fr", "--role", "partner", "--partner", "nulle-part"], "Partenaire inconnu : nulle-part"),
        (["pas-une-adresse", "--role", "admin"], "Adresse e-mail invalide"),
        (["membre@exemple.fr", "--role", "partner"], "au moins un partenaire"),
    ],
)
def test_cli_refuses_clearly(app, monkeypatch, args, message):
    monkeypatch.setenv("PORTAL_PASSWORD", PASSWORD)
    result = app.test_cli_runner().invoke(args=["users", "create", *args])
    assert result.exit_code == 1
    assert message in result.output
    assert db.session.scalars(select(User)).all() == []


# Cookies ------------------------------------------------------------------------------------


def test_session_and_remember_cookies_are_guarded(client, monkeypatch):
    response = client.post("/connexion", data={"email": make_user("partner").email, "password": PASSWORD,
                                               "remember": "y"})
    cookies = response.headers.getlist("Set-Cookie")
    assert {c.split("=", 1)[0] for c in cookies} == {"session", "remember_token"}
    for cookie in cookies:
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie

    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "x" * 32)
    monkeypatch.setenv("PORTAL_BASE_URL", "https://aide.example.org")
    production = load_config("/nonexistent")
    assert production["SESSION_COOKIE_SECURE"] and production["REMEMBER_COOKIE_SECURE"]
    monkeypatch.setenv("PORTAL_ENV", "development")
    development = load_config("/nonexistent")
    assert not development["SESSION_COOKIE_SECURE"] and not development["REMEMBER_COOKIE_SECURE"]
