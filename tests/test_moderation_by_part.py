"""Moderation by part: an administrator accepts some parts of a change and refuses others; what
is refused stays with the partner as a draft, with the reason, to correct and send again."""

from __future__ import annotations

import html
import re
from datetime import time

import pytest

from portal.extensions import db
from portal.moderation import operations as moderation
from portal.moderation import refused
from tests.factories import login, make_partner, make_service, make_user, subneed
from tests.mailbox import smtp_server  # noqa: F401 (fixture)
from tests.partner_space import filled_form, presentation_form

OLD_TEXT = "Épicerie solidaire du quartier."
REFUSED_TEXT = "Nous distribuons des colis à tous, sans aucune condition."
CORRECTED_TEXT = "Nous distribuons des colis sur orientation d'un travailleur social."
WHY = "Les colis sont donnés sur orientation, pas à tous."


@pytest.fixture()
def world(app):
    partner = make_partner(name="Épicerie des Bois-Blancs", presentation=OLD_TEXT)
    make_service(partner, [subneed("colis-alimentaire")], name="Colis du mardi")
    member = make_user("partner", partners=[partner], email="ana@epicerie.fr")
    admin = make_user("admin", email="equipe@ccas.fr")
    member_client, admin_client = app.test_client(), app.test_client()
    assert login(member_client, member).status_code == 302
    assert login(admin_client, admin).status_code == 302
    return partner, member_client, admin_client


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _propose_text_and_saturday(partner, member_client) -> int:
    """The member rewrites the presentation (through the form) and, in the same pending change,
    opens on Saturday mornings; returns the pending revision's id."""
    data = presentation_form(member_client, partner.slug, presentation=REFUSED_TEXT)
    assert member_client.post(f"/espace/{partner.slug}/presentation", data=data).status_code == 302
    head = moderation.head_of(partner)
    snapshot = {**head.snapshot, "slots": [*head.snapshot["slots"],
                                           {"weekday": 5, "opens": "10:00", "closes": "12:00"}]}
    author = partner.members[0]
    moderation.propose_change(partner, snapshot, author, partner.version, head.revision_id, head=head)
    db.session.commit()
    return moderation.pending_for(partner).id


def _parts(page: str) -> dict[str, str]:
    """The decision form's parts: their name on the page -> the name of their radio buttons."""
    found = re.findall(r'<fieldset class="panel part" id="([^"]+)">\s*<legend>([^<]+)</legend>', page)
    return {legend: name for name, legend in found}


def _decide(admin_client, revision_id: int, choices: dict[str, str], **extra):
    page = _text(admin_client.get(f"/admin/moderation/{revision_id}"))
    parts = _parts(page)
    data = {parts[legend]: choice for legend, choice in choices.items()}
    return admin_client.post(f"/admin/moderation/{revision_id}/decider", data=data | extra)


def _accept_hours_refuse_presentation(world) -> None:
    partner, member_client, admin_client = world
    revision_id = _propose_text_and_saturday(partner, member_client)
    response = _decide(admin_client, revision_id, {"Présentation": "refuse", "Horaires": "accept"},
                       **{"decide-reason": "inaccurate", "decide-message": WHY})
    assert response.status_code == 302


def test_accept_the_hours_refuse_the_presentation(world, client, smtp_server):  # noqa: F811
    partner, member_client, admin_client = world
    revision_id = _propose_text_and_saturday(partner, member_client)
    page = _text(admin_client.get(f"/admin/moderation/{revision_id}"))
    assert set(_parts(page)) == {"Présentation", "Horaires"}
    assert "Enregistrer la décision" in page and "Tout accepter" in page and "Tout refuser" in page

    response = _decide(admin_client, revision_id, {"Présentation": "refuse", "Horaires": "accept"},
                       **{"decide-reason": "inaccurate", "decide-message": WHY})
    assert response.status_code == 302

    # The public page: the new hours, the old presentation.
    public = _text(client.get(f"/partenaires/{partner.slug}"))
    assert "10:00 – 12:00" in public
    assert OLD_TEXT in public and REFUSED_TEXT not in public
    assert [(s.weekday, s.opens) for s in partner.slots if s.weekday == 5] == [(5, time(10))]
    assert moderation.pending_for(partner) is None

    # The partner: the refused text as a draft, with the reason and the message.
    overview = _text(member_client.get(f"/espace/{partner.slug}"))
    assert "Refusé par l'équipe du CCAS : Informations inexactes." in overview
    assert WHY in overview and REFUSED_TEXT in overview
    assert f'href="/espace/{partner.slug}/presentation"' in overview
    assert "Abandonner ce brouillon" in overview
    form_page = _text(member_client.get(f"/espace/{partner.slug}/presentation"))
    assert ("Ce texte a été refusé : Informations inexactes. Corrigez-le puis enregistrez pour "
            "l'envoyer de nouveau.") in form_page
    assert filled_form(form_page)["presentation"].strip() == REFUSED_TEXT

    # The members' e-mail says what went online and what did not.
    (mail,) = smtp_server.to("ana@epicerie.fr")
    assert "en partie en ligne" in mail.subject
    assert "En ligne maintenant : Horaires" in mail.text
    assert "Non retenu : Présentation" in mail.text and WHY in mail.text
    # The review page keeps the decision.
    decided = _text(admin_client.get(f"/admin/moderation/{revision_id}"))
    assert "Parties refusées, renvoyées au partenaire : Présentation" in decided


def test_the_draft_is_corrected_and_sent_again(world):
    partner, member_client, _admin_client = world
    _accept_hours_refuse_presentation(world)

    data = filled_form(_text(member_client.get(f"/espace/{partner.slug}/presentation")))
    data["presentation"] = CORRECTED_TEXT
    assert member_client.post(f"/espace/{partner.slug}/presentation", data=data).status_code == 302

    pending = moderation.pending_for(partner)
    assert [(d["field"], d["after"]) for d in pending.diff] == [("presentation", CORRECTED_TEXT)]
    assert refused.draft_for(partner) is None  # nothing of it is left
    overview = _text(member_client.get(f"/espace/{partner.slug}"))
    assert "Abandonner ce brouillon" not in overview and "En attente de validation" in overview
    assert partner.presentation == OLD_TEXT  # the correction waits for a review like any change


def test_a_whole_refusal_is_a_draft_too_and_can_be_abandoned(world, client):
    partner, member_client, admin_client = world
    revision_id = _propose_text_and_saturday(partner, member_client)
    response = admin_client.post(f"/admin/moderation/{revision_id}/refuser",
                                 data={"reject-reason": "incomplete"})
    assert response.status_code == 302
    overview = _text(member_client.get(f"/espace/{partner.slug}"))
    assert "Refusé par l'équipe du CCAS : Informations incomplètes." in overview
    assert REFUSED_TEXT in overview and "10:00" in overview
    assert f'href="/espace/{partner.slug}/horaires"' in overview

    assert member_client.post(f"/espace/{partner.slug}/brouillon/abandonner").status_code == 302
    overview = _text(member_client.get(f"/espace/{partner.slug}"))
    assert "Abandonner ce brouillon" not in overview and REFUSED_TEXT not in overview
    presentation = filled_form(_text(member_client.get(f"/espace/{partner.slug}/presentation")))["presentation"]
    assert presentation.strip() == OLD_TEXT
    assert OLD_TEXT in _text(client.get(f"/partenaires/{partner.slug}"))  # nothing public changed


def test_a_refused_new_service_is_taken_up_on_its_own_page(world):
    partner, member_client, admin_client = world
    head = moderation.head_of(partner)
    snapshot = {**head.snapshot, "services": [*head.snapshot["services"], {
        "key": "n1", "id": None, "name": "Repas pour tous", "description": "", "subneeds": ["repas-chaud"],
        "audiences": ["tous-publics"], "fees": "gratuit", "fees_detail": "", "modes": ["en-presentiel"],
        "access_modes": ["sans-rdv"], "documents": "", "languages": [], "status": "published"}]}
    snapshot["partner"] = {**snapshot["partner"], "phone": "03 20 44 55 66"}
    moderation.propose_change(partner, snapshot, partner.members[0], partner.version, head=head)
    db.session.commit()
    revision_id = moderation.pending_for(partner).id
    response = _decide(admin_client, revision_id, {"Contacts": "accept", "Service « Repas pour tous »": "refuse"},
                       **{"decide-reason": "out-of-scope"})
    assert response.status_code == 302
    assert partner.phone == "03 20 44 55 66" and [s.name for s in partner.services] == ["Colis du mardi"]

    overview = _text(member_client.get(f"/espace/{partner.slug}"))
    (link,) = re.findall(rf'href="(/espace/{partner.slug}/services/[^"/]+)"', overview)
    data = filled_form(_text(member_client.get(link)))
    assert data["name"] == "Repas pour tous"
    data["name"] = "Repas du soir sur orientation"
    assert member_client.post(link, data=data).status_code == 302
    (added,) = [d for d in moderation.pending_for(partner).diff if d["label_code"] == "service.added"]
    assert added["after"]["name"] == "Repas du soir sur orientation"
    assert refused.draft_for(partner) is None


def test_a_member_of_another_partner_neither_sees_nor_abandons_the_draft(world, app):
    partner, _member_client, _admin_client = world
    _accept_hours_refuse_presentation(world)
    other = make_user("partner", partners=[make_partner(name="Autre lieu")])
    stranger = app.test_client()
    assert login(stranger, other).status_code == 302

    assert stranger.get(f"/espace/{partner.slug}").status_code == 404
    assert stranger.get(f"/espace/{partner.slug}/presentation").status_code == 404
    assert stranger.post(f"/espace/{partner.slug}/brouillon/abandonner").status_code == 404
    assert REFUSED_TEXT not in _text(stranger.get(f"/espace/{other.partners[0].slug}"))
    assert refused.draft_for(partner) is not None


def test_refusing_a_part_without_a_reason_comes_back_with_the_choices_kept(world):
    partner, member_client, admin_client = world
    revision_id = _propose_text_and_saturday(partner, member_client)
    response = _decide(admin_client, revision_id, {"Présentation": "refuse", "Horaires": "accept"},
                       **{"decide-message": WHY})

    assert response.status_code == 422
    page = _text(response)
    assert "Choisissez la raison du refus des parties refusées." in page
    parts = _parts(page)
    assert re.search(rf'<input[^>]*checked[^>]*name="{parts["Présentation"]}"[^>]*value="refuse"', page) or \
        re.search(rf'<input[^>]*name="{parts["Présentation"]}"[^>]*value="refuse"[^>]*checked', page)
    assert re.search(rf'<input[^>]*name="{parts["Horaires"]}"[^>]*value="accept"[^>]*checked', page) or \
        re.search(rf'<input[^>]*checked[^>]*name="{parts["Horaires"]}"[^>]*value="accept"', page)
    assert WHY in page  # the message typed is kept
    assert moderation.pending_for(partner).id == revision_id and partner.presentation == OLD_TEXT
