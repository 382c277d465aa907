"""Pages run a bounded number of SQL statements, however many services a partner has."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from portal.extensions import db
from tests.factories import make_partner, make_service, subneed


@contextmanager
def count_statements():
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def _statements_for(client, url: str) -> int:
    db.session.expire_all()
    with count_statements() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_sub_need_page_query_count_does_not_grow_with_results(client):
    food, meal = subneed("colis-alimentaire"), subneed("repas-chaud")
    url = "/besoins/alimentation/colis-alimentaire"
    make_service(make_partner(), [food, meal])
    db.session.commit()
    few = _statements_for(client, url)
    for _ in range(30):
        partner = make_partner()
        for _ in range(3):
            make_service(partner, [food, meal])
    db.session.commit()
    many = _statements_for(client, url)
    assert many == few, (few, many)


def test_partner_page_query_count_does_not_grow_with_services(client):
    partner = make_partner()
    make_service(partner, [subneed("colis-alimentaire")])
    db.session.commit()
    few = _statements_for(client, f"/partenaires/{partner.slug}")
    slugs = ["repas-chaud", "epicerie-solidaire", "faire-garder-mon-enfant", "trouver-un-travail",
             "apprendre-le-francais", "prendre-une-douche"]
    for _ in range(20):
        make_service(partner, [subneed(s) for s in slugs])
    db.session.commit()
    many = _statements_for(client, f"/partenaires/{partner.slug}")
    assert many == few, (few, many)


def test_quartier_page_query_count_does_not_grow_with_partners(client):
    make_service(make_partner(), [subneed("colis-alimentaire")])
    db.session.commit()
    few = _statements_for(client, "/quartiers/wazemmes")
    for _ in range(15):
        make_service(make_partner(), [subneed("repas-chaud")])
    db.session.commit()
    assert _statements_for(client, "/quartiers/wazemmes") == few
