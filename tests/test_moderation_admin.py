"""The administrators' side of moderation: the queue, the diff, decisions, history, trust."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from portal.extensions import db
from portal.moderation.models import Revision
from portal.moderation.operations import propose_change
from portal.moderation.snapshots import snapshot_of
from tests.factories import login, make_partner, make_service, make_user, subneed
from tests.mailbox import smtp_server  # noqa: F401 (fixture)


def propose(partner, author, **fields) -> Revision:
    """A member's edit of the listing's main fields, as the partner space would record it."""
    snapshot = snapshot_of(partner)
    snapshot["partner"].update(fields)
    pending = db.session.scalars(
        db.select(Revision).where(Revision.partner_id == partner.id, Revision.status == "pending")
    ).first()
    revision = propose_change(partner, snapshot, author, partner.version, pending.id if pending else None)
    db.session.commit()
    return revision


@pytest.fixture()
def world(app):
    partner = make_partner(name="Épicerie du Faubourg", phone="03 20 00 00 00", languages=["fr"])
    make_service(partner, [subneed("colis-alimentaire")], name="Distribution de colis")
    member = make_user("partner", partners=[partner], email="ana@epicerie.fr")
    colleague = make_user("partner", partners=[partner], email="bruno@epicerie.fr")
    admin = make_user("admin", email="equipe@ccas.fr")
    return {"partner": partner, "member": member, "colleague": colleague, "admin": admin}


@pytest.fixture()
def admin_client(client, world):
    assert login(client, world["admin"]).status_code == 302
    return client


def test_the_queue_lists_pending_changes_oldest_first(admin_client, world):
    other = make_partner(name="Centre social Lazare Garreau")
    other_member = make_user("partner", partners=[other], email="chloe@centre.fr")
    propose(world["partner"], world["member"], phone="03 20 11 11 11")
    propose(other, other_member, phone="03 20 22 22 22")

    page = admin_client.get("/admin/moderation").get_data(as_text=True)

    assert "2 modifications" in page
    assert page.index("Épicerie du Faubourg") < page.index("Centre social Lazare Garreau")
    assert "ana@epicerie.fr" in page and "chloe@centre.fr" in page
    assert "En attente de validation" in page


def test_the_review_page_shows_each_field_before_and_after(admin_client, world):
    revision = propose(world["partner"], world["member"], phone="03 20 11 11 11", languages=["fr", "ar"])

    page = admin_client.get(f"/admin/moderation/{revision.id}").get_data(as_text=True)

    phone_row = page.split("Téléphone</th>")[1].split("</tr>")[0]
    assert "03 20 00 00 00" in phone_row and "03 20 11 11 11" in phone_row
    assert phone_row.index("03 20 00 00 00") < phone_row.index("03 20 11 11 11")
    # Codes are shown as words.
    languages_row = page.split("Langues parlées</th>")[1].split("</tr>")[0]
    assert "français, arabe" in languages_row
    assert "Informations inexactes" in page  # a reason of the refusal form


def test_a_new_service_is_shown_with_its_needs_and_terms_in_words(admin_client, world):
    partner = world["partner"]
    snapshot = snapshot_of(partner)
    snapshot["services"].append({
        "key": "n1", "id": None, "name": "Repas du soir", "description": "", "subneeds": ["repas-chaud"],
        "audiences": ["tous-publics"], "fees": "gratuit", "fees_detail": "", "modes": ["en-presentiel"],
        "access_modes": ["sans-rdv"], "documents": "", "languages": [], "status": "published",
    })
    revision = propose_change(partner, snapshot, world["member"], partner.version)
    db.session.commit()

    page = admin_client.get(f"/admin/moderation/{revision.id}").get_data(as_text=True)

    row = page.split("Nouveau service (Repas du soir)</th>")[1].split("</tr>")[0]
    assert "Repas chaud" in row and "Sans rendez-vous" in row and "Gratuit" in row
    assert "repas-chaud" not in row


@pytest.mark.committing
def test_approving_publishes_at_once_and_tells_the_members(own_index, admin_client, client, world, smtp_server):  # noqa: F811
    # `client` and `admin_client` are the same browser, logged in as the administrator.
    partner = world["partner"]
    revision = propose(partner, world["member"], name="Épicerie solidaire Zéphyrine")
    assert "Zéphyrine" not in client.get(f"/partenaires/{partner.slug}").get_data(as_text=True)
    assert "Zéphyrine" not in client.get("/recherche?q=zephyrine").get_data(as_text=True)

    response = admin_client.post(f"/admin/moderation/{revision.id}/valider",
                                 data={"approve-message": "Merci pour la mise à jour !"})

    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/moderation")
    assert "Zéphyrine" in client.get(f"/partenaires/{partner.slug}").get_data(as_text=True)
    assert "Zéphyrine" in client.get("/recherche?q=zephyrine").get_data(as_text=True)
    db.session.refresh(partner)
    assert partner.last_confirmed_at is not None
    assert sorted(r for m in smtp_server.messages for r in m.recipients) == ["ana@epicerie.fr", "bruno@epicerie.fr"]
    message = smtp_server.messages[0]
    assert "est en ligne" in message.subject and "Zéphyrine" in message.subject
    assert "Merci pour la mise à jour !" in message.text
    assert "Rien à valider" in admin_client.get("/admin/moderation").get_data(as_text=True)
    (link,) = message.links()
    client.post("/deconnexion")
    login(client, world["member"])
    assert client.get(urlsplit(link).path).status_code == 200


def test_refusing_needs_a_reason_which_the_partner_reads(admin_client, client, world, smtp_server):  # noqa: F811
    partner = world["partner"]
    revision = propose(partner, world["member"], phone="06 00 00 00 00")

    without = admin_client.post(f"/admin/moderation/{revision.id}/refuser", data={"reject-reason": ""})
    assert without.status_code == 422
    assert "Choisissez une raison dans la liste." in without.get_data(as_text=True)
    assert smtp_server.messages == []

    response = admin_client.post(f"/admin/moderation/{revision.id}/refuser", data={
        "reject-reason": "inaccurate", "reject-message": "Ce numéro n'est pas celui de l'accueil."})

    assert response.status_code == 302
    assert "06 00 00 00 00" not in client.get(f"/partenaires/{partner.slug}").get_data(as_text=True)
    message = smtp_server.to("ana@epicerie.fr")[0]
    assert "n'a pas été acceptée" in message.subject
    assert "Informations inexactes" in message.text
    assert "Ce numéro n'est pas celui de l'accueil." in message.text
    client.post("/deconnexion")
    login(client, world["member"])
    listing = client.get(f"/espace/{partner.slug}").get_data(as_text=True)
    assert "Informations inexactes" in listing and "Ce numéro n&#39;est pas celui de l&#39;accueil." in listing


def test_a_decided_change_cannot_be_decided_again(admin_client, world, smtp_server):  # noqa: F811
    revision = propose(world["partner"], world["member"], phone="03 20 11 11 11")
    admin_client.post(f"/admin/moderation/{revision.id}/valider", data={})
    smtp_server.messages.clear()

    again = admin_client.post(f"/admin/moderation/{revision.id}/refuser", data={"reject-reason": "other"},
                              follow_redirects=True)

    assert "déjà été traitée" in again.get_data(as_text=True)
    assert db.session.get(Revision, revision.id).status == "approved"
    assert smtp_server.messages == []


def test_the_history_shows_who_changed_what_and_restores_an_earlier_version(admin_client, client, world):
    partner = world["partner"]
    first = propose(partner, world["member"], name="Épicerie Première")
    admin_client.post(f"/admin/moderation/{first.id}/valider", data={})
    second = propose(partner, world["colleague"], name="Épicerie Seconde")
    admin_client.post(f"/admin/moderation/{second.id}/valider", data={})

    history = admin_client.get(f"/admin/partenaires/{partner.slug}/historique").get_data(as_text=True)
    assert history.index("Épicerie Seconde") < history.index("Épicerie Première")  # newest first
    assert "bruno@epicerie.fr" in history and "ana@epicerie.fr" in history
    assert "equipe@ccas.fr" in history  # who decided
    assert f"/admin/partenaires/{partner.slug}/historique/{first.id}/restaurer" in history

    response = admin_client.post(f"/admin/partenaires/{partner.slug}/historique/{first.id}/restaurer")

    assert response.status_code == 302
    public = client.get(f"/partenaires/{partner.slug}").get_data(as_text=True)
    assert "Épicerie Première" in public and "Épicerie Seconde" not in public
    history = admin_client.get(f"/admin/partenaires/{partner.slug}/historique").get_data(as_text=True)
    assert "Retour à une version précédente" in history


def test_a_revision_of_another_partner_cannot_be_restored_through_this_one(admin_client, world):
    other = make_partner()
    stranger = make_user("partner", partners=[other])
    revision = propose(other, stranger, name="Autre nom")
    admin_client.post(f"/admin/moderation/{revision.id}/valider", data={})

    url = f"/admin/partenaires/{world['partner'].slug}/historique/{revision.id}/restaurer"
    assert admin_client.post(url).status_code == 404


def test_a_trusted_partner_publishes_at_once_and_is_reviewed_afterwards(admin_client, client, world):
    partner = world["partner"]
    response = admin_client.post(f"/admin/partenaires/{partner.slug}/confiance", data={"trusted": "1"})
    assert response.status_code == 302
    db.session.refresh(partner)
    assert partner.is_trusted
    assert "Ne plus faire confiance" in admin_client.get(
        f"/admin/partenaires/{partner.slug}/historique").get_data(as_text=True)

    revision = propose(partner, world["member"], name="Épicerie de confiance")

    assert "Épicerie de confiance" in client.get(f"/partenaires/{partner.slug}").get_data(as_text=True)
    queue = admin_client.get("/admin/moderation").get_data(as_text=True)
    assert "Épicerie de confiance" in queue and "Publiée, relecture à venir" in queue
    admin_client.post(f"/admin/moderation/{revision.id}/valider", data={})
    assert "Rien à valider pour l'instant." in admin_client.get("/admin/moderation").get_data(as_text=True)

    admin_client.post(f"/admin/partenaires/{partner.slug}/confiance", data={"trusted": "0"})
    db.session.refresh(partner)
    assert not partner.is_trusted
    assert admin_client.post(f"/admin/partenaires/{partner.slug}/confiance", data={}).status_code == 400


def test_the_back_office_home_counts_what_needs_attention(admin_client, world):
    propose(world["partner"], world["member"], phone="03 20 11 11 11")
    page = admin_client.get("/admin").get_data(as_text=True)
    assert "1 en attente" in page
    assert "/admin/moderation" in page and "/admin/fiches-anciennes" in page
    assert "/admin/recherches/sans-resultat" in page
