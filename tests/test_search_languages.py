"""Search in the resident's language, matching only what residents mean, and readable widening.

The listings are written in French; the English and Arabic pages read what is typed through
their own synonyms (portal/search/synonyms.en.txt, synonyms.ar.txt) on top of the French ones.
"""

from __future__ import annotations

import html
import re
from datetime import datetime

import pytest
from flask_babel import force_locale, refresh

from portal.directory import presenters
from portal.directory.hours import PARIS
from portal.extensions import db
from portal.i18n import _
from portal.search import pagecache, searching
from portal.search.core import analysis
from portal.search.core.engine import SearchRequest
from portal.search.searching import search
from portal.search.store import index as idx
from portal.search.store import state
from tests.factories import make_partner, make_service, subneed

# The index follows the test's commits: these tests commit for real (see conftest.py).
pytestmark = pytest.mark.committing

TUESDAY_MORNING = datetime(2026, 3, 10, 10, 0, tzinfo=PARIS)
FRENCH_LISTINGS = "Les fiches sont rédigées en français."


@pytest.fixture()
def indexed(app, tmp_path, monkeypatch):
    """The app with its own index folder and the shipped synonyms, at a fixed time."""
    monkeypatch.setitem(app.config, "SEARCH_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setitem(app.config, "SEARCH_SYNONYMS_PATH", None)
    monkeypatch.setattr(presenters, "now", lambda: TUESDAY_MORNING)
    pagecache.clear()
    idx.rebuild(db.session)
    yield app
    state.close_all()
    pagecache.clear()


def ids(text: str, locale: str = "fr", **filters) -> list[int]:
    result = search(SearchRequest(text=text, locale=locale, **filters), at=TUESDAY_MORNING)
    return [hit.service_id for hit in result.hits]


def _page(client, url: str) -> str:
    refresh()  # requests share the test's app context, where the page's language is kept
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.get_data(as_text=True))


def _also_searched(page: str, intro: str) -> str:
    found = re.search(re.escape(intro) + r"(.*?)</p>", page, re.S)
    return found.group(1) if found else ""


def test_english_words_find_french_listings_on_the_english_pages(indexed):
    lawyer = make_service(make_partner(name="Maison du droit"), [subneed("conseil-juridique-gratuit")],
                          name="Permanence juridique", description="Un juriste vous reçoit.")
    shelter = make_service(make_partner(name="Abri de nuit"), [subneed("hebergement-ce-soir")],
                           name="Accueil de nuit", description="Des lits pour la nuit.")
    db.session.commit()
    assert ids("where can I find a lawyer?", "en") == [lawyer.id]
    assert ids("Lawer", "en") == [lawyer.id]  # a typo of a word of the English file
    assert ids("women's shelter for tonight", "en")[:1] == [shelter.id]
    assert ids("lawyer", "fr") == []  # English words are read as English on English pages only
    assert ids("avocat", "en") == [lawyer.id]  # a French word typed on the English page still works


def test_arabic_words_with_article_prefixes_and_vowels_find_french_listings(indexed):
    food = make_service(make_partner(name="Les Colis du Cœur"), [subneed("colis-alimentaire")],
                        name="Distribution de colis")
    french = make_service(make_partner(name="Alpha Lille"), [subneed("apprendre-le-francais")],
                          name="Ateliers de conversation")
    db.session.commit()
    for typed in ("طعام", "الطعام", "بالطَّعامِ", "أين أجد الطعام"):
        assert ids(typed, "ar") == [food.id], typed
    assert ids("دروس اللغة الفرنسيّة", "ar") == [french.id]
    assert ids("بالفرنسية", "ar") == [french.id]
    assert ids("colis", "ar") == [food.id]


def test_a_word_only_in_what_to_bring_or_in_the_fees_does_not_make_a_service_match(indexed):
    service = make_service(
        make_partner(), [subneed("colis-alimentaire")], name="Colis du jeudi",
        description="Colis pour les familles du quartier.",
        documents="Justificatif de domicile et quittance de loyer.",
        fees_detail="Participation de deux euros pour la cotisation.")
    db.session.commit()
    assert ids("quittance") == []
    assert ids("cotisation") == []
    assert ids("familles") == [service.id]  # its description still matches


def test_gratuit_ranks_free_services_first_without_being_required(indexed):
    paid = make_service(make_partner(name="Bouffe et Compagnie"), [subneed("repas-chaud")],
                        name="Bouffe du soir : repas chaud", fees="payant",
                        description="Repas, nourriture et colis pour manger.")
    free = [make_service(make_partner(), [subneed("colis-alimentaire")], name=f"Colis {n}",
                         description="Distribution chaque semaine.") for n in range(2)]
    db.session.commit()
    assert ids("bouffe")[0] == paid.id  # the best text match, when nobody asks for free
    found = ids("bouffe gratuite")
    assert set(found[:2]) == {s.id for s in free}  # no listing says "gratuit": not required
    assert found[2:] == [paid.id]  # a preference, not a filter
    assert set(ids("free food", "en")[:2]) == {s.id for s in free}
    assert set(ids("طعام مجاني", "ar")[:2]) == {s.id for s in free}


def test_the_results_page_shows_understandable_words_never_stems(client, indexed):
    make_service(make_partner(name="Épicerie La Passerelle"), [subneed("colis-alimentaire")], name="Colis")
    db.session.commit()
    line = _also_searched(_page(client, "/recherche?q=bouffe"), "Nous avons aussi cherché")
    assert "bouffe → Se nourrir" in line
    stemmed = set(analysis.stems("alimentation colis repas")) - {"colis"}
    assert stemmed and not stemmed & set(re.findall(r"\w+", line)), line
    with force_locale("en"):
        intro, label = _("Nous avons aussi cherché : %(words)s", words=""), _("Colis alimentaire")
    english = _also_searched(_page(client, "/en/recherche?q=food+bank"), intro.strip())
    assert f"food bank → {label}" in english


def test_english_and_arabic_pages_say_the_listings_are_in_french(client, indexed):
    make_service(make_partner(), [subneed("colis-alimentaire")], name="Colis")
    db.session.commit()
    assert FRENCH_LISTINGS not in _page(client, "/recherche?q=colis")
    for locale in ("en", "ar"):
        with force_locale(locale):
            sentence = _(FRENCH_LISTINGS)
        assert sentence in _page(client, f"/{locale}/recherche?q=colis"), locale


def test_the_same_query_is_read_in_the_language_of_each_page(client, indexed):
    make_service(make_partner(name="Maison du droit"), [subneed("conseil-juridique-gratuit")],
                 name="Permanence juridique")
    db.session.commit()
    assert "Maison du droit" not in _page(client, "/recherche?q=lawyer")
    assert "Maison du droit" in _page(client, "/en/recherche?q=lawyer")  # not the cached French page


def test_language_synonyms_are_editable_files_beside_the_french_one(indexed, tmp_path):
    food = make_service(make_partner(), [subneed("colis-alimentaire")], name="Distribution de colis")
    db.session.commit()
    (tmp_path / "syn.txt").write_text("# version: t-1\n", encoding="utf-8")
    (tmp_path / "syn.en.txt").write_text("# version: t-1\ngrub => colis\n", encoding="utf-8")
    indexed.config["SEARCH_SYNONYMS_PATH"] = str(tmp_path / "syn.txt")
    assert ids("grub", "en") == [food.id]
    assert ids("grub", "fr") == []


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_the_shipped_language_synonyms_point_at_real_needs(locale):
    from seed.taxonomy import NEEDS

    slugs = {"need": {n.slug for n in NEEDS}, "subneed_slug": {s.slug for n in NEEDS for s in n.subneeds}}
    path = searching.DEFAULT_SYNONYMS.with_name(f"synonyms.{locale}.txt")
    rules = analysis.load_synonyms(path, locale)
    assert rules.version != "unversioned" and len(rules.rules) > 150
    for expansion in rules.rules.values():
        for fieldname, slug in expansion.taxonomy:
            assert slug in slugs[fieldname], slug
