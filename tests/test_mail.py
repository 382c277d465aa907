"""E-mail leaves through a real SMTP server on the loopback, and the links it carries work."""

from __future__ import annotations

from email import message_from_bytes, policy
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.extensions import db
from portal.mail import MailNotConfigured, send_mail
from tests.factories import login, make_partner, make_user
from tests.mailbox import free_port, smtp_server  # noqa: F401 (fixture)

NEW_PASSWORD = "un tout nouveau mot de passe"


def ask_reset(client, email: str):
    """Ask for a reset link, and let the answer go to the browser: the e-mail leaves then."""
    with client.post("/mot-de-passe-oublie", data={"email": email}) as response:
        response.get_data()
    return response


def test_a_message_reaches_every_recipient_with_text_and_html(app, smtp_server):  # noqa: F811
    with app.test_request_context():
        send_mail(["une@exemple.fr", "deux@exemple.fr"], "Fiche à confirmer – Fives",
                  "Bonjour,\nvotre fiche attend.", "<p>Bonjour, votre fiche attend.</p>")
    (received,) = smtp_server.messages
    assert received.recipients == ["une@exemple.fr", "deux@exemple.fr"]
    assert received.subject == "Fiche à confirmer – Fives"
    assert "votre fiche attend" in received.text
    assert "<p>Bonjour" in received.message.get_body(("html",)).get_content()
    assert "ne-pas-repondre@" in received.sender


def test_reset_link_in_the_mail_works_when_followed(app, client, smtp_server):  # noqa: F811
    user = make_user("partner", email="claire@exemple.fr")
    ask_reset(client, "claire@exemple.fr")
    (received,) = smtp_server.to("claire@exemple.fr")
    assert received.subject == "Choisir un nouveau mot de passe"
    (link,) = received.links()
    assert link.startswith("http://portal.test/mot-de-passe/")  # absolute, for a mail reader

    path = urlsplit(link).path
    assert client.get(path).status_code == 200
    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.headers["Location"] == "/espace"
    client.post("/deconnexion")
    assert login(client, user, NEW_PASSWORD).status_code == 302


def test_invitation_mail_uses_the_public_address_of_the_site(app, client, smtp_server, monkeypatch):  # noqa: F811
    monkeypatch.setitem(app.config, "PORTAL_BASE_URL", "https://aide.lille.fr")
    partner = make_partner(name="Centre social Lazare Garreau")
    login(client, make_user("admin"))
    client.post("/admin/utilisateurs",
                data={"email": "accueil@garreau.fr", "role": "partner", "partners": [str(partner.id)]})
    (received,) = smtp_server.to("accueil@garreau.fr")
    assert "Trouver de l'aide à Lille" in received.subject
    assert "Centre social Lazare Garreau" in received.text
    (link,) = received.links()
    assert link.startswith("https://aide.lille.fr/invitation/")

    client.post("/deconnexion")
    path = urlsplit(link).path
    response = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.headers["Location"] == "/espace"
    assert "Centre social Lazare Garreau" in client.get("/espace").get_data(as_text=True)


def test_unreachable_server_does_not_reveal_anything_on_reset(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nothing listens there
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 2)
    make_user("partner", email="claire@exemple.fr")
    response = ask_reset(client, "claire@exemple.fr")
    assert response.status_code == 200
    assert "Si un compte existe" in response.get_data(as_text=True)


def test_unreachable_server_keeps_the_invited_account_and_says_so(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT", 2)
    login(client, make_user("admin"))
    response = client.post("/admin/utilisateurs", data={"email": "pro@exemple.fr", "role": "professional"},
                           follow_redirects=True)
    assert "pas pu partir" in response.get_data(as_text=True)
    assert db.session.scalars(select(User).where(User.email == "pro@exemple.fr")).one()


def test_development_without_server_writes_eml_files(app, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "TESTING", False)
    monkeypatch.setitem(app.config, "PORTAL_ENV", "development")
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    with app.test_request_context():
        send_mail("une@exemple.fr", "Essai", "Corps du message")
    (eml,) = (tmp_path / "mail").glob("*.eml")
    message = message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert message["To"] == "une@exemple.fr" and message["Subject"] == "Essai"


def test_production_without_server_refuses_to_pretend(app, monkeypatch):
    monkeypatch.setitem(app.config, "TESTING", False)
    monkeypatch.setitem(app.config, "PORTAL_ENV", "production")
    with app.test_request_context(), pytest.raises(MailNotConfigured):
        send_mail("une@exemple.fr", "Essai", "Corps du message")


def test_a_command_builds_links_without_a_request(app, monkeypatch):
    """`flask campaigns remind` runs with no request: links come from PORTAL_BASE_URL, or in the
    development demo from the address `flask run` serves."""
    from flask import has_request_context

    from portal.mail import absolute_url

    assert not has_request_context()
    monkeypatch.setitem(app.config, "SERVER_NAME", None)
    monkeypatch.setitem(app.config, "PORTAL_BASE_URL", "https://aide.example.org")
    assert absolute_url("partners.listing", slug="abc") == "https://aide.example.org/espace/abc"
    monkeypatch.setitem(app.config, "PORTAL_BASE_URL", "")
    monkeypatch.setitem(app.config, "PORTAL_ENV", "development")
    assert absolute_url("partners.listing", slug="abc") == "http://127.0.0.1:5000/espace/abc"
    monkeypatch.setitem(app.config, "PORTAL_ENV", "production")
    with pytest.raises(RuntimeError, match="PORTAL_BASE_URL"):
        absolute_url("partners.listing", slug="abc")
