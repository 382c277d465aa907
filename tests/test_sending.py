"""Sending the slip to the resident: the e-mail and the SMS reach real loopback servers with
the places and the kept link, the address and the number are found nowhere in the database
afterwards, mistakes come back next to their field, a provider failure offers the link and
print, and the per-professional limits hold."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from portal.db import utcnow
from portal.extensions import db
from portal.orientation import sending, slips
from portal.orientation.constants import EMAIL, SMS
from portal.orientation.models import OrientationEvent, SendLog, Slip
from tests.factories import login, make_partner, make_service, make_user, subneed
from tests.mailbox import refusing_server, smtp_server  # noqa: F401 (fixtures)
from tests.sms_stub import sms_server  # noqa: F401 (fixture)

NUMBER_TYPED = "06 12 34 56 78"
ADDRESS = "habitant.wazemmes@exemple.fr"


@pytest.fixture()
def places(app):
    """Two published places, one chosen with a service, each with a phone."""
    food = make_partner(name="Épicerie solidaire Wazemmes", phone="03 20 11 22 33",
                        address="12 rue des Sarrazins", postcode="59000", city="Lille")
    colis = make_service(food, [subneed("colis-alimentaire")], name="Colis du mardi",
                         documents="Pièce d'identité")
    help_desk = make_partner(name="Point d'accès au droit", phone="03 20 44 55 66",
                             address="5 place Vanhoenacker", postcode="59000", city="Lille")
    db.session.commit()
    return [(food, colis), (help_desk, None)]


@pytest.fixture()
def pro(client, places):
    user = make_user("professional")
    assert login(client, user).status_code == 302
    with client.session_transaction() as session:
        session["selection"] = [
            {"partner": places[0][0].id, "service": places[0][1].id, "note": "Venir avant 10 h"},
            {"partner": places[1][0].id, "service": None, "note": ""},
        ]
    return user


def _form(**values) -> dict:
    form = {"channel": SMS, "phone": NUMBER_TYPED, "email": "", "locale": "fr", "consent": "y"}
    form.update(values)
    return form


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def _field_errors(response, field_id: str) -> list[str]:
    """The messages shown next to a field (the macro's list, linked to the field)."""
    html = response.get_data(as_text=True)
    found = re.search(rf'<ul class="field-errors" id="{field_id}-error">(.*?)</ul>', html, re.S)
    return [unescape(re.sub(r"<[^>]+>", "", m)).strip() for m in re.findall(r"<li>(.*?)</li>", found[1], re.S)] \
        if found else []


def _selection(client) -> list:
    with client.session_transaction() as session:
        return list(session.get("selection", []))


def _kept_token(url: str) -> str:
    return url.rsplit("/o/", 1)[1]


def _everything_in_the_database() -> str:
    """Every row of every table, as text."""
    rows = []
    for table in db.metadata.sorted_tables:
        rows.extend(str(tuple(row)) for row in db.session.execute(select(table)))
    return "\n".join(rows)


def _digits_only(text: str) -> str:
    return re.sub(r"\D", "", text)


# E-mail ------------------------------------------------------------------------------------------


def test_the_email_reaches_the_resident_with_the_places_and_the_kept_link(client, pro, smtp_server):  # noqa: F811
    response = client.post("/orientation/envoyer", data=_form(channel=EMAIL, email=ADDRESS, phone=""))
    assert response.status_code == 200
    assert "Message envoyé à la personne" in _text(response)
    [received] = smtp_server.to(ADDRESS)
    assert received.subject == "Votre fiche d'orientation"
    text = received.text
    for expected in ("Épicerie solidaire Wazemmes", "Colis du mardi", "12 rue des Sarrazins", "03 20 11 22 33",
                     "Point d'accès au droit", "03 20 44 55 66", "Venir avant 10 h", "Pièce d'identité",
                     "Prochaine ouverture", "03 20 49 50 00"):
        assert expected in text, expected
    [link] = [url for url in received.links() if "/o/" in url]
    assert slips.find(_kept_token(link)) is not None  # the link in the e-mail opens the kept slip
    assert link in _text(response)
    assert db.session.scalar(select(func.count()).select_from(OrientationEvent)
                             .where(OrientationEvent.kind == EMAIL)) >= 1
    # Nothing of the address anywhere: not the database, not the session.
    assert ADDRESS not in _everything_in_the_database()
    with client.session_transaction() as session:
        assert ADDRESS not in str(dict(session))


def test_a_refused_address_is_logged_without_the_address(client, pro, refusing_server, caplog):  # noqa: F811
    unknown = "inconnu.habitant@exemple.fr"
    response = client.post("/orientation/envoyer", data=_form(channel=EMAIL, email=unknown, phone=""))
    assert response.status_code == 200
    assert refusing_server.messages == []
    failures = [r for r in caplog.records if "failed" in r.getMessage()]
    assert failures and "exemple.fr" in failures[0].getMessage()
    assert unknown not in caplog.text and "inconnu" not in caplog.text


def test_the_email_is_written_in_the_language_chosen_for_the_resident(app, client, pro, smtp_server):  # noqa: F811
    response = client.post("/orientation/envoyer", data=_form(channel=EMAIL, email=ADDRESS, locale="en"))
    assert response.status_code == 200
    [received] = smtp_server.messages
    with force_locale("en"):
        assert received.subject == gettext("Votre fiche d'orientation")
    assert received.text.startswith("Hello,") and "The CCAS de Lille team" in received.text
    assert "Bonjour" not in received.text
    assert "Épicerie solidaire Wazemmes" in received.text  # listings stay in French
    [link] = [url for url in received.links() if "/o/" in url]
    assert "/en/o/" in link
    slip = slips.find(_kept_token(link))
    assert slip.locale == "en"
    html = received.message.get_body(("html",)).get_content()
    assert 'lang="en"' in html and link in html


# SMS ---------------------------------------------------------------------------------------------


def test_the_sms_reaches_the_provider_and_the_number_is_kept_nowhere(client, pro, sms_server):  # noqa: F811
    response = client.post("/orientation/envoyer", data=_form())
    assert response.status_code == 200
    page = _text(response)
    assert "Message envoyé à la personne" in page and "06 •• •• •• 78" in page
    [job] = sms_server.jobs  # the stub accepts only a correctly signed request
    assert job.body["receivers"] == ["+33612345678"]
    message = job.body["message"]
    for expected in ("Épicerie solidaire Wazemmes - Colis du mardi", "12 rue des Sarrazins, 59000 Lille",
                     "03 20 11 22 33", "Point d'accès au droit", "5 place Vanhoenacker", "03 20 44 55 66"):
        assert expected in message, expected
    [link] = re.findall(r"https?://\S+/o/\S+", message)
    assert slips.find(_kept_token(link)) is not None and link in page
    assert sending.segments(message) <= sending.MAX_SEGMENTS
    assert db.session.scalar(select(func.count()).select_from(OrientationEvent)
                             .where(OrientationEvent.kind == SMS)) >= 1
    assert [(log.user_id, log.channel) for log in db.session.scalars(select(SendLog))] == [(pro.id, SMS)]
    # The number, in any of its spellings, is nowhere in the database.
    stored = _everything_in_the_database()
    digits = _digits_only(stored)
    for spelling in ("612345678", "0612345678", "33612345678", "12345678"):
        assert spelling not in digits, spelling
    assert "06 12 34 56 78" not in stored
    with client.session_transaction() as session:
        assert "12345678" not in _digits_only(str(dict(session)))


def test_a_provider_failure_says_the_sms_did_not_leave_and_offers_the_link_and_print(client, pro, sms_server):  # noqa: F811
    sms_server.mode = "signature"
    response = client.post("/orientation/envoyer", data=_form())
    assert response.status_code == 200
    page = _text(response)
    assert "Le SMS n'a pas pu être envoyé" in page
    assert "le service d'envoi de SMS a refusé la demande" in page
    assert "Message envoyé" not in page
    [link] = set(re.findall(r'href="(https?://[^"]+/o/[^"]+)"', page))
    assert slips.find(_kept_token(link)) is not None
    assert "Ouvrir la fiche pour l'imprimer" in page
    kept = client.get(link)  # the kept slip's page, to give or to print
    assert kept.status_code == 200 and "Épicerie solidaire Wazemmes" in _text(kept)
    assert sms_server.jobs == []
    # Not counted as an SMS sent; the send still counts towards the limits.
    assert db.session.scalar(select(func.count()).select_from(OrientationEvent)
                             .where(OrientationEvent.kind == SMS)) == 0
    assert db.session.scalar(select(func.count()).select_from(SendLog)) == 1


# Mistakes ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("values", "field", "message"), [
    ({"phone": "06 12 34"}, "phone", "Ce numéro de téléphone n'est pas valide"),
    ({"phone": "03 20 49 50 00"}, "phone", "Ce numéro n'est pas un portable : un SMS ne peut pas y être envoyé"),
    ({"phone": ""}, "phone", "Indiquez le numéro de portable"),
    ({"channel": EMAIL, "email": "habitant@", "phone": ""}, "email", "Cette adresse e-mail n'est pas valide"),
    ({"channel": EMAIL, "email": ""}, "email", "Indiquez l'adresse e-mail"),
    ({"consent": ""}, "consent", "Demandez d'abord à la personne"),
    ({"channel": "fax"}, "channel", "Choisissez l'e-mail ou le SMS"),
    ({"locale": "de"}, "locale", "Choisissez une langue de la liste"),
    ({"phone": "06 12 34\x00 56 78"}, "phone", "caractère invisible"),
])
def test_a_mistake_comes_back_next_to_its_field_keeping_what_was_typed(client, pro, sms_server, smtp_server,  # noqa: F811
                                                                        values, field, message):
    before = _selection(client)
    response = client.post("/orientation/envoyer", data=_form(**values))
    assert response.status_code == 422
    errors = _field_errors(response, f"send-{field}")
    assert any(message in error for error in errors), errors
    html = response.get_data(as_text=True)
    typed = values.get(field) if field in ("phone", "email") else None
    if typed and "\x00" not in typed:
        assert f'value="{typed}"' in html
    assert 'aria-invalid="true"' in html
    assert _selection(client) == before
    assert sms_server.jobs == [] and smtp_server.messages == []
    assert db.session.scalar(select(func.count()).select_from(Slip)) == 0


def test_the_other_channel_field_is_not_checked(client, pro, sms_server):  # noqa: F811
    response = client.post("/orientation/envoyer", data=_form(email="pas une adresse"))
    assert response.status_code == 200 and len(sms_server.jobs) == 1


def test_an_empty_selection_is_said_plainly(client, pro, sms_server):  # noqa: F811
    with client.session_transaction() as session:
        session["selection"] = []
    response = client.post("/orientation/envoyer", data=_form())
    assert response.status_code == 422
    assert "Votre sélection est vide" in _text(response)
    assert f'value="{NUMBER_TYPED}"' in response.get_data(as_text=True)
    assert sms_server.jobs == []


def test_the_form_page_lists_what_will_be_sent(client, pro):
    response = client.get("/orientation/envoyer")
    assert response.status_code == 200
    page = _text(response)
    assert "Épicerie solidaire Wazemmes" in page and "Point d'accès au droit" in page
    assert "La personne a accepté de recevoir ce message" in page


# Limits ------------------------------------------------------------------------------------------


def test_the_hourly_limit_refuses_and_sends_nothing(app, client, pro, sms_server):  # noqa: F811
    app.config["PORTAL_SENDS_PER_HOUR"] = 2
    for _ in range(2):
        assert client.post("/orientation/envoyer", data=_form()).status_code == 200
    response = client.post("/orientation/envoyer", data=_form())
    assert response.status_code == 429
    assert "c'est la limite" in _text(response)
    assert len(sms_server.jobs) == 2
    assert db.session.scalar(select(func.count()).select_from(Slip)) == 2


def test_the_daily_limit_counts_the_last_24_hours(app, client, pro, places, smtp_server):  # noqa: F811
    app.config["PORTAL_SENDS_PER_DAY"] = 3
    earlier = utcnow() - timedelta(hours=5)
    db.session.add_all([SendLog(user_id=pro.id, channel=EMAIL, created_at=earlier) for _ in range(3)])
    db.session.add(SendLog(user_id=pro.id, channel=EMAIL, created_at=utcnow() - timedelta(hours=30)))
    db.session.commit()
    response = client.post("/orientation/envoyer", data=_form(channel=EMAIL, email=ADDRESS))
    assert response.status_code == 429 and "24 heures" in _text(response)
    assert smtp_server.messages == []
    # Another professional is not held by them.
    colleague = app.test_client()
    login(colleague, make_user("professional"))
    with colleague.session_transaction() as session:
        session["selection"] = [{"partner": places[1][0].id, "service": None, "note": ""}]
    assert colleague.post("/orientation/envoyer", data=_form(channel=EMAIL, email=ADDRESS)).status_code == 200
    assert len(smtp_server.messages) == 1


def test_purge_forgets_sends_older_than_a_day(app, pro):
    now = utcnow()
    db.session.add_all([SendLog(user_id=pro.id, channel=SMS, created_at=now - timedelta(hours=25)),
                        SendLog(user_id=pro.id, channel=SMS, created_at=now - timedelta(hours=2))])
    db.session.flush()
    assert sending.purge_log(now) == 1
    assert [log.created_at > now - timedelta(hours=3) for log in db.session.scalars(select(SendLog))] == [True]
