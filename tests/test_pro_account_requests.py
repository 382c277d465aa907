"""A professional asks for an account with the e-mail of their organisation; the CCAS team is
told by e-mail, then accepts (the usual invitation) or refuses (a polite e-mail). The form never
tells whether an address is known, and decided requests are erased after a while."""

from __future__ import annotations

import time
from datetime import timedelta
from html import unescape
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from portal.accounts import pro_requests
from portal.accounts.models import AccountRequest, User
from portal.db import utcnow
from portal.extensions import db, limiter
from portal.feedback.forms import form_stamp
from tests.factories import login, make_user
from tests.mailbox import loopback_smtp

FORM_URL = "/demande-de-compte-professionnel"
SENT_URL = "/demande-de-compte-professionnel/envoyee"


def request_form(**values) -> dict:
    form = {"name": "Nadia Benali", "email": "n.benali@centre-social-fives.fr",
            "organisation": "Centre social de Fives", "job": "Conseillère en économie sociale et familiale",
            "message": "Je souhaite préparer des fiches pour les familles que j'accompagne.",
            "shown_at": form_stamp(time.time() - 10)}
    form.update(values)
    return form


def ask(client, **values):
    """Send the form, and let the answer reach the browser: the e-mail leaves then."""
    with client.post(FORM_URL, data=request_form(**values)) as response:
        response.get_data()
    return response


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def _requests() -> list[AccountRequest]:
    return list(db.session.scalars(select(AccountRequest).order_by(AccountRequest.id)))


def waiting(email: str, name: str = "Marc Durand", organisation: str = "Mairie de quartier") -> AccountRequest:
    """A request waiting for a decision, as the form stores it."""
    asked = AccountRequest(email=email, name=name, organisation=organisation)
    db.session.add(asked)
    db.session.commit()
    return asked


def _user(email: str) -> User | None:
    return db.session.scalars(select(User).where(User.email == email)).first()


@pytest.fixture()
def mailbox(app):
    """What the application sends, received by an SMTP server on the loopback interface."""
    with loopback_smtp(app.config) as received:
        yield received


@pytest.fixture()
def admin(app):
    return make_user("admin", email="equipe@ccas-lille.fr")


def test_the_login_page_offers_to_ask_for_an_account(client):
    page = _text(client.get("/connexion"))
    assert f'href="{FORM_URL}"' in page and "Demander un compte professionnel" in page
    form = _text(client.get(FORM_URL))
    for label in ("Prénom et nom", "Adresse e-mail professionnelle", "Structure", "Fonction"):
        assert label in form


def test_a_request_is_told_to_the_admins_then_accepted_as_an_invitation(app, client, mailbox, admin):
    make_user("admin", email="ancienne@ccas-lille.fr", is_active=False)
    response = ask(client)
    assert response.status_code == 302 and response.headers["Location"].endswith(SENT_URL)
    assert "L'équipe du CCAS de Lille va vérifier votre demande" in _text(client.get(SENT_URL))
    (asked,) = _requests()
    assert (asked.email, asked.organisation, asked.status) == (
        "n.benali@centre-social-fives.fr", "Centre social de Fives", "pending")

    # The active administrators are told, the closed account is not.
    (told,) = mailbox.messages
    assert told.recipients == ["equipe@ccas-lille.fr"]
    assert told.subject == "Nouvelle demande de compte professionnel"
    assert "Nadia Benali" in told.text and "Centre social de Fives" in told.text
    assert "Je souhaite préparer des fiches" in told.text
    assert any(urlsplit(link).path == "/admin/demandes-de-compte" for link in told.links())

    assert login(client, admin).status_code == 302
    assert "1 en attente" in _text(client.get("/admin"))
    page = _text(client.get("/admin/demandes-de-compte"))
    assert "Nadia Benali" in page and "En attente" in page

    response = client.post(f"/admin/demandes-de-compte/{asked.id}/accepter")
    assert response.status_code == 302
    assert "invitation envoyée à n.benali@centre-social-fives.fr" in _text(client.get(response.headers["Location"]))
    user = _user("n.benali@centre-social-fives.fr")
    assert user is not None and user.role == "professional" and user.password_hash is None
    db.session.refresh(asked)
    assert (asked.status, asked.decided_by_id) == ("approved", admin.id) and asked.decided_at is not None

    (invitation,) = mailbox.to("n.benali@centre-social-fives.fr")
    assert "invite à rejoindre l'annuaire" in invitation.text
    (link,) = invitation.links()
    # The person chooses a password with the link and enters as a professional.
    other = app.test_client()
    response = other.post(urlsplit(link).path, data={"password": "une phrase assez longue",
                                                     "confirm": "une phrase assez longue"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.password_hash is not None
    assert "0 en attente" in _text(client.get("/admin"))


def test_a_refusal_sends_a_polite_email_with_the_reason(client, mailbox, admin):
    asked = waiting("m.durand@mairie-lille.fr")
    assert login(client, admin).status_code == 302
    response = client.post(f"/admin/demandes-de-compte/{asked.id}/refuser",
                           data={f"r{asked.id}-reason": "Les comptes sont réservés aux structures partenaires."})
    assert response.status_code == 302
    assert "Demande de m.durand@mairie-lille.fr refusée" in _text(client.get(response.headers["Location"]))
    db.session.refresh(asked)
    assert asked.status == "refused" and asked.decided_at is not None
    (refusal,) = mailbox.to("m.durand@mairie-lille.fr")
    assert refusal.subject == "Votre demande de compte professionnel"
    assert "Bonjour Marc Durand" in refusal.text
    assert "Les comptes sont réservés aux structures partenaires." in refusal.text
    assert "reste ouvert à tous sans compte" in refusal.text
    assert _user("m.durand@mairie-lille.fr") is None
    # Decided: no more buttons, and a second decision is refused politely.
    page = _text(client.get("/admin/demandes-de-compte"))
    assert "Refusée" in page and f"/admin/demandes-de-compte/{asked.id}/accepter" not in page
    response = client.post(f"/admin/demandes-de-compte/{asked.id}/accepter")
    assert "déjà été traitée" in _text(client.get(response.headers["Location"]))
    assert _user("m.durand@mairie-lille.fr") is None


def test_a_too_long_reason_is_sent_back_with_what_was_typed(client, admin):
    asked = waiting("a@asso-fives.fr")
    login(client, admin)
    typed = "Trop long. " * 60
    response = client.post(f"/admin/demandes-de-compte/{asked.id}/refuser", data={f"r{asked.id}-reason": typed})
    assert response.status_code == 422
    page = _text(response)
    assert "500 caractères au plus." in page and typed.strip() in page
    db.session.refresh(asked)
    assert asked.status == "pending"


@pytest.mark.parametrize("email", ["nadia.benali@gmail.com", "NADIA@Orange.fr", "nadia@mail.free.fr"])
def test_a_personal_mailbox_is_refused(client, email):
    response = ask(client, email=email)
    assert response.status_code == 422
    page = _text(response)
    assert "Utilisez l'adresse e-mail de votre structure" in page
    assert "Centre social de Fives" in page  # what was typed stays
    assert _requests() == []


def test_missing_fields_are_said_next_to_them(client):
    response = ask(client, name="", organisation="", email="pas-une-adresse")
    assert response.status_code == 422
    page = _text(response)
    for message in ("Indiquez votre prénom et votre nom.", "Indiquez la structure où vous travaillez.",
                    "Cette adresse e-mail n'est pas valide"):
        assert message in page
    assert _requests() == []


@pytest.mark.parametrize("known", ["account", "invited", "pending"])
def test_a_known_address_gets_the_same_page_and_nothing_happens(client, mailbox, admin, known):
    email = "n.benali@centre-social-fives.fr"
    if known == "account":
        make_user("professional", email=email)
    elif known == "invited":
        make_user("partner", email=email, password=None)
    else:
        waiting(email)
    before = len(_requests())
    response = ask(client, email=email.upper())
    assert response.status_code == 302 and response.headers["Location"].endswith(SENT_URL)
    assert len(_requests()) == before
    assert mailbox.messages == []


def test_robots_get_the_same_page_and_nothing_is_stored(client, mailbox, admin):
    assert ask(client, reference_dossier="http://spam.example").headers["Location"].endswith(SENT_URL)
    assert ask(client, shown_at=form_stamp()).headers["Location"].endswith(SENT_URL)
    assert _requests() == [] and mailbox.messages == []


def test_sendings_are_limited_per_address(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "PORTAL_RATE_LIMITS", True)
    monkeypatch.setitem(app.config, "PORTAL_FEEDBACK_RATE_LIMIT", "2/hour")
    limiter.reset()
    try:
        assert ask(client, email="pas-une-adresse").status_code == 422  # a correction does not count
        assert ask(client, email="a@asso-un.fr").status_code == 302
        assert ask(client, email="b@asso-deux.fr").status_code == 302
        assert ask(client, email="c@asso-trois.fr").status_code == 429
        assert len(_requests()) == 2
    finally:
        limiter.reset()


def test_accepting_an_address_that_meanwhile_has_an_account_invites_nobody(client, mailbox, admin):
    asked = waiting("l.martin@epicerie-moulins.fr", "Léa Martin", "Épicerie de Moulins")
    member = make_user("partner", email="l.martin@epicerie-moulins.fr")
    login(client, admin)
    response = client.post(f"/admin/demandes-de-compte/{asked.id}/accepter")
    assert response.status_code == 302
    page = _text(client.get(response.headers["Location"]))
    assert "Un compte existe déjà pour l.martin@epicerie-moulins.fr" in page
    db.session.refresh(member)
    db.session.refresh(asked)
    assert member.role == "partner" and member.partners  # untouched
    assert asked.status == "approved"
    assert mailbox.to("l.martin@epicerie-moulins.fr") == []


def test_purge_erases_decided_requests_past_retention_and_keeps_waiting_ones(app, admin):
    now = utcnow()
    days = app.config["PORTAL_ACCOUNT_REQUEST_RETENTION_DAYS"]

    def made(email: str, status: str, decided_days_ago: int | None, created_days_ago: int = 90):
        asked = AccountRequest(email=email, name="X", organisation="Y", status=status,
                               created_at=now - timedelta(days=created_days_ago))
        if decided_days_ago is not None:
            asked.decided_at, asked.decided_by = now - timedelta(days=decided_days_ago), admin
        db.session.add(asked)
        return asked

    made("vieux-oui@asso.fr", "approved", days + 1)
    made("vieux-non@asso.fr", "refused", days + 5)
    made("recent@asso.fr", "refused", days - 1)
    made("attend@asso.fr", "pending", None, created_days_ago=400)
    db.session.flush()
    assert pro_requests.purge(now) == 2
    db.session.commit()
    assert sorted(r.email for r in _requests()) == ["attend@asso.fr", "recent@asso.fr"]
    assert db.session.scalar(select(func.count()).select_from(AccountRequest)) == 2
