"""An open-data import never overwrites what a person wrote in a listing.

A partner of an imported place edits its listing and an administrator approves; importing
again (as `init` does at every deployment) must keep every value the person set, keep the
listing unpublished and the service archived if a person decided so, and turn the source's
own changes to those values into a proposal for the administrators.
"""

from __future__ import annotations

import copy
import dataclasses

import pytest
from sqlalchemy import func, select

from portal.directory.constants import ARCHIVED, DRAFT
from portal.directory.models import Partner
from portal.extensions import db
from portal.moderation import operations
from portal.moderation.constants import APPLIED, IMPORT, PENDING
from portal.moderation.models import Revision
from portal.moderation.snapshots import snapshot_of
from seed import importer
from seed.importer import import_open_data
from seed.sources import read_all
from tests.factories import login, make_user


def _france_services() -> Partner:
    """An imported France Services place, with hours and several services."""
    partners = db.session.scalars(
        select(Partner).where(Partner.source == "france-services").order_by(Partner.id)
    ).all()
    return next(p for p in partners if p.slots and len(p.live_services) >= 2)


def _edit(partner: Partner, author, change) -> Revision:
    head = operations.head_of(partner)
    snapshot = copy.deepcopy(head.snapshot)
    change(snapshot)
    return operations.propose_change(partner, snapshot, author, partner.version, head.revision_id)


def _pending(partner: Partner) -> Revision | None:
    return operations.pending_for(partner)


def _source_says(monkeypatch, partner: Partner, **values) -> None:
    """The open-data files now hold other values for this partner's own row."""
    def read(open_dir=None):
        records = read_all() if open_dir is None else read_all(open_dir)
        return [dataclasses.replace(r, **values)
                if (r.source, r.source_id) == (partner.source, partner.source_id) else r
                for r in records]
    monkeypatch.setattr(importer, "read_all", read)


@pytest.fixture()
def edited(app):
    """Real places imported, then one listing edited by its partner and approved; an
    administrator then withdrew it from publication."""
    import_open_data(db.session)
    partner = _france_services()
    admin = make_user("admin")
    member = make_user("partner", partners=[partner])
    archived_name = partner.live_services[0].name

    def change(snapshot):
        snapshot["partner"]["presentation"] = "Accueil sans rendez-vous, écrivain public le mardi."
        snapshot["partner"]["phone"] = "03 20 00 00 01"
        snapshot["partner"]["email"] = "accueil@exemple.fr"
        snapshot["partner"]["website"] = "https://accueil.exemple.fr"
        snapshot["slots"] = [{"weekday": 0, "opens": "08:30", "closes": "12:00"}]
        for service in snapshot["services"]:
            if service["name"] == archived_name:
                service["status"] = ARCHIVED

    operations.approve(_edit(partner, member, change), admin)
    operations.confirm_up_to_date(partner, member)
    partner.status = DRAFT
    db.session.commit()
    return partner, admin, member, archived_name


def test_reimport_keeps_every_value_a_person_wrote(edited):
    partner, _, _, archived_name = edited
    kept, confirmed = snapshot_of(partner), partner.last_confirmed_at
    revisions = db.session.scalar(select(func.count(Revision.id)))

    report = import_open_data(db.session)
    db.session.commit()
    db.session.expire_all()

    assert snapshot_of(partner) == kept
    assert partner.phone == "03 20 00 00 01" and partner.website == "https://accueil.exemple.fr"
    assert [(s.weekday, s.opens.isoformat("minutes")) for s in partner.slots] == [(0, "08:30")]
    assert partner.status == DRAFT  # not published again
    assert next(s for s in partner.services if s.name == archived_name).status == ARCHIVED
    assert partner.last_confirmed_at == confirmed
    assert db.session.scalar(select(func.count(Revision.id))) == revisions
    assert (report.updated, report.proposed) == (0, [])


def test_a_source_change_to_a_value_a_person_set_waits_for_review(edited, monkeypatch):
    partner, admin, _, _ = edited
    _source_says(monkeypatch, partner, phone="03 20 99 99 99")

    report = import_open_data(db.session)
    db.session.commit()

    assert partner.phone == "03 20 00 00 01"  # the public listing keeps the partner's number
    proposal = _pending(partner)
    assert proposal.kind == IMPORT and proposal.author is None
    assert proposal.snapshot["partner"]["phone"] == "03 20 99 99 99"
    # Only the source's change is proposed: the partner's other values stay as they are.
    assert [c["field"] for c in proposal.diff] == ["phone"]
    assert report.proposed == [partner.name]
    assert "attendent une décision" in str(report)

    operations.approve(proposal, admin)
    db.session.commit()
    assert partner.phone == "03 20 99 99 99"

    # Once decided, the same source value is not proposed again.
    again = import_open_data(db.session)
    assert again.proposed == [] and _pending(partner) is None


def test_a_refused_source_value_is_not_proposed_again(edited, monkeypatch):
    partner, admin, _, _ = edited
    _source_says(monkeypatch, partner, phone="03 20 99 99 99")
    import_open_data(db.session)
    operations.reject(_pending(partner), admin, "inaccurate")
    db.session.commit()

    import_open_data(db.session)
    assert _pending(partner) is None and partner.phone == "03 20 00 00 01"


def test_a_value_nobody_changed_follows_the_source_and_the_history_says_so(edited, app, monkeypatch):
    partner, _, _, _ = edited
    untouched = partner.address_extra
    _source_says(monkeypatch, partner, address_extra="Bâtiment B, 2e étage")

    report = import_open_data(db.session)
    db.session.commit()

    assert partner.address_extra == "Bâtiment B, 2e étage" != untouched
    assert report.updated == 1 and _pending(partner) is None
    recorded = db.session.scalars(
        select(Revision).where(Revision.partner_id == partner.id, Revision.kind == IMPORT)
    ).one()
    assert (recorded.status, recorded.reviewed) == (APPLIED, True)
    assert [c["field"] for c in recorded.diff] == ["address_extra"]
    # What the partner wrote is still there.
    assert partner.phone == "03 20 00 00 01"
    client = app.test_client()
    login(client, edited[1])
    history = client.get(f"/admin/partenaires/{partner.slug}/historique").get_data(as_text=True)
    assert "Mise à jour depuis les données ouvertes" in history
    assert "Par les données ouvertes" in history


def test_a_pending_edit_postpones_the_proposal_to_the_next_import(edited, monkeypatch):
    partner, admin, member, _ = edited
    waiting = _edit(partner, member, lambda s: s["partner"].update(presentation="Nouveau texte."))
    db.session.commit()
    _source_says(monkeypatch, partner, phone="03 20 99 99 99")

    report = import_open_data(db.session)
    assert _pending(partner).id == waiting.id  # the partner's edit is not replaced
    assert "prochain import" in str(report)

    operations.approve(waiting, admin)
    import_open_data(db.session)
    assert _pending(partner).snapshot["partner"]["phone"] == "03 20 99 99 99"
    assert _pending(partner).status == PENDING


def test_a_listing_imported_before_baselines_were_kept_is_protected(edited, monkeypatch):
    partner, _, _, _ = edited
    partner.imported = None  # as every listing after the upgrade
    db.session.commit()

    import_open_data(db.session)
    db.session.commit()

    assert partner.phone == "03 20 00 00 01" and partner.status == DRAFT
    # The differences with the source are put up for review instead.
    proposal = _pending(partner)
    assert proposal.kind == IMPORT
    assert "phone" in {c["field"] for c in proposal.diff}


def test_a_listing_nobody_touched_is_still_refreshed_by_the_import(app, monkeypatch):
    import_open_data(db.session)
    partner = _france_services()
    partner.imported = None  # imported before baselines were kept, never edited by a person
    db.session.commit()
    _source_says(monkeypatch, partner, phone="03 20 99 99 99")

    import_open_data(db.session)
    assert partner.phone == "03 20 99 99 99" and _pending(partner) is None
    assert partner.imported["partner"]["phone"] == "03 20 99 99 99"


def _everything() -> dict:
    partners = db.session.scalars(select(Partner).order_by(Partner.id)).all()
    return {p.id: (snapshot_of(p), p.status, p.last_confirmed_at, p.version) for p in partners}


def test_init_twice_over_partner_edits_changes_nothing_a_person_wrote(edited, app):
    partner_id = edited[0].id
    before = _everything()
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["init", "--no-demo"])
        assert result.exit_code == 0, result.output
        db.session.expire_all()
        assert _everything() == before
    partner = db.session.get(Partner, partner_id)
    assert partner.phone == "03 20 00 00 01" and partner.status == DRAFT


def test_administrators_see_the_open_data_as_the_author_of_a_proposal(edited, app, monkeypatch):
    partner, admin, _, _ = edited
    _source_says(monkeypatch, partner, phone="03 20 99 99 99")
    import_open_data(db.session)
    db.session.commit()
    proposal = _pending(partner)
    client = app.test_client()
    login(client, admin)

    queue = client.get("/admin/moderation").get_data(as_text=True)
    page = client.get(f"/admin/moderation/{proposal.id}").get_data(as_text=True)
    for html in (queue, page):
        assert "les données ouvertes" in html and "compte supprimé" not in html
    assert "03 20 99 99 99" in page
