"""Real-browser fixtures: the seeded demo served on a free port, opened in Debian's Chromium.

Playwright's own browser download needs the internet, so the tests drive the system Chromium
(`apt-get install chromium`). Without it the tests are skipped locally, but they FAIL when the
CI environment variable is set: a missing install step must not hide behind a skip.
Set CHROMIUM_PATH to use another Chromium binary (and only that one).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from portal import create_app
from portal.extensions import db

CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "chromium")
# Headless, and quiet: without the networking flags Chromium keeps calling hosts it cannot reach.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

HERE = Path(__file__).parent
# A transparent 1×1 PNG, the map's background in tests (pictures from data: are allowed).
BLANK_TILE = ("data:image/png;base64,"
              "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
PACKAGES = ("playwright", "pytest_playwright", "axe_playwright_python")
MISSING_PACKAGES = [name for name in PACKAGES if importlib.util.find_spec(name) is None]
if MISSING_PACKAGES and os.environ.get("CI"):
    raise RuntimeError(f"CI is set but the browser test packages are missing: {MISSING_PACKAGES}")


def pytest_configure(config):
    # pytest-playwright declares this marker; declared here too so that collection works without it.
    config.addinivalue_line("markers", "browser_context_args(**kwargs): arguments for browser.new_context()")


def pytest_collection_modifyitems(config, items):
    """Without the test packages (e.g. no dev extras), skip the browser tests rather than error."""
    if not MISSING_PACKAGES:
        return
    skip = pytest.mark.skip(reason=f"browser test packages not installed: {', '.join(MISSING_PACKAGES)}")
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(skip)


def _missing(reason: str) -> None:
    """Skip on a developer's machine; fail in CI, where the browser must have been installed."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: the browser tests must run, not skip)", pytrace=False)
    pytest.skip(reason)


def _chromium_path() -> str | None:
    explicit = os.environ.get("CHROMIUM_PATH", "").strip()
    for candidate in [explicit] if explicit else CHROMIUM_CANDIDATES:
        found = candidate if Path(candidate).is_file() else shutil.which(candidate)
        if found and os.access(found, os.X_OK):
            return found
    return None


@pytest.fixture(scope="session", autouse=True)
def chromium_executable() -> str:
    """The Chromium binary; checked first, before the demo database is built."""
    path = _chromium_path()
    if path is None:
        _missing("Chromium is not installed (apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, chromium_executable) -> dict:
    """pytest-playwright's launch options, pointed at the system Chromium."""
    return {
        **browser_type_launch_args,
        "executable_path": chromium_executable,
        "args": CHROMIUM_ARGS,
        "headless": True,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args) -> dict:
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


# --- Content-Security-Policy: every page runs under the site's policy, and breaks none of it -----

# Added to every page before its own scripts: a refused script, style or picture is recorded in
# the page (window.cspViolations) and said on the console, where the tests collect it.
CSP_LISTENER = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const text = `${event.effectiveDirective} refused ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || location.href}:${event.lineNumber}`;
  window.cspViolations.push(text);
  console.error("Content-Security-Policy violation: " + text);
});
"""


def watch_csp(context) -> list[str]:
    """Collect the policy violations of every page of `context` (Chromium also logs its own
    "Refused to …" line for each)."""
    seen: list[str] = []
    context.add_init_script(CSP_LISTENER)

    def on_console(message) -> None:
        text = message.text
        if text.startswith("Refused to") or "Content-Security-Policy" in text:
            seen.append(f"{message.page.url if message.page else '?'}: {text}")

    context.on("console", on_console)
    return seen


def page_violations(page) -> list[str]:
    """The violations recorded by the page now shown (after the tasks already queued ran)."""
    return page.evaluate("() => new Promise(r => setTimeout(() => r(window.cspViolations || []), 0))")


@pytest.fixture()
def csp_watch():
    """watch_csp, for the tests that open their own browser context."""
    return watch_csp


@pytest.fixture()
def context(context):
    """pytest-playwright's context, watched: any policy violation on any page fails the test."""
    seen = watch_csp(context)
    yield context
    for page in context.pages:
        try:
            seen.extend(f"{page.url}: {text}" for text in page_violations(page))
        except Exception:  # a page the test closed or left mid-navigation: its console still counts
            pass
    assert not seen, "Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(seen))


@pytest.fixture(scope="session")
def live_server(demo_app):
    """The demo database served over HTTP on a free port, for the length of the session.

    The fixtures' app is bound to SERVER_NAME "portal.test"; the browser reaches the server at
    127.0.0.1, so it gets its own app instance on the same database, without SERVER_NAME, and
    with the CSRF protection of production (the fixtures' app turns it off).
    """
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": demo_app.config["SQLALCHEMY_DATABASE_URI"],
            "SEARCH_INDEX_DIR": demo_app.config["SEARCH_INDEX_DIR"],
            "SERVER_NAME": None,
            # Forms are sent by the browser as a person would: with their CSRF token, checked.
            "WTF_CSRF_ENABLED": True,
            # The tests log in and send forms many times a minute from one address.
            "PORTAL_RATE_LIMITS": False,
            # Map tiles never come from the internet in tests: every tile is one blank picture.
            "PORTAL_MAP_TILES": BLANK_TILE,
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Lets tests call page.goto("/path")."""
    return live_server


# --- Accounts: pages seen after logging in through the login form --------------------------------

# A demo partner with services, weekly hours and a presentation; it is not "trusted", so that a
# change proposed by its member waits in the administration queue.
MEMBER_PARTNER = "espace-femmes-la-pepiniere"
PASSWORD = "une phrase de passe pour les tests du navigateur"
MEMBER_EMAIL = "membre.navigateur@exemple.fr"
ADMIN_EMAIL = "admin.navigateur@exemple.fr"
PRO_EMAIL = "pro.matrice@exemple.fr"
# The change the member proposes, so that the queue and a revision page have a diff to show.
PROPOSED_NOTE = "Entrée par la cour, sonnette à gauche de la porte verte."


@dataclass
class Accounts:
    """Session cookies of a logged-in partner member and administrator, and what they made."""

    cookies: dict[str, list[dict]]
    partner_slug: str
    revision_id: int
    batches: dict[str, int]


def log_in(page, email: str, password: str) -> None:
    """Fill in and send the login form, as a person would (CSRF token included)."""
    page.goto("/connexion")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    if "/connexion" in page.url:
        raise AssertionError(f"logging in as {email} failed: {page.locator('main').inner_text()[:300]}")


def _import_batches(app) -> dict[str, int]:
    """Two imports waiting for the administrator, made from the demo's own open data: a
    spreadsheet at its column step, and a data·inclusion file under another source's name whose
    first place, with another phone number, probably is a listing of the directory."""
    import json

    from portal.imports import constants, mappings, operations

    structures = app.test_client().get("/api/v1/data-inclusion/structures.json").get_json()[:2]
    for number, row in enumerate(structures):
        row.update(source="autre-annuaire", id=f"autre-annuaire--{number}")
    structures[0]["telephone"] = "03 20 00 00 09"
    sheet = "Nom;Adresse;Code postal;Ville\r\nÉpicerie du Faubourg;12 rue Pierre Legrand;59800;Lille\r\n"
    with app.app_context():
        staged = operations.stage_file(db.session, [("structures.json", json.dumps(structures).encode())],
                                       fmt=constants.DATA_INCLUSION)
        columns = mappings.upload_sheet(db.session, "lieux.csv", sheet.encode("cp1252"))
        db.session.commit()
        return {"review": staged.id, "columns": columns.id}


@pytest.fixture(scope="session")
def accounts(demo_app, live_server, browser) -> Accounts:
    """A partner member, an administrator and a professional in the demo database, each logged
    in through the login form; the member proposes a change of its listing through the
    presentation form.

    Everything is removed at the end, leaving the demo database as it was.
    """
    from sqlalchemy import delete, select

    from portal.accounts.models import User
    from portal.accounts.operations import create_user
    from portal.directory.models import Partner
    from portal.imports.models import ImportBatch
    from portal.moderation.models import Revision

    with demo_app.app_context():
        partner = db.session.scalars(select(Partner).where(Partner.slug == MEMBER_PARTNER)).one()
        assert not partner.is_trusted, f"{MEMBER_PARTNER} is trusted: its changes would not wait"
        create_user(MEMBER_EMAIL, "partner", partners=[partner], password=PASSWORD)
        create_user(ADMIN_EMAIL, "admin", password=PASSWORD)
        create_user(PRO_EMAIL, "professional", password=PASSWORD)
        db.session.commit()
        partner_id = partner.id

    cookies = {}
    for role, email in (("partner", MEMBER_EMAIL), ("admin", ADMIN_EMAIL), ("professional", PRO_EMAIL)):
        context = browser.new_context(base_url=live_server, locale="fr-FR")
        violations = watch_csp(context)
        page = context.new_page()
        log_in(page, email, PASSWORD)
        if role == "partner":
            page.goto(f"/espace/{MEMBER_PARTNER}/presentation")
            page.locator("#accessibility_note").fill(PROPOSED_NOTE)
            with page.expect_navigation():
                page.locator("main form.form button[type=submit]").click()
            assert page.url.endswith(f"/espace/{MEMBER_PARTNER}"), page.url
        cookies[role] = context.cookies()
        violations.extend(page_violations(page))
        assert not violations, f"Content-Security-Policy violations: {violations}"
        context.close()

    with demo_app.app_context():
        revision_id = db.session.scalars(
            select(Revision.id).where(Revision.partner_id == partner_id, Revision.status == "pending")
        ).one()
    batches = _import_batches(demo_app)
    yield Accounts(cookies, MEMBER_PARTNER, revision_id, batches)

    with demo_app.app_context():
        db.session.execute(delete(Revision).where(Revision.partner_id == partner_id))
        for batch in db.session.scalars(select(ImportBatch).where(ImportBatch.id.in_(batches.values()))):
            db.session.delete(batch)
        for user in db.session.scalars(select(User).where(User.email.in_([MEMBER_EMAIL, ADMIN_EMAIL, PRO_EMAIL]))):
            db.session.delete(user)
        db.session.commit()
