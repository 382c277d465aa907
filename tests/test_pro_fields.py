"""Information for professionals only: what a partner writes for social workers (a direct line,
the contact and the e-mail for orientations, the referral procedure, the documents it needs)
is seen by signed-in professionals and administrators, on the partner's page, and nowhere else:
not on a public page, in the JSON-LD, the sitemap, the search or an export. Partners edit it in
their space, moderated like the rest of the listing; they also say which services take
orientation requests."""

from __future__ import annotations

import html
import json
import re

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.api import data_inclusion
from portal.directory import completeness, seo
from portal.directory.models import Partner, Service
from portal.extensions import db
from portal.moderation import operations as moderation
from portal.moderation import refused
from portal.moderation.snapshots import diff_snapshots, snapshot_of
from portal.search.store import documents
from tests.factories import login, make_partner, make_service, make_user, subneed
from tests.partner_space import filled_form

SECRETS = {
    "pro_phone": "03 20 99 99 99",
    "pro_contact": "CONTACT-SECRET Mme Lemaire",
    "pro_email": "orientation-secrete@exemple.fr",
    "pro_procedure": "PROCEDURE-SECRETE : appeler avant, puis envoyer la fiche de liaison.",
    "pro_documents": "DOCUMENTS-SECRETS : évaluation sociale, avis d'imposition.",
}
# What would give any of them away in a page or a file (the number also as a tel: link).
MARKERS = ("99 99 99", "0320999999", "CONTACT-SECRET", "orientation-secrete", "PROCEDURE-SECRETE",
           "DOCUMENTS-SECRETS")


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _leaks(text: str) -> list[str]:
    return [marker for marker in MARKERS if marker.lower() in text.lower()]


@pytest.fixture()
def world(app):
    """A published partner with every pro field filled, its member, and the member of another."""
    partner = make_partner(name="Maison Solidaire Fives", slug="maison-solidaire-fives",
                           phone="03 20 11 22 33", email="accueil@maison-fives.fr", **SECRETS)
    make_service(partner, [subneed("colis-alimentaire")], name="Colis solidaires du jeudi",
                 accepts_orientations=True)
    other = make_partner(name="Autre Lieu", slug="autre-lieu")
    make_service(other, [subneed("colis-alimentaire")], name="Autre service")
    member = make_user("partner", partners=[partner], email="membre@maison-fives.fr")
    stranger = make_user("partner", partners=[other], email="membre@autre-lieu.fr")
    db.session.commit()
    return {"partner": partner, "member": member, "stranger": stranger}


def _public_pages(partner: Partner) -> list[str]:
    colis = subneed("colis-alimentaire")
    return [
        f"/partenaires/{partner.slug}",
        f"/en/partenaires/{partner.slug}",
        f"/besoins/{colis.need.slug}/{colis.slug}",
        f"/besoins/{colis.need.slug}",
        f"/quartiers/{partner.quartier.slug}",
        "/partenaires/",
        "/plan-du-site",
        "/sitemap.xml",
        f"/partenaires/{partner.slug}/signaler",
        "/recherche?q=Maison+Solidaire+Fives",
        "/recherche?q=colis",
    ]


@pytest.mark.parametrize("visitor", ["anonymous", "member of another listing", "member of the listing"])
def test_pro_fields_appear_on_no_public_page_and_in_no_search(world, own_index, client, visitor):
    # Building the index (after the world, so that it holds it) ends the session's objects.
    partner = db.session.scalars(select(Partner).where(Partner.slug == "maison-solidaire-fives")).one()
    if visitor != "anonymous":
        email = "membre@autre-lieu.fr" if visitor == "member of another listing" else "membre@maison-fives.fr"
        assert login(client, db.session.scalars(select(User).where(User.email == email)).one()).status_code == 302
    for path in _public_pages(partner):
        response = client.get(path)
        assert response.status_code == 200, path
        text = _text(response)
        assert _leaks(text) == [], path
        assert 'id="titre-pro"' not in text, path
    # The search finds the partner by its public name, and nothing by its professional words.
    assert "Colis solidaires du jeudi" in _text(client.get("/recherche?q=Maison+Solidaire+Fives"))
    for words in ("PROCEDURE-SECRETE", "Lemaire", "fiche de liaison", "orientation-secrete"):
        page = _text(client.get("/recherche", query_string={"q": words}))
        assert "Colis solidaires du jeudi" not in page, words


def test_the_jsonld_the_index_and_the_export_hold_none_of_them(app, client, world):
    partner = world["partner"]
    page = _text(client.get(f"/partenaires/{partner.slug}"))
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert scripts and all(_leaks(script) == [] for script in scripts)
    with app.test_request_context():
        assert _leaks(json.dumps(seo.partner_jsonld(partner), ensure_ascii=False)) == []
    quartiers = documents.quartier_names(db.session)
    for service in db.session.scalars(documents.services_query()):
        assert _leaks(json.dumps(documents.build_document(service, quartiers), default=str,
                                 ensure_ascii=False)) == []
    service = partner.services[0]
    values = completeness.di_values(partner, service)
    record = data_inclusion.to_service(**values)
    assert _leaks(json.dumps(values, default=str, ensure_ascii=False)) == []
    assert _leaks(record.model_dump_json()) == []
    assert record.telephone == "03 20 11 22 33" and record.courriel == "accueil@maison-fives.fr"


@pytest.mark.parametrize("role", ["professional", "admin"])
def test_professionals_and_administrators_see_them_on_the_partner_page(client, world, role):
    assert login(client, make_user(role)).status_code == 302
    page = _text(client.get(f"/partenaires/{world['partner'].slug}"))
    section = page[page.index('id="titre-pro"'):]
    section = section[:section.index("</section>")]
    assert "Pour les professionnels" in section
    assert "Visible seulement par les professionnels connectés" in section
    for value in SECRETS.values():
        assert value in section
    assert 'href="tel:0320999999"' in section
    assert 'href="mailto:orientation-secrete@exemple.fr"' in section


def test_a_professional_sees_no_empty_block_for_a_partner_without_them(client, world):
    assert login(client, make_user("professional")).status_code == 302
    page = _text(client.get("/partenaires/autre-lieu"))
    assert 'id="titre-pro"' not in page


def test_the_member_of_another_listing_cannot_open_its_pro_page_nor_its_history(client, world):
    assert login(client, world["stranger"]).status_code == 302
    slug = world["partner"].slug
    assert client.get(f"/espace/{slug}/professionnels").status_code == 404
    assert client.post(f"/espace/{slug}/professionnels", data={"pro_phone": "03 20 00 00 00"}).status_code == 404
    assert client.get(f"/espace/{slug}").status_code == 404
    assert client.get(f"/admin/partenaires/{slug}/historique").status_code == 403
    assert world["partner"].pro_phone == SECRETS["pro_phone"]


# Editing ----------------------------------------------------------------------------------

NEW = {"pro_phone": "0320454545", "pro_contact": "M. Caron, coordinateur",
       "pro_email": "orientations@maison-fives.fr",
       "pro_procedure": "Appelez la ligne directe,\npuis envoyez la fiche de liaison.",
       "pro_documents": "Fiche de liaison."}


@pytest.fixture()
def editing(app, world):
    member_client, admin_client = app.test_client(), app.test_client()
    assert login(member_client, world["member"]).status_code == 302
    assert login(admin_client, make_user("admin", email="equipe@ccas.fr")).status_code == 302
    return world["partner"], member_client, admin_client


def _pro_form(member_client, slug: str, **typed) -> dict:
    page = _text(member_client.get(f"/espace/{slug}/professionnels"))
    return filled_form(page) | typed


def _parts(page: str) -> dict[str, str]:
    found = re.findall(r'<fieldset class="panel part" id="([^"]+)">\s*<legend>([^<]+)</legend>', page)
    return {legend: name for name, legend in found}


def test_the_pro_page_is_filled_with_the_listing_and_says_who_sees_it(editing):
    partner, member_client, _admin = editing
    page = _text(member_client.get(f"/espace/{partner.slug}/professionnels"))
    assert "<h1>Pour les professionnels</h1>" in page
    assert "ne sont jamais montrées au public" in page
    assert filled_form(page)["pro_contact"] == SECRETS["pro_contact"]
    overview = _text(member_client.get(f"/espace/{partner.slug}"))
    assert f'href="/espace/{partner.slug}/professionnels"' in overview


def test_a_saved_pro_page_waits_for_review_then_goes_live(editing, client):
    partner, member_client, admin_client = editing
    response = member_client.post(f"/espace/{partner.slug}/professionnels",
                                  data=_pro_form(member_client, partner.slug, **NEW))
    assert response.status_code == 302
    assert partner.pro_contact == SECRETS["pro_contact"]  # not live before the review
    pending = moderation.pending_for(partner)
    assert {d["field"] for d in pending.diff} == set(NEW)
    assert pending.snapshot["partner"]["pro_phone"] == "03 20 45 45 45"  # one format, as contacts

    review = _text(admin_client.get(f"/admin/moderation/{pending.id}"))
    assert set(_parts(review)) == {"Pour les professionnels"}
    assert "Visible par les professionnels seulement" in review
    assert "M. Caron, coordinateur" in review
    assert admin_client.post(f"/admin/moderation/{pending.id}/valider", data={}).status_code == 302

    db.session.refresh(partner)
    assert (partner.pro_phone, partner.pro_email) == ("03 20 45 45 45", "orientations@maison-fives.fr")
    assert login(client, make_user("professional")).status_code == 302
    page = _text(client.get(f"/partenaires/{partner.slug}"))
    assert "M. Caron, coordinateur" in page and "puis envoyez la fiche de liaison" in page
    anonymous = client.application.test_client()
    assert "M. Caron" not in _text(anonymous.get(f"/partenaires/{partner.slug}"))


def test_a_trusted_partner_s_pro_page_is_live_at_once(editing):
    partner, member_client, _admin = editing
    partner.is_trusted = True
    db.session.commit()
    response = member_client.post(f"/espace/{partner.slug}/professionnels",
                                  data=_pro_form(member_client, partner.slug, pro_contact="M. Caron"),
                                  follow_redirects=True)
    assert "C'est en ligne" in _text(response)
    db.session.refresh(partner)
    assert partner.pro_contact == "M. Caron"
    assert moderation.pending_for(partner) is None


def test_refusing_the_pro_part_keeps_it_as_a_draft_and_accepts_the_rest(editing):
    partner, member_client, admin_client = editing
    member_client.post(f"/espace/{partner.slug}/professionnels",
                       data=_pro_form(member_client, partner.slug, pro_contact="Texte à revoir"))
    data = filled_form(_text(member_client.get(f"/espace/{partner.slug}/presentation")))
    data["phone"] = "03 20 11 22 44"
    assert member_client.post(f"/espace/{partner.slug}/presentation", data=data).status_code == 302
    pending = moderation.pending_for(partner)

    parts = _parts(_text(admin_client.get(f"/admin/moderation/{pending.id}")))
    assert set(parts) == {"Contacts", "Pour les professionnels"}
    response = admin_client.post(f"/admin/moderation/{pending.id}/decider", data={
        parts["Contacts"]: "accept", parts["Pour les professionnels"]: "refuse",
        "decide-reason": "inaccurate", "decide-message": "Donnez le nom de la personne."})
    assert response.status_code == 302

    db.session.refresh(partner)
    assert partner.phone == "03 20 11 22 44"
    assert partner.pro_contact == SECRETS["pro_contact"]
    draft = refused.draft_for(partner)
    assert draft is not None and draft.refused_sections == ["pro"]
    overview = _text(member_client.get(f"/espace/{partner.slug}"))
    assert "Donnez le nom de la personne." in overview and "Texte à revoir" in overview
    assert f'href="/espace/{partner.slug}/professionnels"' in overview
    page = _text(member_client.get(f"/espace/{partner.slug}/professionnels"))
    assert "Ce texte a été refusé : Informations inexactes." in page
    assert filled_form(page)["pro_contact"] == "Texte à revoir"


@pytest.mark.parametrize(("typed", "field", "message"), [
    ({"pro_email": "pas-une-adresse"}, "pro_email", "Cette adresse e-mail n'est pas valide"),
    ({"pro_phone": "12 34"}, "pro_phone", "n'est pas un numéro français à 10 chiffres"),
    ({"pro_contact": "x" * 201}, "pro_contact", "200"),
    ({"pro_procedure": "y" * 2001}, "pro_procedure", "2000"),
])
def test_bad_input_comes_back_next_to_its_field_with_what_was_typed(editing, typed, field, message):
    partner, member_client, _admin = editing
    data = _pro_form(member_client, partner.slug, pro_documents="Gardé tel quel", **typed)
    response = member_client.post(f"/espace/{partner.slug}/professionnels", data=data)
    assert response.status_code == 422
    page = _text(response)
    errors = re.search(rf'<ul class="field-errors" id="{field}-error">(.*?)</ul>', page, re.S)
    assert errors and message in errors.group(1)
    assert f'aria-describedby="{field}-hint {field}-error"' in page
    again = filled_form(page)
    assert again["pro_documents"].strip() == "Gardé tel quel"
    assert again[field].strip() == typed[field]
    assert moderation.pending_for(partner) is None


# Services that take orientation requests ---------------------------------------------------

def test_ticking_accepts_orientations_makes_the_service_accept_after_review(editing):
    partner, member_client, admin_client = editing
    service = make_service(partner, [subneed("colis-alimentaire")], name="Aide aux démarches")
    db.session.commit()
    url = f"/espace/{partner.slug}/services/{service.id}"
    page = _text(member_client.get(url))
    assert "Ce service accepte les demandes d'orientation des professionnels" in page
    assert "arrive par e-mail" in page
    data = filled_form(page)
    assert "accepts_orientations" not in data
    data["accepts_orientations"] = "y"
    assert member_client.post(url, data=data).status_code == 302
    assert service.accepts_orientations is False  # waits for the review

    pending = moderation.pending_for(partner)
    review = _text(admin_client.get(f"/admin/moderation/{pending.id}"))
    assert "Accepte les demandes d'orientation des professionnels" in review
    assert admin_client.post(f"/admin/moderation/{pending.id}/valider", data={}).status_code == 302
    db.session.refresh(service)
    assert service.accepts_orientations is True
    assert "accepts_orientations" in filled_form(_text(member_client.get(url)))
    listed = _text(member_client.get(f"/espace/{partner.slug}/services"))
    assert listed.count("Accepte les demandes d'orientation des professionnels.") == 2


# Snapshots stored before these fields existed ------------------------------------------------

def test_a_snapshot_stored_before_the_pro_fields_changes_nothing_of_them(world):
    partner = world["partner"]
    live = snapshot_of(partner)
    older = json.loads(json.dumps(live))
    for name in SECRETS:
        del older["partner"][name]
    for service in older["services"]:
        del service["accepts_orientations"]
    assert diff_snapshots(live, older) == []
    changed = json.loads(json.dumps(older))
    changed["partner"]["phone"] = "03 20 00 00 01"
    admin = make_user("admin")
    revision = moderation.propose_change(partner, changed, admin, partner.version)
    assert [d["field"] for d in revision.diff] == ["phone"]
    moderation.approve(revision, admin)
    db.session.commit()
    db.session.refresh(partner)
    assert partner.phone == "03 20 00 00 01"
    assert partner.pro_contact == SECRETS["pro_contact"]
    assert db.session.scalars(select(Service).where(Service.partner_id == partner.id)).one().accepts_orientations


# The demo ------------------------------------------------------------------------------------

def test_the_demo_has_partners_for_professionals_and_services_taking_orientations(demo_app):
    with demo_app.app_context():
        partners = db.session.scalars(select(Partner).where(Partner.is_demo.is_(True),
                                                            Partner.pro_procedure != "")).all()
        assert len(partners) >= 20
        for partner in partners:
            assert re.fullmatch(r"03 53 73 \d\d \d\d", partner.pro_phone)  # a fiction range
            assert partner.pro_email == "" or partner.pro_email.endswith("@exemple-lille.fr")
            assert partner.pro_contact and partner.pro_documents
        assert any(partner.pro_email == "" for partner in partners)  # requests go to the members
        accepting = db.session.scalars(select(Service).join(Service.partner).where(
            Service.accepts_orientations.is_(True), Partner.is_demo.is_(True))).all()
        assert len(accepting) >= 20
        assert all(s.partner.pro_procedure and s.is_live for s in accepting)
        assert any("orientation" not in s.access_modes for s in accepting)
