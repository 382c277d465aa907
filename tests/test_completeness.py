"""A completeness score per listing: what residents need, and the data·inclusion quality score
computed by the official package; shown to the partner and, least complete first, to the CCAS."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from data_inclusion.schema.v1.score_qualite import score

from portal.api import data_inclusion
from portal.directory.completeness import completeness, di_values, listing
from portal.extensions import db
from portal.moderation.snapshots import snapshot_of
from tests.factories import login, make_partner, make_service, make_user, subneed
from tests.test_query_counts import count_statements

# Long enough for data·inclusion's "ideal" description (200 to 2000 characters).
DESCRIPTION = (
    "Chaque mardi après-midi, l'épicerie remet un colis de produits frais et secs aux familles du "
    "quartier. Un bénévole vous reçoit, vérifie avec vous vos besoins et vous explique comment "
    "revenir la semaine suivante, sans rendez-vous."
)


def _complete_partner(**fields):
    """A listing with everything residents need, and a service data·inclusion rates fully."""
    values = {"name": "Épicerie des Bois-Blancs", "phone": "03 20 11 22 33", "email": "contact@epicerie.fr",
              "presentation": "Une épicerie solidaire tenue par des bénévoles.",
              "languages": ["fr", "ar"], "accessibility": "full"}
    partner = make_partner(**{**values, **fields})
    make_service(partner, [subneed("colis-alimentaire")], name="Colis du mardi", description=DESCRIPTION,
                 access_modes=["sans-rdv", "telephone"])
    return partner


def _scored(partner):
    """The completeness of a listing as a page reads it (fresh from the database)."""
    db.session.flush()
    db.session.expire_all()
    return completeness(db.session.scalars(listing(partner.id)).one())


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_listing_with_everything_scores_100_and_lists_nothing_to_add(app):
    result = _scored(_complete_partner())
    assert result.to_add == []
    assert all(check.passed for check in result.checks)
    assert result.di_score == 1.0 and result.di_percent == 100
    assert result.percent == 100


def test_without_weekly_hours_the_score_names_the_hours_and_links_to_the_hours_page(app, client):
    partner = _complete_partner(weekly=[])
    result = _scored(partner)
    assert result.percent < 100
    assert [check.code for check in result.to_add] == ["hours"]
    member = make_user("partner", partners=[partner])
    login(client, member)
    page = _text(client.get(f"/espace/{partner.slug}"))
    assert f"Votre fiche est complète à {result.percent}\u00a0%" in page
    section = page.split('id="titre-complete"', 1)[1].split("</section>", 1)[0]
    assert re.search(rf'<a href="(http://portal\.test)?/espace/{partner.slug}/horaires">[^<]*horaires', section)


def test_a_service_on_appointment_needs_what_to_bring_and_links_to_that_service(app):
    partner = _complete_partner()
    service = make_service(partner, [subneed("colis-alimentaire")], name="Aide aux dossiers",
                           description=DESCRIPTION, access_modes=["sur-rdv"], documents="")
    (check,) = [c for c in _scored(partner).to_add if c.code == "documents"]
    assert check.url_args["key"] == str(service.id)
    # Nor does it say how to get the appointment, which data·inclusion counts half.
    assert "di-mobilisation" in [c.code for c in _scored(partner).to_add]
    service.documents = "Votre carte d'identité et votre dernier avis d'imposition."
    service.access_modes = ["sur-rdv", "telephone"]
    assert [c.code for c in _scored(partner).to_add] == []


def test_the_data_inclusion_score_is_the_packages_own_score_of_the_mapped_service(app):
    partner = _complete_partner(phone="")
    service = partner.services[0]
    service.description, service.audiences, service.fees = "Colis chaque mardi.", [], "payant"
    result = _scored(partner)

    record = data_inclusion.to_service(**di_values(partner, service))
    expected, criteria = score(record)
    assert result.di_score == pytest.approx(expected)
    # Reached by phone, without a phone number: the package's own criterion says so.
    assert criteria["telephone_bien_defini"] == 0.0
    assert result.di_criteria["telephone_bien_defini"] == 0.0
    assert criteria["au_moins_un_public"] == 0.0 and criteria["frais_bien_definis"] == 0.5
    assert {"phone", "di-description", "di-publics", "di-frais"} <= {c.code for c in result.to_add}


def test_our_codes_map_to_the_schemas_vocabulary():
    record = data_inclusion.to_service(
        partner_key="p", service_key="1", name="Permanence", description="Aide aux démarches.",
        updated_on=date(2026, 1, 5),
        thematiques=["famille--garde-denfants", "pas-un-code-connu"], fees="gratuit-sous-conditions",
        audiences=["femmes", "tous-publics"], modes=["en-presentiel"], access_modes=["orientation"],
    )
    assert {t.value for t in record.thematiques} == {"famille--garde-denfants"}
    assert record.frais.value == "payant"
    assert {p.value for p in record.publics} == {"tous-publics"}
    assert record.modes_mobilisation is None
    assert {p.value for p in record.mobilisable_par} == {"professionnels"}


def test_a_listing_without_a_service_is_asked_for_one(app):
    result = _scored(make_partner(phone="03 20 00 00 00"))
    assert result.di_score is None
    assert result.to_add[0].code == "service" and result.to_add[0].endpoint == "partners.new_service"


def test_the_score_reads_a_listing_in_a_fixed_number_of_statements(app, client):
    partner = _complete_partner()

    def statements() -> int:
        db.session.flush()
        db.session.expire_all()
        with count_statements() as seen:
            completeness(db.session.scalars(listing(partner.id)).one())
        return len(seen)

    few = statements()
    for n in range(10):
        make_service(partner, [subneed("repas-chaud"), subneed("colis-alimentaire")], name=f"Service {n}",
                     access_modes=["sur-rdv"])
    assert statements() == few


def test_a_pending_change_is_said_not_counted_yet(app, client):
    from portal.moderation.operations import propose_change

    partner = _complete_partner(weekly=[])
    member = make_user("partner", partners=[partner])
    snapshot = snapshot_of(partner)
    snapshot["slots"] = [{"weekday": 0, "opens": "09:00", "closes": "12:00"}]
    propose_change(partner, snapshot, member, partner.version)
    db.session.commit()
    login(client, member)
    page = _text(client.get(f"/espace/{partner.slug}"))
    assert "votre modification en attente comptera après sa validation" in page


def test_the_admin_page_lists_the_least_complete_first_with_what_is_missing(app, client):
    _complete_partner(name="Fiche complète")
    make_partner(name="Fiche vide", weekly=[])
    _complete_partner(name="Fiche sans téléphone", phone="")
    login(client, make_user("admin"))
    page = _text(client.get("/admin/fiches-a-completer"))
    rows = re.findall(r'<th scope="row"><a [^>]*>([^<]+)</a></th>(.*?)</tr>', page, re.S)
    assert [name for name, _ in rows] == ["Fiche vide", "Fiche sans téléphone", "Fiche complète"]
    empty, no_phone, complete = (cells for _, cells in rows)
    assert "aucun service" in empty and "horaires d'ouverture" in empty
    assert "téléphone" in no_phone and "horaires" not in no_phone
    assert "rien" in complete and "100\u00a0%" in complete


def test_the_admin_page_is_for_administrators_only(app, client):
    partner = _complete_partner()
    other = make_partner(name="Une autre fiche")
    login(client, make_user("partner", partners=[partner]))
    assert client.get("/admin/fiches-a-completer").status_code in (403, 404)
    # A member sees the score of their own listing only.
    assert client.get(f"/espace/{other.slug}").status_code == 404
    assert client.get("/admin/fiches-a-completer?page=99").status_code in (403, 404)


def test_the_admin_page_query_count_does_not_grow_with_listings(app, client):
    login(client, make_user("admin"))
    _complete_partner()

    def statements() -> int:
        db.session.flush()
        db.session.expire_all()
        with count_statements() as seen:
            assert client.get("/admin/fiches-a-completer").status_code == 200
        return len(seen)

    few = statements()
    for n in range(20):
        partner = _complete_partner(name=f"Fiche {n}")
        make_service(partner, [subneed("repas-chaud")], access_modes=["orientation"])
    assert statements() == few
