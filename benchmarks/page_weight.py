"""Page weight benchmark (not a test): what a visitor downloads for the main pages.

    python benchmarks/page_weight.py [--base-url http://127.0.0.1:5000]

Without --base-url, the demo data (reference + real + demo) is built in a temporary SQLite and
the pages are fetched with the Flask test client. For each page: the HTML, plus every same-origin
stylesheet, script and picture it links, plus the marker pictures the map's script loads. Sizes
are given raw and gzip-compressed (what travels when the server compresses), with and without
the map's files (Leaflet, map.css, map.js, marker pictures). The home page must stay under
HOME_BUDGET bytes (raw, everything included): the script exits with status 1 when it does not.
"""

from __future__ import annotations

import argparse
import gzip
import logging
import sys
import tempfile
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

PAGES = {
    "home": "/",
    "sub-need": "/besoins/alimentation/colis-alimentaire",
    "search": "/recherche?q=colis",
    "partner": "/partenaires/espace-femmes-la-pepiniere",
}
HOME_BUDGET = 30 * 1024
# Pictures Leaflet's script asks for itself (default marker), relative to leaflet.css.
LEAFLET_PICTURES = ("images/marker-icon.png", "images/marker-shadow.png")


class Links(HTMLParser):
    """The addresses of the stylesheets, scripts and pictures a page links."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.icons: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        rel = (values.get("rel") or "").split()
        if tag == "link" and "stylesheet" in rel and values.get("href"):
            self.found.append(values["href"])  # print stylesheets too: browsers fetch them
        elif tag == "link" and "icon" in rel and values.get("href"):
            self.icons.append((values["href"], values.get("type") or ""))
        elif tag in ("script", "img") and values.get("src"):
            self.found.append(values["src"])

    @property
    def fetched(self) -> list[str]:
        """What a current browser downloads: one icon (the SVG one when offered)."""
        svg = [href for href, kind in self.icons if kind == "image/svg+xml"]
        return self.found + (svg[:1] or [href for href, _ in self.icons[:1]])


def is_map_file(url: str) -> bool:
    path = urlsplit(url).path
    return "/vendor/leaflet/" in path or path.endswith(("/css/map.css", "/js/map.js"))


def weigh(fetch, path: str) -> dict:
    """Bytes of the page and of what it links, split into map files and the rest."""
    html = fetch(path)
    parser = Links()
    parser.feed(html.decode("utf-8"))
    assets = {urljoin(path, href) for href in parser.fetched if not urlsplit(href).netloc}
    leaflet_css = [a for a in assets if urlsplit(a).path.endswith("/leaflet.css")]
    for css in leaflet_css:
        assets |= {urljoin(css, picture) for picture in LEAFLET_PICTURES}
    sizes = {"html": (len(html), len(gzip.compress(html))), "other": [0, 0], "map": [0, 0], "files": {}}
    for url in sorted(assets):
        body = fetch(url)
        kind = "map" if is_map_file(url) else "other"
        sizes[kind][0] += len(body)
        sizes[kind][1] += len(gzip.compress(body))
        sizes["files"][url] = len(body)
    return sizes


def _local_fetch():
    """A fetch function on the demo data through the Flask test client (and its cleanup)."""
    from demo_data import fill

    from portal import create_app
    from portal.extensions import db
    from portal.search.store import index

    work = Path(tempfile.mkdtemp(prefix="page-weight-"))
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'weight.sqlite3'}",
                      "SEARCH_INDEX_DIR": str(work / "index")})
    context = app.app_context()
    context.push()
    logging.getLogger("alembic").setLevel(logging.WARNING)
    fill()
    index.rebuild(db.session)
    client = app.test_client()

    def fetch(url: str) -> bytes:
        with client.get(url) as response:
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            return response.get_data()

    return fetch


def _http_fetch(base_url: str):
    def fetch(url: str) -> bytes:
        with urllib.request.urlopen(base_url.rstrip("/") + url, timeout=10) as response:  # noqa: S310
            return response.read()

    return fetch


def _kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", help="a running server (only 127.0.0.1 or localhost)")
    parser.add_argument("--files", action="store_true", help="list each file and its size")
    args = parser.parse_args()
    if args.base_url:
        if urlsplit(args.base_url).hostname not in ("127.0.0.1", "localhost"):
            raise SystemExit("--base-url must be a server on this machine")
        fetch = _http_fetch(args.base_url)
    else:
        fetch = _local_fetch()

    print("| page | HTML | without map | map files | with map | with map (gzip) |")
    print("|---|---|---|---|---|---|")
    status = 0
    for name, path in PAGES.items():
        s = weigh(fetch, path)
        without = s["html"][0] + s["other"][0]
        total = without + s["map"][0]
        total_gz = s["html"][1] + s["other"][1] + s["map"][1]
        print(f"| {name} (`{path}`) | {_kb(s['html'][0])} | {_kb(without)} | {_kb(s['map'][0])} "
              f"| {_kb(total)} | {_kb(total_gz)} |")
        if args.files:
            for url, size in s["files"].items():
                print(f"|   {url} | {_kb(size)} | | | | |")
        if name == "home" and total > HOME_BUDGET:
            print(f"The home page weighs {_kb(total)}: over its budget of {_kb(HOME_BUDGET)}.",
                  file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
