"""Every page type answers, shows what a resident needs, and bad URLs get a clear page."""

from __future__ import annotations

import html
from datetime import date, datetime, time

import pytest

from portal.directory import presenters
from portal.directory.hours import PARIS
from portal.directory.models import Closure
from portal.extensions import db
from tests.factories import make_partner, make_service, subneed

FIVES = (50.6290, 3.0900)
# Wednesday 25 November 2026, 10:30 in Lille.
WEDNESDAY_MORNING = datetime(2026, 11, 25, 10, 30, tzinfo=PARIS)


@pytest.fixture()
def frozen_now(monkeypatch):
    monkeypatch.setattr(presenters, "now", lambda: WEDNESDAY_MORNING)
    return WEDNESDAY_MORNING


def _text(response) -> str:
    """The page as a reader sees its characters (entities decoded)."""
    return html.unescape(response.get_data(as_text=True))


def test_home_lists_the_twelve_needs_with_links(client):
    page = _text(client.get("/"))
    assert '<html lang="fr"' in page
    assert 'href="#contenu"' in page and 'id="contenu"' in page
    for slug in ("acces-aux-droits", "alimentation", "logement", "sante", "budget",
                 "emploi-formation", "famille", "numerique", "seniors", "urgence-sociale",
                 "handicap", "mobilite"):
        assert f'href="/besoins/{slug}"' in page
    assert "Se nourrir" in page
    assert 'action="/recherche"' in page
    assert 'name="quartier"' in page and "Wazemmes" in page


def test_need_page_lists_its_sub_needs_with_their_offer_count(client):
    food = subneed("colis-alimentaire")
    make_service(make_partner(name="Épicerie du Marché"), [food])
    page = _text(client.get("/besoins/alimentation"))
    assert "Colis alimentaire" in page
    assert 'href="/besoins/alimentation/colis-alimentaire"' in page
    assert "1 lieu" in page


def test_sub_need_page_shows_offering_partners_with_badges(client, frozen_now):
    food = subneed("colis-alimentaire")
    open_one = make_partner(name="Banque solidaire Wazemmes")
    make_service(open_one, [food], fees="gratuit", access_modes=["sans-rdv"])
    closed_one = make_partner(name="Relais du soir", at=FIVES, weekly=[(2, time(18), time(20))])
    make_service(closed_one, [food], fees="payant", access_modes=["sur-rdv"])
    draft = make_partner(name="Fiche en brouillon", status="draft")
    make_service(draft, [food])
    archived = make_partner(name="Service archivé")
    make_service(archived, [food], status="archived")

    page = _text(client.get("/besoins/alimentation/colis-alimentaire"))
    assert "Banque solidaire Wazemmes" in page and "Relais du soir" in page
    assert "Fiche en brouillon" not in page and "Service archivé" not in page
    assert "Ouvert maintenant, ferme à 17:00" in page
    assert "Fermé, ouvre aujourd'hui à 18:00" in page
    assert "Gratuit" in page and "Sur rendez-vous" in page and "Sans rendez-vous" in page
    assert "Wazemmes" in page and "Fives" in page


def test_sub_need_filters_keep_only_free_walk_in_open_places(client, frozen_now):
    food = subneed("colis-alimentaire")
    make_service(make_partner(name="Ouvert gratuit"), [food])
    make_service(make_partner(name="Payant"), [food], fees="payant")
    make_service(make_partner(name="Sur rendez-vous"), [food], access_modes=["sur-rdv"])
    make_service(make_partner(name="Fermé le mercredi", weekly=[(0, time(9), time(12))]), [food])
    page = _text(client.get("/besoins/alimentation/colis-alimentaire?ouvert=1&gratuit=1&sans_rdv=1"))
    assert "Ouvert gratuit" in page
    for hidden in ("Payant</a>", "Sur rendez-vous</a>", "Fermé le mercredi"):
        assert hidden not in page
    assert "(sur 4)" in page


def test_chosen_quartier_comes_first_and_is_remembered(client):
    food = subneed("colis-alimentaire")
    make_service(make_partner(name="AAA Wazemmes"), [food])
    make_service(make_partner(name="ZZZ Fives", at=FIVES), [food])
    url = "/besoins/alimentation/colis-alimentaire"

    page = _text(client.get(url))
    assert page.index("AAA Wazemmes") < page.index("ZZZ Fives")

    response = client.get(f"/quartier?quartier=fives&suivant={url}")
    assert response.status_code == 302 and response.headers["Location"].endswith(url)
    assert "quartier=fives" in response.headers["Set-Cookie"]
    page = _text(client.get(url))
    assert page.index("ZZZ Fives") < page.index("AAA Wazemmes")
    assert "Près de : Fives" in page


@pytest.mark.parametrize("target", ["//evil.example/", "/%09/evil.example", "/%5Cevil.example",
                                    "https://evil.example/", "/%0d%0aSet-Cookie:x=1"])
def test_choosing_a_quartier_never_redirects_off_site(client, target):
    """The same safe-target rule as the login's `next`: a tab or a backslash that a browser
    drops or turns into a slash must not make the path a link to another site."""
    response = client.get(f"/quartier?quartier=fives&suivant={target}")
    assert response.headers["Location"] in ("/", "http://portal.test/")


def test_unknown_quartier_in_a_filter_gets_a_clear_message(client):
    make_service(make_partner(name="Lieu connu"), [subneed("colis-alimentaire")])
    response = client.get("/besoins/alimentation/colis-alimentaire?quartier=atlantide")
    assert response.status_code == 200
    page = _text(response)
    assert "Le quartier « atlantide » n'existe pas" in page
    assert "Lieu connu" in page


def test_partner_page_shows_everything_needed_to_go_there(client, frozen_now):
    partner = make_partner(
        name="Centre social Les Tisserands", phone="03 20 00 00 01", email="accueil@exemple.test",
        website="https://exemple.test", presentation="Accueil chaleureux.\nCafé offert.",
        accessibility="full", languages=["fr", "ar"], labels=["france-services"],
    )
    make_service(partner, [subneed("colis-alimentaire")], name="Distribution de colis",
                 documents="Pièce d'identité, attestation CAF", access_modes=["sur-rdv"])
    partner.closures.append(Closure(start_date=date(2026, 12, 21),
                           end_date=date(2027, 1, 3), message="Fermeture des fêtes"))
    db.session.commit()
    page = _text(client.get(f"/partenaires/{partner.slug}"))
    for expected in ("Centre social Les Tisserands", "10 rue Gambetta", "59000 Lille",
                     'href="tel:0320000001"', "mailto:accueil@exemple.test", "France Services",
                     "Accessible en fauteuil roulant", "arabe", "Distribution de colis",
                     "Pièce d'identité, attestation CAF", "Sur rendez-vous",
                     "Ouvert maintenant, ferme à 17:00", "Fermeture des fêtes",
                     "openstreetmap.org/directions", 'href="/quartiers/wazemmes"',
                     "Accueil chaleureux.<br>Café offert.", "pas encore été confirmées"):
        assert expected in page, expected


def test_confirmed_and_stale_dates_are_shown(client, frozen_now):
    recent = make_partner(last_confirmed_at=datetime(2026, 10, 1, tzinfo=PARIS))
    old = make_partner(last_confirmed_at=datetime(2025, 3, 1, tzinfo=PARIS))
    db.session.commit()
    page = _text(client.get(f"/partenaires/{recent.slug}"))
    assert "confirmées par le lieu le 1 octobre 2026" in page and "peut-être plus à jour" not in page
    assert "peut-être plus à jour" in _text(client.get(f"/partenaires/{old.slug}"))


def test_a_listing_expected_monthly_is_outdated_sooner(client, frozen_now):
    """The public warning follows the listing's own update frequency, like the stale list."""
    default = make_partner(last_confirmed_at=datetime(2026, 10, 1, tzinfo=PARIS))
    monthly = make_partner(last_confirmed_at=datetime(2026, 10, 1, tzinfo=PARIS), update_frequency="monthly")
    db.session.commit()
    assert "peut-être plus à jour" not in _text(client.get(f"/partenaires/{default.slug}"))
    assert "peut-être plus à jour" in _text(client.get(f"/partenaires/{monthly.slug}"))


@pytest.mark.parametrize("url", [
    "/besoins/inconnu", "/besoins/alimentation/inconnu", "/besoins/logement/colis-alimentaire",
    "/partenaires/inconnu", "/quartiers/atlantide", "/partenaires/?lettre=%25",
    "/quartiers/wazemmes?page=abc", "/quartiers/wazemmes?page=0", "/quartiers/wazemmes?page=-3",
    "/quartiers/wazemmes?page=99999", "/quartiers/wazemmes?page=" + "9" * 40,
])
def test_unknown_things_get_a_clear_not_found_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    page = _text(response)
    assert "Cette page n'existe pas" in page and 'href="/"' in page
    assert "Traceback" not in page


def test_draft_partner_page_is_not_public(client):
    draft = make_partner(status="draft")
    db.session.commit()
    assert client.get(f"/partenaires/{draft.slug}").status_code == 404


def test_quartier_pages_list_partners_page_by_page(client):
    for n in range(25):
        make_partner(name=f"Lieu {n:02d}")
    make_partner(name="Lieu de Fives", at=FIVES)
    db.session.commit()
    listing = _text(client.get("/quartiers/"))
    assert 'href="/quartiers/wazemmes"' in listing and "25 lieux" in listing
    first = _text(client.get("/quartiers/wazemmes"))
    assert "Lieu 00" in first and "Lieu 24" not in first and "Lieu de Fives" not in first
    assert 'href="/quartiers/wazemmes?page=2"' in first
    assert "Lieu 24" in _text(client.get("/quartiers/wazemmes?page=2"))


def test_a_to_z_files_accented_names_under_their_letter(client):
    make_partner(name="Épicerie solidaire du Faubourg")
    make_partner(name="Emmaüs Connect")
    make_partner(name="123 Solidarité")
    db.session.commit()
    page = _text(client.get("/partenaires/?lettre=E"))
    assert page.index("Emmaüs Connect") < page.index("Épicerie solidaire du Faubourg")
    assert "123 Solidarité" in _text(client.get("/partenaires/?lettre=%23"))
    assert 'href="/partenaires/?lettre=E"' in _text(client.get("/partenaires/"))


def test_sitemap_and_robots_list_public_pages_only(client):
    public = make_partner(name="Public")
    draft = make_partner(name="Brouillon", status="draft")
    db.session.commit()
    xml = _text(client.get("/sitemap.xml"))
    assert f"http://portal.test/partenaires/{public.slug}</loc>" in xml
    assert f"/partenaires/{draft.slug}<" not in xml
    assert "http://portal.test/besoins/alimentation/colis-alimentaire</loc>" in xml
    assert "http://portal.test/quartiers/lomme</loc>" in xml
    robots = _text(client.get("/robots.txt"))
    assert "Sitemap: http://portal.test/sitemap.xml" in robots


def test_an_unexpected_error_shows_a_friendly_page(client, monkeypatch):
    partner = make_partner()
    db.session.commit()

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(presenters, "opening", broken)
    response = client.get(f"/partenaires/{partner.slug}")
    assert response.status_code == 500
    page = _text(response)
    assert "Le site a rencontré un problème" in page and "boom" not in page


def test_accessibility_statement_is_linked_from_every_page(client):
    page = _text(client.get("/"))
    assert 'href="/accessibilite"' in page
    assert "Défenseur des droits" in _text(client.get("/accessibilite"))
