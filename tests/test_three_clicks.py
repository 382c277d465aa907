"""The 3-click rule: every published partner page is reachable from / in at most 3 clicks.

The crawler follows only links inside <main> (filters and pagination links count as clicks),
on the full demo data (reference, real open data and generated partners).
"""

from __future__ import annotations

import json
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from sqlalchemy import select

from portal.directory.models import Partner
from portal.extensions import db

PARTNER_PATH = re.compile(r"^/partenaires/([a-z0-9-]+)$")
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


class MainLinks(HTMLParser):
    """Collect the href of every <a> inside <main>."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.depth += 1
        elif tag == "a" and self.depth:
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1


def main_links(page: str, base: str) -> list[str]:
    parser = MainLinks()
    parser.feed(page)
    links = []
    for href in parser.links:
        url = urlsplit(urljoin(base, href))
        if url.scheme not in ("", "http", "https") or url.netloc not in ("", "portal.test"):
            continue  # tel:, mailto: and other sites
        if url.path.startswith("/static/"):
            continue
        links.append(url.path + (f"?{url.query}" if url.query else ""))
    return links


def crawl(client, max_clicks: int) -> dict[str, int]:
    """Breadth-first: the fewest clicks needed to reach each internal URL."""
    clicks = {"/": 0}
    queue = deque(["/"])
    while queue:
        url = queue.popleft()
        if clicks[url] == max_clicks:
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        for link in main_links(response.get_data(as_text=True), url):
            if link not in clicks:
                clicks[link] = clicks[url] + 1
                queue.append(link)
    return clicks


def test_every_published_partner_is_within_three_clicks(demo_client):
    published = set(db.session.scalars(select(Partner.slug).where(Partner.is_published)))
    drafts = set(db.session.scalars(select(Partner.slug).where(~Partner.is_published)))
    assert len(published) >= 520

    clicks = crawl(demo_client, max_clicks=3)
    reached = {m.group(1) for url in clicks if (m := PARTNER_PATH.match(url))}
    missing = published - reached
    assert not missing, f"{len(missing)} partners need more than 3 clicks, e.g. {sorted(missing)[:5]}"
    assert not (reached & drafts)


def test_partner_pages_of_the_demo_carry_valid_jsonld(demo_client):
    slugs = db.session.scalars(
        select(Partner.slug).where(Partner.is_published).order_by(Partner.slug)
    ).all()
    for slug in slugs[::25]:
        page = demo_client.get(f"/partenaires/{slug}").get_data(as_text=True)
        (block,) = JSONLD.findall(page)
        data = json.loads(block)
        assert data["name"] and data["address"]["@type"] == "PostalAddress"
        assert data["url"].endswith(f"/partenaires/{slug}")
        for offer in data["makesOffer"]:
            assert offer["itemOffered"]["name"] and offer["itemOffered"]["category"]
