"""The search engine: analysis, synonyms, typos, filters, distance, sync, rebuild, locking, drift."""

from __future__ import annotations

import os
import threading
from datetime import datetime, time

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session

from portal.directory.hours import PARIS
from portal.directory.models import Service, service_subneed
from portal.extensions import db
from portal.search import searching
from portal.search.core import analysis
from portal.search.core.engine import SearchRequest
from portal.search.searching import search
from portal.search.store import generations, state
from portal.search.store import index as idx
from tests.factories import make_partner, make_service, subneed

# The index follows commits: these tests commit for real (see conftest.py).
pytestmark = pytest.mark.committing

# Tuesday 10:00 in Lille, when the factory partners (Mon–Fri 9–17) are open.
TUESDAY_MORNING = datetime(2026, 3, 10, 10, 0, tzinfo=PARIS)
FIVES = (50.6300, 3.0900)
LOMME = (50.6430, 2.9880)


@pytest.fixture()
def search_app(own_index):
    """The application with its index (built empty) in a tmp folder, following commits, and no
    synonyms (the quality test uses the real file)."""
    return own_index


def ids(result) -> list[int]:
    return [hit.service_id for hit in result.hits]


def find(text: str, **filters):
    return search(SearchRequest(text=text, **filters), at=TUESDAY_MORNING)


def test_analyzer_folds_accents_drops_elisions_and_stems():
    assert analysis.stems("l'hébergement") == analysis.stems("hebergement")
    assert analysis.stems("Les logements") == analysis.stems("logement")
    assert analysis.stems("d'aujourd'hui") == ("aujourd'hui",)
    assert analysis.stems("appeler le 115") == (analysis.stems("appeler")[0], "115")
    assert analysis.words("Mobilité réduite") == ("mobilite", "reduite")


def test_a_query_with_accents_and_elision_finds_a_text_without(search_app):
    partner = make_partner(name="Halte Saint-Sauveur")
    service = make_service(partner, [subneed("accueil-de-jour")], name="Hebergement et repos",
                           description="Un lieu pour se poser.")
    db.session.commit()
    assert ids(find("l'hébergement")) == [service.id]
    assert ids(find("HÉBERGEMENTS")) == [service.id]


def test_a_name_or_sub_need_match_ranks_above_a_word_deep_in_a_description(search_app):
    deep = make_service(make_partner(name="Maison des associations"), [subneed("aide-aux-devoirs")],
                        name="Accompagnement scolaire",
                        description="Goûter, jeux, et parfois une aide pour le colis du mois.")
    named = make_service(make_partner(name="Les Colis du Cœur"), [subneed("repas-chaud")],
                         name="Repas du midi", description="Tous les jours.")
    db.session.commit()
    assert ids(find("colis"))[:2] == [named.id, deep.id]


def test_synonyms_come_from_an_editable_file(search_app, tmp_path):
    food = make_service(make_partner(), [subneed("colis-alimentaire")], name="Distribution de colis")
    db.session.commit()
    rules = tmp_path / "synonyms.txt"
    rules.write_text("# version: test-1\nzorglub => colis\n", encoding="utf-8")
    search_app.config["SEARCH_SYNONYMS_PATH"] = str(rules)

    result = find("zorglub")
    assert ids(result) == [food.id]
    assert result.expanded and "zorglub" in result.expanded[0]

    rules.write_text("# version: test-2\nbidule => colis\n", encoding="utf-8")
    os.utime(rules, ns=(1, 1))  # a different mtime even on coarse clocks
    assert ids(find("zorglub")) == []
    assert ids(find("bidule")) == [food.id]


def test_the_shipped_synonyms_point_at_real_sub_needs(search_app):
    from seed.taxonomy import NEEDS

    slugs = {"need": {n.slug for n in NEEDS}, "subneed_slug": {s.slug for n in NEEDS for s in n.subneeds}}
    rules = analysis.load_synonyms(searching.DEFAULT_SYNONYMS)
    assert rules.version != "unversioned" and len(rules.rules) > 100
    for expansion in rules.rules.values():
        for fieldname, slug in expansion.taxonomy:
            assert slug in slugs[fieldname], slug


def test_a_misspelled_query_retries_with_near_words_and_suggests_a_spelling(search_app):
    housing = make_service(make_partner(), [subneed("demander-un-logement-social")],
                           name="Demande de logement social")
    db.session.commit()
    result = find("logemant")
    assert ids(result) == [housing.id]
    assert result.used_fuzzy
    assert result.suggestion and "logement" in result.suggestion
    exact = find("logement")
    assert not exact.used_fuzzy and exact.suggestion is None


def test_filters_narrow_results_and_facets_count_the_other_filters(search_app):
    colis = [subneed("colis-alimentaire")]
    free_fives = make_service(make_partner(at=FIVES), colis, name="Colis A")
    paid_fives = make_service(make_partner(at=FIVES), colis, name="Colis B", fees="payant",
                              access_modes=["sur-rdv"], audiences=["familles-enfants"])
    free_lomme = make_service(make_partner(at=LOMME, languages=["fr", "ar"]), colis, name="Colis C")
    make_service(make_partner(at=LOMME), [subneed("avoir-un-velo")], name="Atelier vélo")
    db.session.commit()

    everything = find("colis")
    assert everything.total == 3
    assert everything.facets["quartier"] == {"fives": 2, "lomme": 1}
    assert everything.facets["free"] == {"true": 2, "false": 1}

    fives = find("colis", quartier="fives")
    assert sorted(ids(fives)) == sorted([free_fives.id, paid_fives.id])
    # The quartier facet ignores the quartier filter itself, the others apply it.
    assert fives.facets["quartier"] == {"fives": 2, "lomme": 1}
    assert fives.facets["free"] == {"true": 1, "false": 1}

    assert ids(find("colis", quartier="fives", free=True)) == [free_fives.id]
    assert ids(find("colis", walk_in=True, language="ar")) == [free_lomme.id]
    assert ids(find("colis", audience="familles-enfants")) == [paid_fives.id]
    assert find("colis", need="alimentation").total == 3
    assert find("colis", need="logement").total == 0
    # An empty text lists everything matching the filters.
    assert find("", quartier="lomme").total == 2


def test_open_now_uses_the_opening_hours(search_app):
    day = make_service(make_partner(), [subneed("repas-chaud")], name="Repas du jour")
    night = make_service(make_partner(weekly=[(1, time(20), time(23))]), [subneed("repas-chaud")],
                         name="Repas du soir")
    db.session.commit()
    assert ids(find("repas", open_now=True)) == [day.id]
    evening = datetime(2026, 3, 10, 21, 0, tzinfo=PARIS)
    result = search(SearchRequest(text="repas", open_now=True), at=evening)
    assert ids(result) == [night.id]
    assert result.facets["open_now"] == {"true": 1, "false": 1}


def test_distance_sort_puts_the_nearest_first(search_app):
    colis = [subneed("colis-alimentaire")]
    far = make_service(make_partner(at=LOMME), colis, name="Colis loin")
    near = make_service(make_partner(at=FIVES), colis, name="Colis près")
    middle = make_service(make_partner(), colis, name="Colis milieu")  # Wazemmes
    db.session.commit()
    result = find("colis", sort="distance", origin=(50.6290, 3.0850))
    assert ids(result) == [near.id, middle.id, far.id]
    distances = [hit.distance_km for hit in result.hits]
    assert distances == sorted(distances) and 0 < distances[0] < 1


def test_pagination_and_partner_diversity(search_app):
    colis = [subneed("colis-alimentaire")]
    big = make_partner(name="Grande Épicerie")
    for n in range(4):
        make_service(big, colis, name=f"Colis alimentaire {n}")
    others = [make_service(make_partner(), colis, name="Colis alimentaire") for _ in range(3)]
    db.session.commit()
    first = find("colis alimentaire", per_page=4)
    assert first.total == 7 and first.pages == 2
    # One partner's four services do not fill the first page.
    assert len({hit.partner_id for hit in first.hits}) >= 3
    second = find("colis alimentaire", per_page=4, page=2)
    assert len(second.hits) == 3
    assert set(ids(first)) | set(ids(second)) == {s.id for s in [*big.services, *others]}


def test_committed_changes_reach_the_index_and_rollbacks_do_not(search_app):
    partner = make_partner(name="Vestiaire solidaire")
    service = make_service(partner, [subneed("trouver-des-vetements")], name="Vêtements gratuits")
    db.session.commit()
    assert ids(find("vetements")) == [service.id]

    service.name = "Habits pour l'hiver"
    db.session.commit()
    assert ids(find("hiver")) == [service.id]

    make_service(partner, [subneed("trouver-des-vetements")], name="Cordonnerie")
    db.session.rollback()
    assert ids(find("cordonnerie")) == []

    partner.status = "draft"
    db.session.commit()
    assert ids(find("hiver")) == []

    partner.status = "published"
    db.session.commit()
    assert ids(find("hiver")) == [service.id]
    db.session.delete(partner)
    db.session.commit()
    assert ids(find("hiver")) == []


def test_a_rebuild_swaps_generations_while_an_open_searcher_keeps_serving(search_app):
    service = make_service(make_partner(), [subneed("prendre-une-douche")], name="Douches")
    db.session.commit()
    assert ids(find("douche")) == [service.id]
    root = generations.index_root()
    old_generation = generations.current_dir(root)
    old_bits = state.state_for(root).bits

    report = idx.rebuild(db.session)
    assert generations.current_dir(root) != old_generation and report.documents == 1
    # The searcher opened before the swap still answers...
    assert old_bits.term("all", analysis.stems("douche")[0]).bit_count() == 1
    # ...and the next search uses the new generation.
    assert ids(find("douche")) == [service.id]
    assert state.state_for(root).bits is not old_bits


def test_two_writers_at_once_do_not_corrupt_the_index(search_app):
    first = make_service(make_partner(), [subneed("avoir-un-velo")], name="Atelier réparation")
    second = make_service(make_partner(), [subneed("apprendre-le-francais")], name="Cours de tricot")
    search_app.config["SEARCH_SYNC"] = False  # write them ourselves, concurrently
    db.session.commit()
    search_app.config["SEARCH_SYNC"] = True
    root = generations.index_root()
    barrier = threading.Barrier(2)
    errors: list[Exception] = []

    def write(service_id: int) -> None:
        try:
            with search_app.app_context(), Session(db.engine) as session:
                barrier.wait()
                idx.apply_changes(session, service_ids=[service_id], root=root)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(s.id,)) for s in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert ids(find("reparation")) == [first.id]
    assert ids(find("tricot")) == [second.id]
    assert idx.check(db.session).ok


def test_check_reports_drift_and_repair_fixes_it(search_app):
    kept = make_service(make_partner(), [subneed("avoir-un-velo")], name="Atelier vélo")
    gone = make_service(make_partner(), [subneed("avoir-un-velo")], name="Vélos d'occasion")
    db.session.commit()
    assert idx.check(db.session).ok

    # Behind the index's back: a service added while sync was off, a row deleted in SQL.
    search_app.config["SEARCH_SYNC"] = False
    unseen = make_service(make_partner(), [subneed("avoir-un-velo")], name="Vélo-école")
    db.session.commit()
    search_app.config["SEARCH_SYNC"] = True
    db.session.execute(delete(service_subneed).where(service_subneed.c.service_id == gone.id))
    db.session.execute(delete(Service).where(Service.id == gone.id))
    db.session.commit()

    drift = idx.check(db.session)
    assert drift.extra == [gone.id] and drift.missing == [unseen.id] and not drift.ok
    assert str(gone.id) in str(drift)

    idx.repair(db.session)
    assert idx.check(db.session).ok
    assert sorted(ids(find("velo"))) == sorted([kept.id, unseen.id])


def test_cli_commands(search_app):
    make_service(make_partner(), [subneed("avoir-un-velo")], name="Atelier vélo")
    db.session.commit()
    runner = search_app.test_cli_runner()
    result = runner.invoke(args=["search", "reindex"])
    assert result.exit_code == 0 and "1 services" in result.output
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 0 and "à jour" in result.output


@pytest.mark.parametrize("text", ["", "   ", "de la les", "??"])
def test_degenerate_queries_do_not_fail(search_app, text):
    make_service(make_partner(), [subneed("avoir-un-velo")], name="Atelier vélo")
    db.session.commit()
    result = find(text)
    assert result.total >= 0 and result.suggestion is None
