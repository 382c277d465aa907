"""A real HTTP stub of the BAN geocoder on loopback, answering from a small address book."""

from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from portal.directory.text import fold

# Real addresses of Lille with their coordinates (BAN).
ADDRESS_BOOK = {
    "rue gambetta": ("Rue Gambetta 59000 Lille", 50.6280, 3.0530),
    "rue pierre legrand": ("Rue Pierre Legrand 59800 Lille", 50.6283, 3.0887),
    "avenue de dunkerque": ("Avenue de Dunkerque 59160 Lomme", 50.6424, 2.9950),
    "rue de marquillies": ("Rue de Marquillies 59000 Lille", 50.6090, 3.0440),
}


def _answer(query: str) -> dict:
    folded = fold(query)
    features = []
    for key, (label, lat, lon) in ADDRESS_BOOK.items():
        if key in folded:
            features.append({
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {"label": label, "score": 0.9, "type": "street"},
            })
    return {"type": "FeatureCollection", "features": features}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server API)
        url = urlsplit(self.path)
        self.server.queries.append(parse_qs(url.query).get("q", [""])[0])
        # A slow service answers late; one that is stopped while a visitor waits never does.
        if self.server.delay and self.server.stopping.wait(self.server.delay):
            return
        if url.path != "/search":
            self.send_error(404)
            return
        body = json.dumps(_answer(parse_qs(url.query).get("q", [""])[0])).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def running_geocoder(delay: float = 0):
    """Serve the stub on a free loopback port; yields the server (its .queries list the q= seen).
    With `delay`, each answer comes that many seconds late."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.queries = []
    server.delay = delay
    server.stopping = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join()


def config_for(server) -> dict:
    """App settings that point the geocoder at the stub."""
    host, port = server.server_address[:2]
    return {"GEOCODER": "banfrance", "GEOCODER_DOMAIN": f"{host}:{port}", "GEOCODER_SCHEME": "http",
            "GEOCODER_TIMEOUT": 2}
