"""The production way of the README, once, for real: from a checkout, `flask --app portal init
--no-demo` then gunicorn, in production mode; the pages, the styles and the search answer."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read().decode()


@pytest.fixture()
def production(tmp_path):
    """The environment of the README's production section, on a database of this test."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PORTAL_", "SEARCH_"))}
    env.update(
        PORTAL_ENV="production",
        SECRET_KEY="a secret used only by this test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        SEARCH_INDEX_DIR=str(tmp_path / "index"),
        PORTAL_BASE_URL="https://aide.example.org",
    )
    return env


def test_the_production_install_runs_from_a_checkout_under_gunicorn(production, tmp_path):
    init = subprocess.run([BIN / "flask", "--app", "portal", "init", "--no-demo"], cwd=CHECKOUT,
                          env=production, capture_output=True, text=True, timeout=300)
    assert init.returncode == 0, init.stderr[-2000:]
    assert "Prêt." in init.stdout
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [BIN / "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}", "portal:create_app()"],
            cwd=CHECKOUT, env=production, stdout=log_file, stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"
        for _attempt in range(100):
            try:
                status, _type, home = _get(base + "/")
                break
            except OSError:
                if server.poll() is not None:
                    pytest.fail(log.read_text()[-2000:])
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer")
        assert status == 200 and "Se nourrir" in home
        status, content_type, css = _get(base + "/static/css/portal.css")
        assert status == 200 and content_type.startswith("text/css") and css.strip()
        status, _type, need = _get(base + "/besoins/numerique")
        assert status == 200 and "Apprendre à utiliser un ordinateur" in need
        # The real open-data places are indexed: a search finds the France Services.
        status, _type, found = _get(base + "/recherche?q=france+services")
        assert status == 200 and "France Services" in found
        status, _type, english = _get(base + "/en/")
        assert status == 200 and 'lang="en"' in english
    finally:
        server.terminate()
        server.wait(timeout=10)
