"""/donnees: the page that lists the open files for data.gouv.fr and national tools."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

from portal.extensions import db
from tests.factories import make_partner, make_service, subneed


def _page(client, path="/donnees") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_the_page_lists_every_file_with_its_count_date_and_licence(app, client):
    partner = make_partner(name="Espace numérique", labels=["conseiller-numerique"])
    make_service(partner, [subneed("internet-et-impression")])
    make_service(partner, [subneed("colis-alimentaire")])
    make_partner(name="Brouillon", status="draft")
    partner.updated_at = datetime(2026, 3, 14, 10, tzinfo=UTC)
    for service in partner.services:
        service.updated_at = datetime(2026, 2, 1, 10, tzinfo=UTC)
    db.session.flush()
    page = _page(client)
    for path in ("data-inclusion/structures", "data-inclusion/services", "mediation-numerique/lieux"):
        for fmt in ("json", "csv"):
            assert f'href="/api/v1/{path}.{fmt}"' in page
    body = page[page.index("<tbody>"):page.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    counts = [re.search(r'data-label="Lignes" class="nowrap">(\d+)<', row).group(1) for row in rows]
    assert counts == ["1", "2", "1"]
    assert page.count('<time class="nowrap" datetime="2026-03-14">14 mars 2026</time>') == 3
    assert f'<a href="{app.config["PORTAL_OPEN_DATA_LICENCE_URL"]}" rel="license">' \
           f'{app.config["PORTAL_OPEN_DATA_LICENCE"]}</a>' in page
    assert 'href="/api"' in page


def test_an_empty_directory_says_so_rather_than_showing_a_date(client):
    page = _page(client)
    assert page.count("Aucune donnée publiée") == 3


def test_the_page_is_linked_from_the_footer_and_exists_in_every_language(client):
    assert 'href="/donnees"' in _page(client, "/")
    assert 'lang="en"' in _page(client, "/en/donnees")
    assert 'dir="rtl"' in _page(client, "/ar/donnees")
