"""A slow dependency does not take the site down: a silent database, a slow geocoder."""

from __future__ import annotations

import html
import socket
import threading
import time
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from portal import create_app
from portal.directory import geocoding
from portal.extensions import db, limiter
from portal.search.store import index as idx
from portal.search.store import state
from tests.conftest import PG_URL
from tests.factories import make_partner, make_service, subneed
from tests.geocoder_stub import running_geocoder

HELD = 30  # seconds a stub keeps a visitor waiting; every assertion allows far less


@contextmanager
def silent_database():
    """A TCP server on loopback that accepts connections and never says a word (then hangs up)."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    stop = threading.Event()
    held: list[socket.socket] = []

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(conn)
            threading.Timer(HELD, conn.close).start()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        server.close()
        for conn in held:
            conn.close()


def test_a_database_that_never_answers_gets_a_fast_503_page(tmp_path):
    with silent_database() as port:
        app = create_app({
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"postgresql://portal@127.0.0.1:{port}/portal",
            "DATABASE_CONNECT_TIMEOUT": 2,
            "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        })
        client = app.test_client()
        started = time.monotonic()
        response = client.get("/")
        elapsed = time.monotonic() - started
        with app.app_context():
            db.engine.dispose()
    assert elapsed < HELD / 3
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "60"
    page = response.get_data(as_text=True)
    assert "Service momentanément indisponible" in page
    assert "Réessayez dans une minute" in page
    # Someone who needs help now can call the CCAS in one tap.
    assert 'href="tel:0320495000"' in page


@pytest.fixture()
def searchable(app, tmp_path, monkeypatch):
    """One partner to find, an index of the test's own, and no geocoder answer remembered."""
    monkeypatch.setitem(app.config, "SEARCH_INDEX_DIR", str(tmp_path / "index"))
    make_service(make_partner(name="Épicerie solidaire de Fives"), [subneed("colis-alimentaire")],
                 name="Colis du jeudi")
    db.session.commit()
    idx.rebuild(db.session)
    geocoding.clear_cache()
    yield app
    state.close_all()
    geocoding.clear_cache()


def _point_geocoder_at(app, server, monkeypatch) -> None:
    host, port = server.server_address[:2]
    monkeypatch.setitem(app.config, "GEOCODER_DOMAIN", f"{host}:{port}")
    monkeypatch.setitem(app.config, "GEOCODER_SCHEME", "http")


def test_a_slow_geocoder_costs_one_short_wait_then_none(searchable, client, monkeypatch):
    with running_geocoder(delay=HELD) as server:
        _point_geocoder_at(searchable, server, monkeypatch)  # the default timeout applies
        started = time.monotonic()
        first = client.get("/recherche?q=colis&adresse=12+rue+Gambetta")
        first_took = time.monotonic() - started
        again = client.get("/recherche?q=colis&adresse=12+rue+Gambetta")
        queries = list(server.queries)
    assert first_took < HELD / 3
    for response in (first, again):
        page = html.unescape(response.get_data(as_text=True))
        assert response.status_code == 200
        assert "Le service d'adresses ne répond pas pour le moment" in page
        assert "Épicerie solidaire de Fives" in page  # the results are still there
    # Asked once: the failure is remembered, the second visitor does not wait for it again.
    assert queries == ["12 rue Gambetta Lille"]


def test_address_searches_are_limited_per_visitor_but_the_search_still_answers(
        searchable, client, monkeypatch):
    monkeypatch.setitem(searchable.config, "PORTAL_RATE_LIMITS", True)
    monkeypatch.setitem(searchable.config, "SEARCH_ADDRESS_RATE_LIMIT", "3/minute")
    limiter.reset()
    try:
        with running_geocoder() as server:
            _point_geocoder_at(searchable, server, monkeypatch)
            for number in range(3):
                page = client.get(f"/recherche?q=colis&adresse={number}+rue+Gambetta").get_data(as_text=True)
                assert "Adresse trouvée : Rue Gambetta 59000 Lille" in page
            response = client.get("/recherche?q=colis&adresse=4+rue+Gambetta")
            page = html.unescape(response.get_data(as_text=True))
            assert response.status_code == 200
            assert "Trop de recherches par adresse en peu de temps" in page
            assert "Épicerie solidaire de Fives" in page
            assert len(server.queries) == 3
            # Another visitor is not affected, nor a search without an address.
            other = searchable.test_client().get("/recherche?q=colis&adresse=4+rue+Gambetta",
                                                 environ_base={"REMOTE_ADDR": "192.0.2.7"})
            assert "Adresse trouvée" in other.get_data(as_text=True)
            assert client.get("/recherche?q=colis").status_code == 200
    finally:
        limiter.reset()


@pytest.mark.skipif(not PG_URL, reason="statement timeouts are PostgreSQL's (TEST_DATABASE_URL)")
def test_a_slow_statement_is_cut_short_for_visitors_but_not_for_commands(tmp_path):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": PG_URL,
                      "DATABASE_STATEMENT_TIMEOUT": 1, "SEARCH_INDEX_DIR": str(tmp_path / "index")})

    @app.get("/lent")
    def slow_page():
        db.session.execute(sa.text("SELECT pg_sleep(:s)"), {"s": HELD})
        return "fini"

    @app.cli.command("lent")
    def slow_command():
        db.session.execute(sa.text("SELECT pg_sleep(1.5)"))
        print("fini")

    try:
        started = time.monotonic()
        response = app.test_client().get("/lent")
        assert time.monotonic() - started < HELD / 3
        assert response.status_code == 503
        with app.app_context():
            db.engine.dispose()  # a command runs in a process of its own, with connections of its own
        result = app.test_cli_runner().invoke(args=["lent"])
        assert result.exit_code == 0, result.output
        assert "fini" in result.output
    finally:
        with app.app_context():
            db.engine.dispose()
