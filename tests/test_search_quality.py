"""Search quality on the full demo seed: realistic queries find a partner serving the need."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.directory.models import Service, SubNeed
from portal.extensions import db
from portal.search.core.engine import SearchRequest
from portal.search.searching import search
from portal.search.store import state
from tests.search_queries import QUERIES

TOP = 5
TARGET = 0.90


@pytest.fixture(scope="module")
def demo_search_app(demo_app):
    """The full demo seed (reference, real and demo data) with its search index."""
    with demo_app.app_context():
        yield demo_app
        state.close_all()


def needs_of(service_ids: list[int]) -> list[set[str]]:
    services = db.session.scalars(
        select(Service)
        .where(Service.id.in_(service_ids))
        .options(selectinload(Service.subneeds).joinedload(SubNeed.need))
    ).all()
    by_id = {s.id: {sub.need.slug for sub in s.subneeds} for s in services}
    return [by_id[i] for i in service_ids]


def test_the_query_set_is_large_and_varied():
    assert len(QUERIES) >= 60
    assert len({text for text, _ in QUERIES}) == len(QUERIES)


def test_most_queries_have_a_top_5_result_serving_an_expected_need(demo_search_app):
    failures = []
    for text, expected in QUERIES:
        hits = search(SearchRequest(text=text, per_page=TOP)).hits
        found = needs_of([hit.service_id for hit in hits])
        if not any(needs & expected for needs in found):
            failures.append((text, sorted(expected), [sorted(n) for n in found]))
    rate = 1 - len(failures) / len(QUERIES)
    detail = "\n".join(f"  {text!r}: expected {exp}, got {got}" for text, exp, got in failures)
    assert rate >= TARGET, f"success@{TOP} = {rate:.0%}\n{detail}"


def test_every_typo_query_gets_a_suggestion(demo_search_app):
    for text, fixed in [("logemant", "logement"), ("aprendre a utiliser un ordinateur", "apprendre"),
                        ("comprendre un courier", "courrier")]:
        result = search(SearchRequest(text=text))
        assert result.suggestion and fixed in result.suggestion, (text, result.suggestion)
        assert result.total > 0
