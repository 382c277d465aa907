"""The full moderation cycle: a member's edit waits, the public page and the search do not
change, an administrator decides, and then the page, the search index and the member's inbox do."""

from __future__ import annotations

import html
from urllib.parse import urlsplit

import pytest

from portal.extensions import db
from portal.moderation import operations as moderation
from portal.moderation.models import Revision
from portal.search.core.engine import SearchRequest
from portal.search.searching import search
from tests.factories import login, make_partner, make_service, make_user, subneed
from tests.mailbox import smtp_server  # noqa: F401 (fixture)
from tests.partner_space import service_form

# The search index follows commits: these tests commit for real (see conftest.py).
pytestmark = pytest.mark.committing


@pytest.fixture()
def cycle(own_index, client):
    partner = make_partner(name="Restos du Cœur Moulins")
    service = make_service(partner, [subneed("colis-alimentaire")], name="Colis du mardi")
    member = make_user("partner", partners=[partner], email="benevole@restos.fr")
    admin = make_user("admin", email="equipe@ccas.fr")
    assert login(client, member).status_code == 302
    return partner, service, member, admin


def _found(word: str) -> list[int]:
    return [hit.service_id for hit in search(SearchRequest(text=word)).hits]


def _public(client, partner) -> str:
    return html.unescape(client.get(f"/partenaires/{partner.slug}").get_data(as_text=True))


def _rename(client, partner, service, name: str) -> None:
    data = service_form(client, partner.slug, service.id, name=name)
    assert client.post(f"/espace/{partner.slug}/services/{service.id}", data=data).status_code == 302


def test_edit_pending_approve_then_page_search_and_mail_change(client, cycle, smtp_server):  # noqa: F811
    partner, service, member, admin = cycle
    assert _found("mardi") == [service.id]
    _rename(client, partner, service, "Épicerie itinérante")

    revision = moderation.pending_for(partner)
    assert revision.status == "pending"
    # The form sent every other value back as it was: only the name changes.
    assert [d["field"] for d in revision.diff] == [f"services.{service.id}.name"]
    assert "Colis du mardi" in _public(client, partner) and "itinérante" not in _public(client, partner)
    assert _found("itinerante") == [] and _found("mardi") == [service.id]
    assert smtp_server.messages == []

    moderation.approve(revision, admin, "Merci pour la mise à jour.")
    db.session.commit()

    page = _public(client, partner)
    assert "Épicerie itinérante" in page and "Colis du mardi" not in page
    assert _found("itinerante") == [service.id] and _found("mardi") == []
    db.session.refresh(partner)
    assert partner.last_confirmed_at is not None  # an approved review is a human check

    (mail,) = smtp_server.to(member.email)
    assert "est en ligne" in mail.subject and "Restos du Cœur Moulins" in mail.subject
    assert "Merci pour la mise à jour." in mail.text
    (link,) = mail.links()
    assert link == f"http://portal.test/espace/{partner.slug}"
    overview = html.unescape(client.get(urlsplit(link).path).get_data(as_text=True))
    assert "Validée" in overview and "Merci pour la mise à jour." in overview


def test_a_refusal_changes_nothing_public_and_tells_the_reason(client, cycle, smtp_server):  # noqa: F811
    partner, service, member, admin = cycle
    _rename(client, partner, service, "Colis gratuits pour tous sans condition")
    moderation.reject(moderation.pending_for(partner), admin, "inaccurate", "Les colis sont sur orientation.")
    db.session.commit()

    assert "Colis du mardi" in _public(client, partner) and _found("condition") == []
    (mail,) = smtp_server.to(member.email)
    assert "n'a pas été acceptée" in mail.subject
    assert "Raison : Informations inexactes" in mail.text and "Les colis sont sur orientation." in mail.text
    assert partner.last_confirmed_at is None
    # The refused text also lives on as the partner's draft (see test_moderation_by_part.py).
    (refused,) = db.session.scalars(db.select(Revision).where(Revision.partner_id == partner.id,
                                                              Revision.status == "rejected"))
    with pytest.raises(moderation.ModerationError):  # a decision is taken once
        moderation.approve(refused, admin)


def test_a_rejection_needs_a_known_reason(cycle, client):
    partner, service, _member, admin = cycle
    _rename(client, partner, service, "Autre nom")
    with pytest.raises(moderation.ModerationError):
        moderation.reject(moderation.pending_for(partner), admin, "parce-que")


def test_a_trusted_partner_is_searchable_at_once_and_can_be_restored(client, cycle, smtp_server):  # noqa: F811
    partner, service, member, admin = cycle
    moderation.set_trusted(partner, True, admin)
    db.session.commit()
    before = moderation.confirm_up_to_date(partner, member)  # a known-good version in the history
    db.session.commit()
    _rename(client, partner, service, "Vestiboutique du quartier")
    assert _found("vestiboutique") == [service.id] and "Vestiboutique du quartier" in _public(client, partner)
    assert smtp_server.messages == []

    moderation.restore(partner, before, admin)
    db.session.commit()
    assert _found("vestiboutique") == [] and _found("mardi") == [service.id]
    assert "Colis du mardi" in _public(client, partner)
    (mail,) = smtp_server.to(member.email)
    assert "version précédente" in mail.subject


def test_nothing_is_mailed_when_the_decision_is_rolled_back(cycle, client, smtp_server):  # noqa: F811
    partner, service, _member, admin = cycle
    _rename(client, partner, service, "Nom jamais validé")
    moderation.approve(moderation.pending_for(partner), admin)
    db.session.rollback()
    assert smtp_server.messages == [] and moderation.pending_for(partner) is not None
    assert "Colis du mardi" in _public(client, partner)
