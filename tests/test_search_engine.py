"""The search engine: analysis, synonyms, typos, filters, distance, sync, rebuild, locking, drift."""

from __future__ import annotations

import os
import random
import threading
from datetime import datetime, time

import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session

from portal.directory import geo
from portal.directory.hours import PARIS
from portal.directory.models import Service, ServiceStop, service_subneed
from portal.extensions import db
from portal.search import searching
from portal.search.core import analysis
from portal.search.core.engine import SearchRequest
from portal.search.core.partners import PartnerRuns
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


def test_one_hit_per_partner_with_its_matching_services_across_pages(search_app):
    colis = [subneed("colis-alimentaire")]
    big = make_partner(name="Grande Épicerie")
    big_services = [make_service(big, colis, name=f"Colis alimentaire {n}") for n in range(4)]
    make_service(big, [subneed("avoir-un-velo")], name="Atelier vélo")  # does not match
    others = [make_service(make_partner(), colis, name="Colis alimentaire") for _ in range(4)]
    db.session.commit()
    first = find("colis alimentaire", per_page=3)
    second = find("colis alimentaire", per_page=3, page=2)
    # Five partners match (nine services): counted and paged as five.
    assert (first.total, first.pages) == (5, 2) and (second.total, second.pages) == (5, 2)
    assert [len(first.hits), len(second.hits)] == [3, 2]
    partners = [hit.partner_id for hit in [*first.hits, *second.hits]]
    assert sorted(partners) == sorted({big.id, *(s.partner_id for s in others)})
    (big_hit,) = [hit for hit in [*first.hits, *second.hits] if hit.partner_id == big.id]
    assert sorted(big_hit.service_ids) == sorted(s.id for s in big_services)
    # Facets count partners too.
    assert first.facets["need"] == {"alimentation": 5}
    assert first.facets["free"] == {"true": 5, "false": 0}


def test_partners_are_still_counted_once_after_their_services_change(search_app):
    colis = [subneed("colis-alimentaire")]
    first = make_partner(name="Première Épicerie")
    edited = make_service(first, colis, name="Colis du lundi")
    make_service(first, colis, name="Colis du mardi")
    make_service(make_partner(name="Seconde Épicerie"), colis, name="Colis du mercredi")
    db.session.commit()
    edited.name = "Colis du lundi soir"  # rewritten after the others in the index
    db.session.commit()
    make_service(first, colis, name="Colis du jeudi")
    db.session.commit()
    result = find("colis")
    assert result.total == 2 and result.facets["need"] == {"alimentation": 2}
    assert sorted(len(hit.service_ids) for hit in result.hits) == [1, 3]


def test_a_partner_ranks_by_its_best_service_which_comes_first(search_app):
    colis = [subneed("colis-alimentaire")]
    mixed = make_partner(name="Maison de quartier")
    weak = make_service(mixed, [subneed("aide-aux-devoirs")], name="Aide aux devoirs",
                        description="Parfois un goûter.")
    strong = make_service(mixed, colis, name="Goûter solidaire")
    other = make_service(make_partner(name="Les Amis"), [subneed("aide-aux-devoirs")],
                         name="Soutien scolaire", description="Un goûter offert.")
    db.session.commit()
    result = find("gouter")
    assert [hit.partner_id for hit in result.hits] == [mixed.id, other.partner_id]
    assert result.hits[0].service_ids == [strong.id, weak.id]


def _held_at(point: tuple[float, float], **fields) -> dict:
    """Where a service is held when not at its partner's (a permanence in a mairie de quartier)."""
    return {"place_name": "Mairie de quartier", "place_address": "1 place du Marché",
            "place_postcode": "59000", "place_city": "Lille", "place_latitude": point[0],
            "place_longitude": point[1], "place_quartier_id": geo.quartier_id_at(*point), **fields}


def test_a_service_held_in_another_quartier_is_found_there_and_measured_from_there(search_app):
    wazemmes_partner = make_partner(name="Point d'accès au droit")  # its address is in Wazemmes
    held_in_fives = make_service(wazemmes_partner, [subneed("colis-alimentaire")],
                                 name="Permanence colis", **_held_at(FIVES))
    at_home = make_service(make_partner(name="Épicerie de Wazemmes"), [subneed("colis-alimentaire")],
                           name="Colis du jeudi")
    db.session.commit()
    assert ids(find("colis", quartier="fives")) == [held_in_fives.id]
    assert ids(find("colis", quartier="wazemmes")) == [at_home.id]
    assert find("colis").facets["quartier"] == {"fives": 1, "wazemmes": 1}
    near_fives = find("colis", sort="distance", origin=(50.6290, 3.0850))
    assert ids(near_fives) == [held_in_fives.id, at_home.id]
    assert 0.3 < near_fives.hits[0].distance_km < 0.45  # from the mairie, not the partner (3 km)


def test_a_service_with_stops_is_as_near_as_its_nearest_stop_and_remote_ones_have_no_distance(
        search_app):
    bus = make_service(make_partner(name="Bus solidaire", at=LOMME), [subneed("colis-alimentaire")],
                       name="Colis itinérant")
    bus.stops = [ServiceStop(address="Place de Lomme", latitude=LOMME[0], longitude=LOMME[1]),
                 ServiceStop(address="Place de Fives", latitude=FIVES[0], longitude=FIVES[1])]
    phone = make_service(make_partner(name="Ligne colis", at=FIVES), [subneed("colis-alimentaire")],
                         name="Colis par téléphone", modes=["a-distance"])
    db.session.commit()
    result = find("colis", sort="distance", origin=FIVES)
    assert ids(result) == [bus.id, phone.id]
    assert [hit.distance_km for hit in result.hits] == [0.0, None]


def test_an_index_written_with_older_documents_is_rebuilt_before_it_answers(search_app):
    service = make_service(make_partner(), [subneed("colis-alimentaire")], name="Permanence colis",
                           **_held_at(FIVES))
    db.session.commit()
    root = generations.index_root()
    old = generations.current_dir(root)
    (old / generations.SCHEMA).write_text("1")  # as left by an earlier version of the portal
    generations.touch_stamp(root)
    assert ids(find("colis", quartier="fives")) == [service.id]
    assert generations.current_dir(root) != old
    assert not generations.is_outdated(root)


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


class _Documents:
    """Just what partner counting reads from an index: live documents and their partners."""

    def __init__(self, partners: list[int], live: int) -> None:
        self.size, self.partners, self.live = len(partners), partners, live

    def members(self, bits: int):
        return (d for d in range(self.size) if bits >> d & 1)


def test_partner_counts_equal_the_distinct_partners_however_documents_lie():
    rng = random.Random(5)
    for _ in range(300):
        size = rng.randrange(1, 60)
        # Mostly side by side, sometimes scattered (an index written by an earlier version).
        partners = sorted(rng.choices(range(8), k=size))
        if rng.random() < 0.4:
            rng.shuffle(partners)
        live = sum(1 << d for d in range(size) if rng.random() < 0.85)
        runs = PartnerRuns(_Documents(partners, live))
        for _ in range(5):
            bits = live & rng.getrandbits(size)
            expected = len({partners[d] for d in range(size) if bits >> d & 1})
            assert runs.count(bits) == expected
