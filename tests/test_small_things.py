"""Small things a visitor notices: the site's icon, a plan of the site, French plurals, the CCAS
phone as a link where a search found nothing."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlalchemy import select

from portal.directory.models import Need, Quartier, SubNeed
from portal.extensions import db
from portal.search import pagecache
from portal.search.store import index as idx
from portal.search.store import state
from tests.factories import make_partner, make_service, subneed

TRANSLATIONS = Path(__file__).resolve().parent.parent / "portal" / "translations"


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.get_data(as_text=True))


# The icon -----------------------------------------------------------------------------------

def test_the_favicon_is_an_image_kept_by_browsers(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response.mimetype.startswith("image/")
    assert response.data[:4] == b"\x00\x00\x01\x00"  # an icon file, not a page
    assert response.cache_control.max_age and response.cache_control.max_age >= 24 * 3600
    # Asked again, the browser's copy is still good.
    again = client.get("/favicon.ico", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_every_page_names_its_icons(client):
    page = _page(client, "/quartiers/")
    assert re.search(r'<link rel="icon" href="/favicon.ico"', page)
    assert '<link rel="icon" href="/favicon.svg" type="image/svg+xml">' in page
    response = client.get("/favicon.svg")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data


# The plan of the site ---------------------------------------------------------------------

def test_the_plan_lists_every_need_precise_need_and_quartier(client):
    page = _page(client, "/plan-du-site")
    assert "<h1>Plan du site</h1>" in page
    needs = db.session.scalars(select(Need)).all()
    assert len(needs) == 12
    for need in needs:
        assert f'<a href="/besoins/{need.slug}">{need.label}</a>' in page
    for sub in db.session.scalars(select(SubNeed)).all():
        assert f'href="/besoins/{sub.need.slug}/{sub.slug}"' in page
    quartiers = db.session.scalars(select(Quartier)).all()
    assert len(quartiers) == 12
    for quartier in quartiers:
        assert f'<a href="/quartiers/{quartier.slug}">{quartier.name}</a>' in page
    for href in ('href="/recherche"', 'href="/partenaires/"', 'href="/accessibilite"', 'href="/connexion"'):
        assert href in page


def test_every_footer_links_the_plan_and_not_the_xml_for_robots(client):
    for url in ("/", "/besoins/sante", "/accessibilite"):
        footer = _page(client, url).split('<footer class="site-footer">', 1)[1]
        assert '<a href="/plan-du-site">Plan du site</a>' in footer
        assert "sitemap.xml" not in footer
    assert "sitemap.xml" in client.get("/robots.txt").get_data(as_text=True)


def test_the_plan_exists_in_each_language(client):
    page = _page(client, "/en/plan-du-site")
    assert '<html lang="en"' in page
    assert 'href="/en/besoins/urgence-sociale/hebergement-ce-soir"' in page


# French plurals: 0 and 1 take the singular -----------------------------------------------

def test_counts_of_places_read_0_lieu_1_lieu_2_lieux(client):
    make_service(make_partner(), [subneed("prendre-une-douche")])
    for _ in range(2):
        make_service(make_partner(), [subneed("laver-son-linge")])
    page = _page(client, "/besoins/urgence-sociale")

    def count(slug: str) -> str:
        item = page.split(f'href="/besoins/urgence-sociale/{slug}"', 1)[1]
        return re.search(r'<span class="subneed-count">([^<]*)</span>', item).group(1)

    assert count("accueil-de-jour") == "0 lieu"
    assert count("prendre-une-douche") == "1 lieu"
    assert count("laver-son-linge") == "2 lieux"


def test_the_french_catalogue_gives_both_forms_of_every_plural_message():
    with (TRANSLATIONS / "messages.pot").open("rb") as f:
        template = read_po(f)
    with (TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        french = read_po(f, locale="fr")
    assert french.plural_forms == "nplurals=2; plural=(n > 1);"
    missing = [m.id[0] for m in template if m.id and m.pluralizable
               and not ((t := french.get(m.id[0])) and t.pluralizable and len(t.string) == 2 and all(t.string))]
    assert not missing, f"French plural forms to fill in fr/LC_MESSAGES/messages.po: {missing}"


@pytest.fixture()
def indexed(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "SEARCH_INDEX_DIR", str(tmp_path / "index"))
    pagecache.clear()
    idx.rebuild(db.session)
    yield app
    state.close_all()
    pagecache.clear()


@pytest.mark.committing
def test_search_results_read_0_resultat_1_resultat_2_resultats(client, indexed, app):
    for name in ("Quenouille Nord", "Quenouille Sud"):
        make_service(make_partner(name=name), [subneed("laver-son-linge")], name=f"Laverie {name}")
    make_service(make_partner(name="Douches Tourterelle"), [subneed("prendre-une-douche")],
                 name="Douches Tourterelle")
    db.session.commit()
    assert "0 résultat pour « zzzqqqxx »" in _page(client, "/recherche?q=zzzqqqxx")
    assert "1 résultat pour « tourterelle »" in _page(client, "/recherche?q=tourterelle")
    assert "2 résultats pour « quenouille »" in _page(client, "/recherche?q=quenouille")


@pytest.mark.committing
def test_when_nothing_is_found_the_ccas_phone_is_a_link_a_phone_can_call(client, indexed, app):
    page = _page(client, "/recherche?q=zzzqqqxx")
    phone = app.config["PORTAL_CCAS_PHONE"]
    panel = page.split("Nous n'avons rien trouvé", 1)[1]
    assert f'<a dir="ltr" href="tel:{"".join(phone.split())}">{phone}</a>' in panel
