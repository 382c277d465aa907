"""A real HTTP stub of the BAN geocoder on loopback, answering from a small address book.

GET /search/?q= answers GeoCodeJSON like api-adresse.data.gouv.fr. POST /search/csv/ geocodes a
CSV file like the BAN's addok CSV plugin: a multipart form with the file in `data`, repeated
`columns` (joined to make each row's query), optional `delimiter`, `encoding` (default utf-8-sig)
and filters naming a column (`postcode=code_postal`, `citycode=...`); the answer is the same CSV in
the same delimiter and encoding with latitude, longitude, result_label, result_score, result_type,
result_id, result_housenumber, result_status added (empty when not found). An address the book
does not know but whose query names a commune comes back as that commune's centre with a low
score, as the BAN does.
"""

from __future__ import annotations

import csv
import io
import json
import threading
from contextlib import contextmanager
from email.parser import BytesParser
from email.policy import HTTP
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

# Centres of the communes, the BAN's low-score "municipality" answer to an unknown street.
COMMUNES = {
    "hellemmes": ("Hellemmes-Lille", "59260", "59298", 50.6275, 3.1090),
    "lomme": ("Lomme", "59160", "59355", 50.6440, 2.9870),
    "lille": ("Lille", "59000", "59350", 50.6365, 3.0635),
}
CSV_RESULT_HEADERS = ("latitude", "longitude", "result_label", "result_score", "result_type", "result_id",
                      "result_housenumber", "result_status")
MAX_CSV_BYTES = 50 * 1024 * 1024


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


def _csv_match(query: str, postcode: str, citycode: str) -> dict:
    """The columns the BAN adds to one row: its best match or empty values."""
    folded = fold(query)
    for key, (label, lat, lon) in ADDRESS_BOOK.items():
        city = "59355" if "Lomme" in label else "59350"
        if key in folded and (not postcode or postcode in label) and citycode in ("", city):
            return {"latitude": lat, "longitude": lon, "result_label": label, "result_score": 0.9,
                    "result_type": "street", "result_id": f"59350_{key.replace(' ', '_')}",
                    "result_housenumber": "", "result_status": "ok"}
    for key, (name, code, insee, lat, lon) in COMMUNES.items():
        if key in folded and (not postcode or postcode == code) and citycode in ("", insee):
            return {"latitude": lat, "longitude": lon, "result_label": name, "result_score": 0.31,
                    "result_type": "municipality", "result_id": insee, "result_housenumber": "",
                    "result_status": "ok"}
    return {key: "" for key in CSV_RESULT_HEADERS} | {"result_status": "not-found"}


def _form(content_type: str, body: bytes) -> dict[str, list]:
    """The fields of a multipart/form-data body: name -> values (bytes for files, str otherwise)."""
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body)
    fields: dict[str, list] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        value = payload if part.get_filename() else payload.decode()
        fields.setdefault(name, []).append(value)
    return fields


def _geocode_csv(fields: dict[str, list]) -> tuple[int, bytes, str]:
    """Status, body and content type of the answer to a POST /search/csv/."""
    if "data" not in fields:
        return 400, b'{"title": "Missing file"}', "application/json"
    encoding = (fields.get("encoding") or ["utf-8-sig"])[0]
    try:
        content = fields["data"][0].decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return 400, b'{"title": "Unable to decode"}', "application/json"
    delimiter = (fields.get("delimiter") or [""])[0] or csv.Sniffer().sniff(content[:4096]).delimiter
    rows = csv.DictReader(io.StringIO(content.replace("\r", ""), newline=""), delimiter=delimiter)
    fieldnames = list(rows.fieldnames or [])
    columns = fields.get("columns") or fieldnames
    if any(column not in fieldnames for column in columns):
        return 400, b'{"title": "Cannot found column"}', "application/json"
    postcode_column = (fields.get("postcode") or [""])[0]
    citycode_column = (fields.get("citycode") or [""])[0]
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames + [h for h in CSV_RESULT_HEADERS if h not in fieldnames],
                            delimiter=delimiter, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        query = " ".join(row.get(column) or "" for column in columns)
        postcode = row.get(postcode_column, "") if postcode_column else ""
        citycode = row.get(citycode_column, "") if citycode_column else ""
        writer.writerow(row | _csv_match(query, postcode, citycode))
    return 200, output.getvalue().encode(encoding), f"text/csv; charset={encoding}"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server API)
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_CSV_BYTES:
            self.send_error(413)
            return
        body = self.rfile.read(length)
        if self.server.delay and self.server.stopping.wait(self.server.delay):
            return
        if url.path.rstrip("/") != "/search/csv":
            self.send_error(404)
            return
        fields = _form(self.headers.get("Content-Type", ""), body)
        self.server.csv_requests.append(fields)
        status, answer, content_type = _geocode_csv(fields)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

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
    """Serve the stub on a free loopback port; yields the server (its .queries list the q= seen,
    its .csv_requests the forms posted to /search/csv/). With `delay`, each answer comes that
    many seconds late."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.queries = []
    server.csv_requests = []
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
