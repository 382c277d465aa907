""""Signaler une erreur" and "Proposer un lieu": what residents and professionals send is stored
for the CCAS team and listed for administrators, changes nothing public, and robots get a polite
page that stores nothing (honeypot, a form sent back too fast, a rate limit)."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from html import unescape
from urllib.parse import quote_plus

import pytest
from sqlalchemy import func, select

from portal.db import utcnow
from portal.directory.models import Partner
from portal.extensions import db, limiter
from portal.feedback.forms import MIN_SECONDS, form_stamp
from portal.feedback.models import PlaceProposal, Report
from tests.factories import login, make_partner, make_user


def _stamp(seconds_ago: float = 10) -> str:
    """The hidden stamp of a form shown `seconds_ago` (a person takes that long to fill it in)."""
    return form_stamp(time.time() - seconds_ago)


def report_form(**values) -> dict:
    form = {"code": "hours", "text": "Fermé le mercredi depuis septembre.", "email": "",
            "shown_at": _stamp()}
    form.update(values)
    return form


def proposal_form(**values) -> dict:
    form = {"name": "Épicerie solidaire du Faubourg", "address": "3 rue d'Arras", "postcode": "59000",
            "city": "Lille", "phone": "0320112233", "website": "epicerie.example.org",
            "offer": "Produits à petit prix, sur orientation d'un travailleur social.",
            "need": "alimentation", "email": "", "shown_at": _stamp()}
    form.update(values)
    return form


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


@pytest.fixture()
def partner(app):
    partner = make_partner(name="Centre social des Bois-Blancs")
    db.session.commit()
    return partner


# Signaler une erreur --------------------------------------------------------------------------


def test_every_listing_links_to_its_report_form(client, partner):
    page = _text(client.get(f"/partenaires/{partner.slug}"))
    assert f'href="/partenaires/{partner.slug}/signaler"' in page
    assert "Signaler une erreur sur cette fiche" in page


def test_a_report_is_stored_and_changes_nothing_on_the_listing(client, partner):
    page = _text(client.get(f"/partenaires/{partner.slug}/signaler"))
    assert "Le lieu a fermé définitivement" in page and "Ce qui a changé" in page
    response = client.post(f"/partenaires/{partner.slug}/signaler",
                           data=report_form(email="marie@exemple.fr", is_professional="y"))
    assert response.status_code == 302
    thanks = _text(client.get(response.headers["Location"]))
    assert "L'équipe du CCAS va vérifier" in thanks
    assert "Rien ne change sur la fiche tant qu'elle ne l'a pas vérifié" in thanks
    report = db.session.scalars(select(Report)).one()
    assert (report.partner_id, report.code, report.text) == (partner.id, "hours",
                                                             "Fermé le mercredi depuis septembre.")
    assert (report.email, report.is_professional, report.status) == ("marie@exemple.fr", True, "new")
    assert "Fermé le mercredi" not in _text(client.get(f"/partenaires/{partner.slug}"))


def test_an_unpublished_or_unknown_listing_cannot_be_reported(client):
    draft = make_partner(status="draft")
    db.session.commit()
    for slug in (draft.slug, "nulle-part"):
        assert client.get(f"/partenaires/{slug}/signaler").status_code == 404
        assert client.post(f"/partenaires/{slug}/signaler", data=report_form()).status_code == 404
        assert client.get(f"/partenaires/{slug}/signaler/merci").status_code == 404
    assert _count(Report) == 0


def test_a_report_with_mistakes_comes_back_with_what_was_typed(client, partner):
    typed = "Le numéro a changé " + "x" * 500
    response = client.post(f"/partenaires/{partner.slug}/signaler",
                           data=report_form(code="", text=typed, email="marie@", is_professional="y"))
    assert response.status_code == 422
    page = _text(response)
    assert 'class="error-summary"' in page and "<title>Erreur :" in page
    assert "Choisissez ce qui est faux sur la fiche." in page
    assert "500 caractères au plus" in page
    assert "Cette adresse e-mail n'est pas valide" in page
    assert typed in page and 'value="marie@"' in page
    assert re.search(r'<input[^>]*checked[^>]*name="is_professional"|<input[^>]*name="is_professional"[^>]*checked', page)
    assert re.search(r'href="#(code-0)"', page) and 'id="code-0"' in page  # the summary leads to the question
    assert _count(Report) == 0


def test_an_unknown_code_is_refused_like_a_missing_one(client, partner):
    response = client.post(f"/partenaires/{partner.slug}/signaler", data=report_form(code="drop-table"))
    assert response.status_code == 422
    assert "Choisissez ce qui est faux sur la fiche." in _text(response)
    assert _count(Report) == 0


def test_a_filled_honeypot_gets_the_thank_you_page_and_nothing_is_stored(client, partner):
    form_page = _text(client.get(f"/partenaires/{partner.slug}/signaler"))
    assert re.search(r'<label for="reference_dossier">Ne pas remplir ce champ</label>', form_page)
    assert re.search(r'<input[^>]*name="reference_dossier"[^>]*tabindex="-1"', form_page) or \
        re.search(r'<input[^>]*tabindex="-1"[^>]*name="reference_dossier"', form_page)
    response = client.post(f"/partenaires/{partner.slug}/signaler",
                           data=report_form(reference_dossier="http://spam.example"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/partenaires/{partner.slug}/signaler/merci")
    assert _count(Report) == 0


def test_a_form_sent_back_at_once_is_dropped_quietly(client, partner):
    page = _text(client.get(f"/partenaires/{partner.slug}/signaler"))
    shown_at = re.search(r'name="shown_at" type="hidden" value="([^"]+)"|type="hidden" name="shown_at" value="([^"]+)"'
                         r'|id="shown_at" name="shown_at" type="hidden" value="([^"]+)"', page)
    stamp = next(group for group in shown_at.groups() if group)
    response = client.post(f"/partenaires/{partner.slug}/signaler", data=report_form(shown_at=stamp))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/signaler/merci")
    assert _count(Report) == 0
    # The same stamp, once a person would have had the time, is accepted.
    later = form_stamp(time.time() - MIN_SECONDS - 1)
    assert client.post(f"/partenaires/{partner.slug}/signaler", data=report_form(shown_at=later)).status_code == 302
    assert _count(Report) == 1


@pytest.mark.parametrize("stamp", ["", "forged", "MTIzNDU2.Zm9yZ2Vk"])
def test_a_forged_or_missing_stamp_asks_to_send_again_and_keeps_the_text(client, partner, stamp):
    response = client.post(f"/partenaires/{partner.slug}/signaler",
                           data=report_form(shown_at=stamp, text="Le lieu a déménagé rue de Paris."))
    assert response.status_code == 422
    page = _text(response)
    assert "Ce formulaire n'a pas pu être vérifié" in page
    assert "Le lieu a déménagé rue de Paris." in page
    assert _count(Report) == 0
    # The page carries a new stamp: sending it again (even at once) works.
    fresh = re.search(r'name="shown_at"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="shown_at"', page)
    again = next(group for group in fresh.groups() if group)
    assert client.post(f"/partenaires/{partner.slug}/signaler",
                       data=report_form(shown_at=again)).status_code == 302
    assert _count(Report) == 1


def test_an_expired_stamp_asks_to_send_again(client, partner):
    response = client.post(f"/partenaires/{partner.slug}/signaler",
                           data=report_form(shown_at=_stamp(seconds_ago=3 * 24 * 3600)))
    assert response.status_code == 422
    assert "Ce formulaire n'a pas pu être vérifié" in _text(response)
    assert _count(Report) == 0


# Proposer un lieu -----------------------------------------------------------------------------


def test_the_footer_offers_to_propose_a_place(client):
    assert 'href="/proposer-un-lieu"' in _text(client.get("/"))


def test_a_proposal_is_stored_with_its_values_normalised(client):
    page = _text(client.get("/proposer-un-lieu"))
    assert "Se nourrir" in page or "alimentation" in page  # the 12 needs are offered
    response = client.post("/proposer-un-lieu", data=proposal_form(represents_place="y",
                                                                 email="asso@exemple.fr"))
    assert response.status_code == 302
    assert "Il n'apparaîtra dans l'annuaire qu'une fois vérifié" in _text(client.get(response.headers["Location"]))
    proposal = db.session.scalars(select(PlaceProposal)).one()
    assert (proposal.name, proposal.phone, proposal.website) == (
        "Épicerie solidaire du Faubourg", "03 20 11 22 33", "https://epicerie.example.org")
    assert (proposal.need.slug, proposal.email, proposal.represents_place, proposal.status) == (
        "alimentation", "asso@exemple.fr", True, "new")
    assert _count(Partner) == 0  # nothing is listed yet


def test_a_proposal_with_mistakes_keeps_everything_typed(client):
    response = client.post("/proposer-un-lieu", data=proposal_form(
        name="", city="", offer="", phone="12", postcode="75", website="pas une adresse", need="inconnu",
        address="3 rue d'Arras", email="asso@"))
    assert response.status_code == 422
    page = _text(response)
    for message in ("Indiquez le nom du lieu.", "Indiquez la commune", "Dites en quelques mots ce que le lieu propose.",
                    "numéro français à 10 chiffres", "code postal du Nord", "adresse web n'est pas valide",
                    "Choisissez un besoin de la liste", "Cette adresse e-mail n'est pas valide"):
        assert message in page, message
    for typed in ('value="12"', 'value="75"', 'value="pas une adresse"', "value=\"3 rue d'Arras\"", 'value="asso@"'):
        assert typed in page, typed
    assert _count(PlaceProposal) == 0


def test_a_proposal_with_a_filled_honeypot_is_dropped(client):
    response = client.post("/proposer-un-lieu", data=proposal_form(reference_dossier="x"))
    assert response.status_code == 302 and response.headers["Location"].endswith("/proposer-un-lieu/merci")
    response = client.post("/proposer-un-lieu", data=proposal_form(shown_at=form_stamp()))
    assert response.status_code == 302
    assert _count(PlaceProposal) == 0


# Rate limits ----------------------------------------------------------------------------------


@pytest.fixture()
def limited(app, monkeypatch):
    """Rate limits on (they are off by default in tests), at three sendings per hour."""
    monkeypatch.setitem(app.config, "PORTAL_RATE_LIMITS", True)
    monkeypatch.setitem(app.config, "PORTAL_FEEDBACK_RATE_LIMIT", "3/hour")
    limiter.reset()
    yield app
    limiter.reset()


def test_sendings_are_limited_per_address_and_form(limited, client, partner):
    url = f"/partenaires/{partner.slug}/signaler"
    # Corrections of a form sent back with mistakes do not count.
    for _ in range(4):
        assert client.post(url, data=report_form(text="")).status_code == 422
    for _ in range(3):
        assert client.post(url, data=report_form()).status_code == 302
    response = client.post(url, data=report_form())
    assert response.status_code == 429
    page = _text(response)
    assert "Trop d'envois en peu de temps" in page and "03 20 49 50 00" in page
    assert response.headers["Retry-After"]
    assert _count(Report) == 3
    # Reading the form is not limited; the other form and another address are not affected.
    assert client.get(url).status_code == 200
    assert client.post("/proposer-un-lieu", data=proposal_form()).status_code == 302
    other = limited.test_client()
    assert other.post(url, data=report_form(), environ_base={"REMOTE_ADDR": "192.0.2.9"}).status_code == 302


def test_robots_count_too(limited, client, partner):
    url = f"/partenaires/{partner.slug}/signaler"
    for _ in range(3):
        assert client.post(url, data=report_form(reference_dossier="spam")).status_code == 302
    assert client.post(url, data=report_form()).status_code == 429
    assert _count(Report) == 0


# The back office ------------------------------------------------------------------------------


@pytest.fixture()
def admin_client(app, client):
    assert login(client, make_user("admin")).status_code == 302
    return client


def test_administrators_see_reports_new_first_and_mark_them_handled(app, partner):
    from portal.feedback import operations

    old = operations.record_report(partner, "closed", "Fermé pour de bon.")
    old.created_at = utcnow() - timedelta(days=3)
    new = operations.record_report(partner, "phone", "Nouveau numéro : 03 20 99 99 99.", "a@exemple.fr")
    db.session.commit()
    client = app.test_client()
    admin = make_user("admin")
    assert login(client, admin).status_code == 302
    assert "Signalements et propositions" in _text(client.get("/admin"))
    assert "2 nouveaux" in _text(client.get("/admin"))
    page = _text(client.get("/admin/signalements"))
    assert page.index("Nouveau numéro") < page.index("Fermé pour de bon.")
    assert "Le numéro de téléphone est faux" in page and "a@exemple.fr" in page
    assert f'href="/partenaires/{partner.slug}"' in page

    response = client.post(f"/admin/signalements/{old.id}/traite")
    assert response.status_code == 302
    db.session.refresh(old)
    assert (old.status, old.handled_by_id) == ("handled", admin.id) and old.handled_at is not None
    page = _text(client.get("/admin/signalements"))
    assert "Traité le" in page and admin.email in page
    assert "1 nouveau" in _text(client.get("/admin"))
    assert db.session.get(Report, new.id).status == "new"


def test_accepting_a_proposal_makes_a_draft_the_public_does_not_see(app, client):
    assert client.post("/proposer-un-lieu", data=proposal_form()).status_code == 302
    proposal = db.session.scalars(select(PlaceProposal)).one()
    admin = make_user("admin")
    assert login(client, admin).status_code == 302
    page = _text(client.get("/admin/propositions"))
    assert "Épicerie solidaire du Faubourg" in page and "Produits à petit prix" in page

    response = client.post(f"/admin/propositions/{proposal.id}/accepter")
    assert response.status_code == 302
    partner = db.session.scalars(select(Partner)).one()
    assert response.headers["Location"].endswith(f"/espace/{partner.slug}/presentation")
    assert (partner.status, partner.source, partner.name) == ("draft", "proposition", "Épicerie solidaire du Faubourg")
    assert (partner.address, partner.postcode, partner.city, partner.phone, partner.website) == (
        "3 rue d'Arras", "59000", "Lille", "03 20 11 22 33", "https://epicerie.example.org")
    db.session.refresh(proposal)
    assert (proposal.status, proposal.partner_id, proposal.handled_by_id) == ("accepted", partner.id, admin.id)
    # The administrator completes it in the partner space; residents see nothing of it.
    editor = _text(client.get(f"/espace/{partner.slug}/presentation"))
    assert "3 rue d'Arras" in editor
    assert client.get(f"/partenaires/{partner.slug}").status_code == 404
    assert "Épicerie solidaire" not in _text(client.get("/partenaires/?lettre=E"))
    # Accepting twice makes no second listing.
    response = client.post(f"/admin/propositions/{proposal.id}/accepter", follow_redirects=True)
    assert "déjà été traitée" in _text(response)
    assert _count(Partner) == 1
    # Once completed, the administrator publishes it from the listing's admin page.
    assert "n'est pas encore publiée" in _text(client.get(f"/espace/{partner.slug}"))
    assert "Publier la fiche" in _text(client.get(f"/admin/partenaires/{partner.slug}/historique"))
    client.post(f"/admin/partenaires/{partner.slug}/publication", data={"published": "1"})
    assert client.get(f"/partenaires/{partner.slug}").status_code == 200
    client.post(f"/admin/partenaires/{partner.slug}/publication", data={"published": "0"})
    assert client.get(f"/partenaires/{partner.slug}").status_code == 404


@pytest.mark.parametrize(("decision", "status"), [("duplicate", "duplicate"), ("refused", "refused")])
def test_a_proposal_is_set_aside_with_a_note(admin_client, decision, status):
    from portal.feedback import operations

    proposal = operations.record_proposal(name="Lieu déjà connu", city="Lille", offer="Aide.")
    db.session.commit()
    response = admin_client.post(f"/admin/propositions/{proposal.id}/classer",
                                 data={"decision": decision, f"p{proposal.id}-note": "Voir la fiche X."})
    assert response.status_code == 302
    db.session.refresh(proposal)
    assert (proposal.status, proposal.note) == (status, "Voir la fiche X.")
    assert _count(Partner) == 0
    page = _text(admin_client.get("/admin/propositions"))
    assert "Voir la fiche X." in page


def test_a_too_long_note_comes_back_with_what_was_typed(admin_client):
    from portal.feedback import operations

    proposal = operations.record_proposal(name="Lieu", city="Lille", offer="Aide.")
    db.session.commit()
    typed = "n" * 501
    response = admin_client.post(f"/admin/propositions/{proposal.id}/classer",
                                 data={"decision": "refused", f"p{proposal.id}-note": typed})
    assert response.status_code == 422
    page = _text(response)
    assert typed in page and "500 caractères au plus." in page and 'class="error-summary"' in page
    db.session.refresh(proposal)
    assert proposal.status == "new"


def test_without_a_decision_nothing_is_guessed(admin_client):
    from portal.feedback import operations

    proposal = operations.record_proposal(name="Lieu", city="Lille", offer="Aide.")
    db.session.commit()
    assert admin_client.post(f"/admin/propositions/{proposal.id}/classer",
                             data={"decision": "accepted"}).status_code == 400
    assert admin_client.post("/admin/propositions/999999/classer", data={"decision": "refused"}).status_code == 404
    assert admin_client.post("/admin/signalements/999999/traite").status_code == 404
    db.session.refresh(proposal)
    assert proposal.status == "new"


# Retention ------------------------------------------------------------------------------------


def test_purge_erases_old_emails_and_keeps_the_rest(app, partner):
    from portal.feedback import operations

    old_report = operations.record_report(partner, "hours", "Ancien.", "ancien@exemple.fr")
    old_report.created_at = utcnow() - timedelta(days=200)
    recent_report = operations.record_report(partner, "hours", "Récent.", "recent@exemple.fr")
    old_proposal = operations.record_proposal(name="Lieu", city="Lille", offer="Aide.", email="p@exemple.fr")
    old_proposal.created_at = utcnow() - timedelta(days=181)
    db.session.commit()

    result = app.test_cli_runner().invoke(args=["feedback", "purge"])
    assert result.exit_code == 0, result.output
    assert "Adresses e-mail de plus de 180 jours effacées : 2." in result.output
    db.session.expire_all()
    assert (old_report.email, old_report.text) == ("", "Ancien.")
    assert recent_report.email == "recent@exemple.fr"
    assert (old_proposal.email, old_proposal.name) == ("", "Lieu")
    result = app.test_cli_runner().invoke(args=["feedback", "purge", "--older-than", "0"])
    assert "effacées : 1." in result.output
    db.session.expire_all()
    assert recent_report.email == ""


# Hostile input --------------------------------------------------------------------------------


def test_the_forms_survive_whatever_is_sent(client, partner, caplog):
    """Generated hostile values in every field (and unknown ones): never a server error, nothing
    logged at error level, and what is stored is what a person could have typed."""
    import logging

    from hypothesis import given
    from hypothesis import strategies as st

    from tests.test_fuzz import _query, encoded_values, fuzz, text_values

    caplog.set_level(logging.ERROR)
    fields = {"report": ["code", "text", "email", "is_professional", "reference_dossier", "shown_at"],
              "propose": ["name", "address", "postcode", "city", "phone", "website", "offer", "need",
                          "email", "represents_place", "reference_dossier", "shown_at"]}
    urls = {"report": f"/partenaires/{partner.slug}/signaler", "propose": "/proposer-un-lieu"}
    valid = {"report": report_form(), "propose": proposal_form()}

    @fuzz(200)
    @given(data=st.data(), which=st.sampled_from(sorted(urls)), language=st.sampled_from(["", "/en", "/ar"]))
    def run(data, which, language):
        form = dict(valid[which])
        for _ in range(data.draw(st.integers(1, 4))):
            form[data.draw(st.sampled_from(fields[which]))] = data.draw(text_values)
        pairs = [(name, quote_plus(value, safe="")) for name, value in form.items()]
        pairs += data.draw(st.lists(st.tuples(text_values, encoded_values), max_size=2))
        response = client.post(language + urls[which], data=_query(pairs),
                               content_type="application/x-www-form-urlencoded")
        assert response.status_code in (302, 422), (response.status_code, pairs)
        logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert not logged, logged[0].getMessage()

    run()
    for report in db.session.scalars(select(Report)):
        assert report.code in ("closed", "hours", "address", "phone", "service", "other")
        assert report.text and len(report.text) <= 500 and "\x00" not in report.text
