"""Orientation requests: a professional asks a service to take a person on; the partner answers
through a signed link without an account; the professional sees each answer and is told of
it; both are reminded once without an answer; personal data is erased after the retention
period while the anonymous counts stay."""

from __future__ import annotations

from datetime import timedelta
from html import unescape
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from portal.db import utcnow
from portal.extensions import db
from portal.orientation import requests, stats
from portal.orientation.models import OrientationEvent, OrientationRequest, RequestLink
from tests.factories import login, make_partner, make_service, make_user, quartier, subneed
from tests.mailbox import smtp_server  # noqa: F401 (fixture)

FORM = {
    "person_name": "Fatima Benali",
    "person_contact": "06 12 34 56 78",
    "summary": "Famille de 4 personnes, sans ressources depuis deux mois.\nDisponible le matin.",
    "consent": "y",
}


@pytest.fixture()
def place(app):
    """A published service that accepts requests, sent to the partner's address for professionals."""
    partner = make_partner(name="Épicerie solidaire de Fives", pro_email="orientation@epicerie.fr",
                           phone="03 20 00 00 01", quartier=quartier("fives"))
    service = make_service(partner, [subneed("colis-alimentaire")], name="Colis du mardi",
                           accepts_orientations=True)
    return partner, service


@pytest.fixture()
def pro(client):
    user = make_user("professional", email="assistante@ccas-lille.fr")
    assert login(client, user).status_code == 302
    return user


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def _send(client, service, **values):
    with client.post(f"/orientation/demande/{service.id}", data={**FORM, **values}) as response:
        response.get_data()
    return response


def _answer(client, path, **data):
    with client.post(path, data=data) as response:
        response.get_data()
    return response


def _events() -> list[tuple[str, str, str]]:
    rows = db.session.execute(select(OrientationEvent.kind, OrientationEvent.need_slug,
                                     OrientationEvent.quartier_slug))
    return sorted(tuple(row) for row in rows)


def _only_request() -> OrientationRequest:
    return db.session.scalars(select(OrientationRequest)).one()


def test_full_cycle_send_answer_through_the_link_and_see_the_status(app, client, place, pro,
                                                                    smtp_server):  # noqa: F811
    partner, service = place
    form = client.get(f"/orientation/demande/{service.id}")
    assert form.status_code == 200
    page = _text(form)
    assert "Colis du mardi" in page and "Épicerie solidaire de Fives" in page
    assert "orientation@epicerie.fr" in page  # where the request goes
    assert "Prénom ou initiales seulement" in page

    sent = _send(client, service)
    assert sent.status_code == 302 and urlsplit(sent.headers["Location"]).path == "/orientation/demandes"
    stored = _only_request()
    assert (stored.status, stored.person_name, stored.professional_id) == ("sent", "Fatima Benali", pro.id)
    assert stored.consent_at is not None
    # Counted for the service's need where it is given.
    assert (stored.need_slug, stored.quartier_slug) == min(stats.pairs_of(partner, service))
    assert stored.need_slug

    (mail,) = smtp_server.to("orientation@epicerie.fr")
    assert "Colis du mardi" in mail.subject
    # The e-mail carries the link, not the person's situation.
    assert "Fatima" not in mail.text and "06 12 34 56 78" not in mail.text
    (link,) = mail.links()
    path = urlsplit(link).path
    assert path.startswith("/orientation/reponse/")
    # Only a hash of the link's secret is stored.
    secret = path.rsplit("/", 1)[1]
    assert db.session.scalar(select(func.count()).select_from(RequestLink)
                             .where(RequestLink.token_hash == secret)) == 0

    listing = _text(client.get("/orientation/demandes"))
    assert "Envoyée, sans réponse" in listing and "Fatima Benali" in listing

    # The partner, without an account.
    partner_side = app.test_client()
    shown = partner_side.get(path)
    assert shown.status_code == 200
    assert shown.headers["Cache-Control"] == "no-store" and "noindex" in shown.headers["X-Robots-Tag"]
    answer_page = _text(shown)
    for expected in ("Fatima Benali", "06 12 34 56 78", "sans ressources depuis deux mois",
                     "assistante@ccas-lille.fr", "Colis du mardi"):
        assert expected in answer_page
    # Opening the link answers nothing (mail scanners follow links).
    assert _only_request().status == "sent"

    accepted = _answer(partner_side, path, answer="accepted", note="Rendez-vous proposé jeudi.")
    assert accepted.status_code == 302 and urlsplit(accepted.headers["Location"]).path == path
    db.session.expire_all()
    assert _only_request().status == "accepted" and _only_request().answered_at is not None
    assert "Acceptée" in _text(client.get("/orientation/demandes"))
    (told,) = smtp_server.to("assistante@ccas-lille.fr")
    assert "F. B." in told.subject and "acceptée" in told.subject
    assert "Fatima" not in told.text and "Rendez-vous proposé jeudi." in told.text

    # The same link still works, now to say the contact was made; accepting again is not offered.
    again = _text(partner_side.get(path))
    assert "Contact pris avec la personne" in again and "J'accepte" not in again
    done = _answer(partner_side, path, answer="contacted")
    assert done.status_code == 302
    assert urlsplit(done.headers["Location"]).path == "/orientation/reponse-envoyee"
    db.session.expire_all()
    assert _only_request().status == "contacted"
    assert db.session.scalars(select(RequestLink)).one().used_at is not None
    assert "Personne contactée" in _text(client.get("/orientation/demandes"))
    assert len(smtp_server.to("assistante@ccas-lille.fr")) == 2

    # A final answer closes the link, without showing anything about the person.
    for response in (partner_side.get(path), partner_side.post(path, data={"answer": "refused",
                                                                          "reason": "full"})):
        assert response.status_code == 410
        gone = _text(response)
        assert "Cette demande a déjà reçu une réponse" in gone and "Fatima" not in gone
    db.session.expire_all()
    assert _only_request().status == "contacted"
    assert [kind for kind, _need, _q in _events()] == ["accepted", "contacted", "request"]


def _sent_link(app, service, professional) -> str:
    """A request sent through the operation, and the path of an answer link of it (a second
    one: the first left in the e-mail)."""
    with app.test_request_context():
        stored = requests.send(service, professional, person_name="J. D.", person_contact="via moi",
                               summary="Besoin d'un colis cette semaine.")
        raw = requests.issue_link(stored)
    db.session.commit()
    return f"/orientation/reponse/{raw}"


def test_a_refusal_needs_a_reason_and_is_told_with_it(app, client, place, smtp_server):  # noqa: F811
    partner, service = place
    professional = make_user("professional", email="educ@apradis.fr")
    path = _sent_link(app, service, professional)

    refused = _answer(client, path, answer="refused", note="Désolés.")
    assert refused.status_code == 422
    page = _text(refused)
    assert "Choisissez la raison du refus." in page and "Désolés." in page  # nothing lost
    db.session.expire_all()
    assert _only_request().status == "sent"

    nothing = _answer(client, path)
    assert nothing.status_code == 422 and "Choisissez votre réponse." in _text(nothing)

    assert _answer(client, path, answer="refused", reason="full").status_code == 302
    db.session.expire_all()
    stored = _only_request()
    assert (stored.status, stored.refusal_reason) == ("refused", "full")
    (told,) = smtp_server.to("educ@apradis.fr")
    assert "n'a pas été acceptée" in told.subject and "Plus de place pour le moment" in told.text
    assert "Plus de place pour le moment" in _text(
        (login(client, professional), client.get("/orientation/demandes"))[1])
    assert client.get(path).status_code == 410


@pytest.mark.parametrize("token", ["inconnu", "x" * 43, "a" * 500])
def test_a_forged_answer_link_is_refused(app, client, place, token):
    partner, service = place
    _sent_link(app, service, make_user("professional"))
    for response in (client.get(f"/orientation/reponse/{token}"),
                     client.post(f"/orientation/reponse/{token}", data={"answer": "accepted"})):
        assert response.status_code == 410
        assert "Ce lien n'est pas valable" in _text(response) and "J. D." not in _text(response)
    assert _only_request().status == "sent"


def test_an_expired_answer_link_is_refused(app, client, place):
    partner, service = place
    path = _sent_link(app, service, make_user("professional"))
    for link in db.session.scalars(select(RequestLink)):
        link.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    for response in (client.get(path), client.post(path, data={"answer": "accepted"})):
        assert response.status_code == 410
        assert "Ce lien a expiré" in _text(response) and "J. D." not in _text(response)
    db.session.expire_all()
    assert _only_request().status == "sent"


def test_a_service_that_does_not_accept_requests_has_no_form(client, place, pro):
    partner, service = place
    other = make_service(partner, [subneed("colis-alimentaire")], name="Permanence")
    assert client.get(f"/orientation/demande/{other.id}").status_code == 404
    assert _send(client, other).status_code == 404
    # On the partner's page, only the service that accepts requests offers the link.
    page = _text(client.get(f"/partenaires/{partner.slug}"))
    assert page.count("Demander une orientation vers ce service") == 1
    assert f"/orientation/demande/{service.id}" in page
    # An archived service, or one of an unpublished partner, is not reachable either.
    service.status = "archived"
    db.session.commit()
    assert client.get(f"/orientation/demande/{service.id}").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(OrientationRequest)) == 0


def test_the_form_says_what_is_missing_and_keeps_what_was_typed(client, place, pro):
    partner, service = place
    response = _send(client, service, consent="", person_name="", summary="x" * 601)
    assert response.status_code == 422
    page = _text(response)
    assert "Indiquez le prénom ou les initiales de la personne." in page
    assert "cochez cette case quand elle l'a donné" in page
    assert "600 caractères au plus" in page
    assert "06 12 34 56 78" in page  # what was typed is still there
    assert db.session.scalar(select(func.count()).select_from(OrientationRequest)) == 0


def test_a_place_without_any_address_asks_to_call(client, pro):
    partner = make_partner(name="Accueil de jour", phone="03 20 11 22 33")
    service = make_service(partner, [subneed("colis-alimentaire")], accepts_orientations=True)
    page = _text(client.get(f"/orientation/demande/{service.id}"))
    assert "ne peut pas recevoir de demande en ligne" in page and "03 20 11 22 33" in page
    assert 'name="summary"' not in page
    assert _send(client, service).status_code == 422
    assert db.session.scalar(select(func.count()).select_from(OrientationRequest)) == 0


def test_without_an_address_for_professionals_the_members_and_contact_address_receive_it(app):
    partner = make_partner(contact_email="contact@asso.fr", email="accueil@asso.fr")
    make_user("partner", partners=[partner], email="membre@asso.fr")
    make_user("partner", partners=[partner], email="parti@asso.fr", is_active=False)
    assert requests.recipients(partner) == ["membre@asso.fr", "contact@asso.fr"]
    partner.pro_email = "pros@asso.fr"
    assert requests.recipients(partner) == ["pros@asso.fr"]


def test_a_listing_with_only_its_public_address_receives_requests_there(app):
    partner = make_partner(email="accueil@asso.fr")
    assert requests.recipients(partner) == ["accueil@asso.fr"]


def test_a_professional_sees_only_their_own_requests(app, client, place):
    partner, service = place
    mine = make_user("professional", email="moi@ccas.fr")
    _sent_link(app, service, make_user("professional", email="collegue@ccas.fr"))
    assert login(client, mine).status_code == 302
    page = _text(client.get("/orientation/demandes"))
    assert "J. D." not in page and "Vous n'avez encore envoyé aucune demande" in page


def test_an_admin_can_send_and_sees_their_own_requests(client, place):
    partner, service = place
    admin = make_user("admin", email="equipe@ccas.fr")
    assert login(client, admin).status_code == 302
    assert _send(client, service, person_name="A. M.").status_code == 302
    assert "A. M." in _text(client.get("/orientation/demandes"))


def test_partner_members_and_visitors_cannot_send(client, place):
    partner, service = place
    response = client.get(f"/orientation/demande/{service.id}")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    assert login(client, make_user("partner")).status_code == 302
    assert _send(client, service).status_code == 403
    assert db.session.scalar(select(func.count()).select_from(OrientationRequest)) == 0


def test_the_answer_page_exists_in_every_language(app, place):
    partner, service = place
    path = _sent_link(app, service, make_user("professional"))
    english = app.test_client().get("/en" + path)
    assert english.status_code == 200 and 'lang="en"' in english.get_data(as_text=True)


# Reminders and retention ------------------------------------------------------------------


def test_without_an_answer_both_sides_are_reminded_once(app, client, place, smtp_server):  # noqa: F811
    partner, service = place
    professional = make_user("professional", email="educ@apradis.fr")
    first = _sent_link(app, service, professional)
    stored = _only_request()
    stored.created_at = utcnow() - timedelta(days=app.config["PORTAL_REQUEST_REMINDER_DAYS"] + 1)
    recent = OrientationRequest(service=service, partner=partner, professional=professional,
                                person_name="K.", person_contact="via moi", summary="…",
                                consent_at=utcnow())
    db.session.add(recent)
    db.session.commit()
    smtp_server.messages.clear()

    runner = app.test_cli_runner()
    result = runner.invoke(args=["orientation", "remind"])
    assert result.exit_code == 0 and "Demandes relancées : 1." in result.output
    (to_partner,) = smtp_server.to("orientation@epicerie.fr")
    assert "Rappel" in to_partner.subject
    (new_link,) = to_partner.links()
    (to_pro,) = smtp_server.to("educ@apradis.fr")
    assert "attend toujours une réponse" in to_pro.subject and "03 20 00 00 01" in to_pro.text
    db.session.expire_all()
    assert stored.reminded_at is not None and recent.reminded_at is None

    # Both the new link and the first one work.
    assert client.get(urlsplit(new_link).path).status_code == 200
    assert client.get(first).status_code == 200

    assert "Demandes relancées : 0." in runner.invoke(args=["orientation", "remind"]).output
    assert len(smtp_server.messages) == 2


def test_retention_erases_personal_data_and_keeps_the_counts(app, client, place):
    partner, service = place
    professional = make_user("professional", email="educ@apradis.fr")
    old_path = _sent_link(app, service, professional)
    old = _only_request()
    assert _answer(client, old_path, answer="accepted", note="Appel prévu.").status_code == 302
    old.created_at = utcnow() - timedelta(days=app.config["PORTAL_ORIENTATION_RETENTION_DAYS"] + 1)
    db.session.commit()
    with app.test_request_context():
        recent = requests.send(service, professional, person_name="Karim", person_contact="karim@exemple.fr",
                               summary="Demande récente.")
    db.session.commit()
    counts = _events()

    result = app.test_cli_runner().invoke(args=["orientation", "purge"])
    assert result.exit_code == 0 and "Demandes d'orientation anonymisées : 1." in result.output

    db.session.expire_all()
    row = db.session.get(OrientationRequest, old.id)
    assert (row.person_name, row.person_contact, row.summary, row.answer_note) == ("", "", "", "")
    assert row.erased_at is not None and row.status == "accepted" and row.need_slug
    assert db.session.scalar(select(func.count()).select_from(RequestLink)
                             .where(RequestLink.request_id == old.id)) == 0
    kept = db.session.get(OrientationRequest, recent.id)
    assert (kept.person_name, kept.summary, kept.erased_at) == ("Karim", "Demande récente.", None)
    assert _events() == counts  # the anonymous counts stay

    # The erased request's link no longer opens anything; the list says the data is gone.
    assert client.get(old_path).status_code == 410
    assert login(client, professional).status_code == 302
    listing = _text(client.get("/orientation/demandes"))
    assert "données effacées" in listing and "Karim" in listing
    assert "Demandes d'orientation anonymisées : 0." in \
        app.test_cli_runner().invoke(args=["orientation", "purge"]).output


def test_a_request_sent_from_an_english_page_reaches_the_partner_in_french(client, place, pro,
                                                                           smtp_server):  # noqa: F811
    partner, service = place
    with client.post(f"/en/orientation/demande/{service.id}", data=FORM) as response:
        response.get_data()
    assert response.status_code == 302
    (mail,) = smtp_server.to("orientation@epicerie.fr")
    assert mail.subject.startswith("Demande d'orientation")
    (link,) = mail.links()
    assert urlsplit(link).path.startswith("/orientation/reponse/")


def test_an_answer_the_request_no_longer_allows_changes_nothing(app, place):
    partner, service = place
    path = _sent_link(app, service, make_user("professional"))
    link = requests.find_link(path.rsplit("/", 1)[1])
    with pytest.raises(ValueError):
        requests.answer(link, "refused")  # a refusal needs its reason
    requests.answer(link, "contacted")
    with pytest.raises(requests.AlreadyAnswered):
        requests.answer(link, "accepted")
    with pytest.raises(requests.AlreadyAnswered):
        requests.answer(link, "refused", "full")
    db.session.expire_all()
    assert (_only_request().status, _only_request().refusal_reason) == ("contacted", "")
