"""The search log as the CCAS team sees it: recent searches, and the ones that found nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import inspect, select

from portal.db import utcnow
from portal.extensions import db
from portal.search.models import SearchLog
from tests.factories import login, make_user


def _log(query: str, results: int, *, minutes_ago: int = 0, **filters) -> SearchLog:
    entry = SearchLog(query=query, results=results, filters=filters, duration_ms=12.4,
                      created_at=utcnow() - timedelta(minutes=minutes_ago))
    db.session.add(entry)
    db.session.commit()
    return entry


@pytest.fixture()
def admin_client(client):
    login(client, make_user("admin"))
    return client


def test_zero_result_queries_are_grouped_with_their_counts(admin_client):
    for minutes in (30, 20, 10):
        _log("bouffe gratuite", 0, minutes_ago=minutes)
    _log("Bouffe gratuite ", 0, minutes_ago=5)  # same words, other case and a space
    _log("domiciliation postale", 0, minutes_ago=3)
    _log("colis alimentaire", 7)

    page = admin_client.get("/admin/recherches/sans-resultat").get_data(as_text=True)

    rows = page.split("<tbody>")[1]
    assert "bouffe gratuite" in rows and "domiciliation postale" in rows
    assert "colis alimentaire" not in rows
    # The most asked query comes first, with how many times it was asked.
    assert rows.index("bouffe gratuite") < rows.index("domiciliation postale")
    assert "<td>4</td>" in rows and "<td>1</td>" in rows
    assert "2 recherches différentes" in page


def test_recent_searches_show_words_filters_results_and_duration(admin_client):
    _log("papiers caf", 3, quartier="wazemmes", besoin="acces-aux-droits")
    _log("", 0, minutes_ago=1, ouvert="1")

    page = admin_client.get("/admin/recherches").get_data(as_text=True)

    assert "papiers caf" in page
    assert "quartier : wazemmes" in page and "besoin : acces-aux-droits" in page
    assert "12 ms" in page
    assert "(aucun mot)" in page and "aucun</strong>" in page
    # Newest first.
    assert page.index("papiers caf") < page.index("(aucun mot)")


def test_the_log_keeps_no_address_nor_any_personal_data(app):
    columns = {c["name"] for c in inspect(db.engine).get_columns("search_log")}
    assert columns == {"id", "created_at", "query", "filters", "results", "duration_ms"}


def test_long_logs_are_paginated_and_absurd_pages_are_not_found(admin_client):
    db.session.add_all(SearchLog(query=f"requête {n}", results=0, filters={}) for n in range(60))
    db.session.commit()

    first = admin_client.get("/admin/recherches")
    second = admin_client.get("/admin/recherches?page=2")
    assert first.status_code == second.status_code == 200
    assert "Page 1 sur 2" in first.get_data(as_text=True)
    assert "Page 2 sur 2" in second.get_data(as_text=True)
    for page in ("3", "0", "-1", "abc", "1e3", "99999999999999999999"):
        assert admin_client.get(f"/admin/recherches?page={page}").status_code == 404, page
        assert admin_client.get(f"/admin/recherches/sans-resultat?page={page}").status_code == 404, page


@pytest.mark.parametrize("role", ["professional", "partner"])
@pytest.mark.parametrize("path", ["/admin/recherches", "/admin/recherches/sans-resultat"])
def test_only_administrators_see_the_log(client, role, path):
    _log("secret de la recherche", 0)
    assert client.get(path).status_code == 302
    login(client, make_user(role))
    response = client.get(path)
    assert response.status_code == 403
    assert "secret de la recherche" not in response.get_data(as_text=True)


def test_old_searches_are_purged_after_the_retention_period(app):
    _log("il y a treize mois", 0, minutes_ago=60 * 24 * 400)
    _log("il y a dix jours", 3, minutes_ago=60 * 24 * 10)
    _log("tout à l'heure", 2, minutes_ago=5)
    runner = app.test_cli_runner()

    result = runner.invoke(args=["search", "purge-log"])  # SEARCH_LOG_RETENTION_DAYS: 395 by default
    assert result.exit_code == 0, result.output
    assert "1 recherches de plus de 395 jours supprimées" in result.output
    assert _queries() == ["il y a dix jours", "tout à l'heure"]

    result = runner.invoke(args=["search", "purge-log", "--older-than", "7"])
    assert result.exit_code == 0, result.output
    assert _queries() == ["tout à l'heure"]
    assert runner.invoke(args=["search", "purge-log", "--older-than", "-1"]).exit_code != 0


def _queries() -> list[str]:
    db.session.expire_all()
    return sorted(db.session.scalars(select(SearchLog.query)))
