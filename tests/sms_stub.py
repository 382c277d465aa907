"""A real HTTP stand-in for the OVHcloud SMS API on loopback, checking signatures as the API does.

GET /1.0/auth/time answers the server's epoch. POST /1.0/sms/<service>/jobs checks the
application key, the consumer key, the timestamp and the "$1$" SHA-1 signature of
secret+consumer+METHOD+URL+BODY+timestamp, then answers like the API with the job's id. Its
`mode` makes it refuse instead: "signature" (403 Invalid signature), "bad" (400), "invalid"
(the number is among the invalid receivers) or "slow" (answers after the client's timeout).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

APPLICATION_KEY = "ak-test-portail"
APPLICATION_SECRET = "as-test-portail"
CONSUMER_KEY = "ck-test-portail"
SERVICE = "sms-ab12345-1"
SMS_KEYS = ("SMS_PROVIDER", "SMS_OVH_ENDPOINT", "SMS_OVH_APPLICATION_KEY", "SMS_OVH_APPLICATION_SECRET",
            "SMS_OVH_CONSUMER_KEY", "SMS_OVH_SERVICE_NAME", "SMS_SENDER", "SMS_TIMEOUT")
_JOBS = re.compile(r"^/1\.0/sms/(?P<service>[^/]+)/jobs$")


@dataclass
class Job:
    """One job the stub accepted: its service, its JSON body, and whether it was signed right."""

    service: str
    body: dict
    headers: dict


@dataclass
class SmsApi:
    """What the stub received, and how it answers (`mode`: "" accepts)."""

    mode: str = ""
    jobs: list[Job] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)
    base_url: str = ""
    stopping: threading.Event = field(default_factory=threading.Event)

    @property
    def messages(self) -> list[str]:
        return [job.body["message"] for job in self.jobs]


def signature(method: str, url: str, body: str, timestamp: str) -> str:
    """The signature the API expects of a request."""
    text = "+".join([APPLICATION_SECRET, CONSUMER_KEY, method.upper(), url, body, timestamp])
    return "$1$" + hashlib.sha1(text.encode("utf-8")).hexdigest()


class _Handler(BaseHTTPRequestHandler):
    api: SmsApi

    def _answer(self, status: int, payload) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):  # noqa: N802 (http.server API)
        if self.path == "/1.0/auth/time":
            self._answer(200, int(time.time()))
        else:
            self._answer(404, {"message": "Not found"})

    def do_POST(self):  # noqa: N802
        api = self.server.api
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode("utf-8")
        match = _JOBS.match(self.path)
        if match is None:
            self._answer(404, {"message": "Not found"})
            return
        timestamp = self.headers.get("X-Ovh-Timestamp", "")
        expected = signature("POST", api.base_url + self.path, body, timestamp)
        well_signed = (self.headers.get("X-Ovh-Application") == APPLICATION_KEY
                       and self.headers.get("X-Ovh-Consumer") == CONSUMER_KEY
                       and timestamp.isdigit() and abs(int(timestamp) - time.time()) < 60
                       and self.headers.get("X-Ovh-Signature") == expected)
        if api.mode == "slow":
            api.stopping.wait(5)
            return
        if not well_signed or api.mode == "signature":
            api.refused.append({"path": self.path, "body": body})
            self._answer(403, {"errorCode": "INVALID_SIGNATURE", "httpCode": "403 Forbidden",
                               "message": "Invalid signature"})
            return
        if match["service"] != SERVICE or api.mode == "bad":
            api.refused.append({"path": self.path, "body": body})
            self._answer(400, {"message": "Invalid parameters"})
            return
        job = json.loads(body)
        receivers = job.get("receivers", [])
        if api.mode == "invalid":
            self._answer(200, {"totalCreditsRemoved": 0, "invalidReceivers": receivers,
                               "validReceivers": [], "ids": [], "tag": ""})
            return
        api.jobs.append(Job(match["service"], job, dict(self.headers)))
        self._answer(200, {"totalCreditsRemoved": 1, "invalidReceivers": [], "validReceivers": receivers,
                           "ids": [123000 + len(api.jobs)], "tag": ""})

    def log_message(self, *args):
        pass


@contextmanager
def running_sms_api(mode: str = ""):
    """Serve the stub on a free loopback port; yields its SmsApi record."""
    api = SmsApi(mode=mode)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.api = api
    host, port = server.server_address[:2]
    api.base_url = f"http://{host}:{port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        api.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join()


def config_for(api: SmsApi) -> dict:
    """App settings that point the OVH provider at the stub."""
    return {"SMS_PROVIDER": "ovh", "SMS_OVH_ENDPOINT": f"{api.base_url}/1.0",
            "SMS_OVH_APPLICATION_KEY": APPLICATION_KEY, "SMS_OVH_APPLICATION_SECRET": APPLICATION_SECRET,
            "SMS_OVH_CONSUMER_KEY": CONSUMER_KEY, "SMS_OVH_SERVICE_NAME": SERVICE, "SMS_SENDER": "",
            "SMS_TIMEOUT": 2.0}


@contextmanager
def loopback_sms(config, mode: str = ""):
    """Serve the stub and point the SMS settings of `config` at it; both are put back afterwards."""
    saved = {key: config.get(key) for key in SMS_KEYS}
    with running_sms_api(mode) as api:
        config.update(config_for(api))
        try:
            yield api
        finally:
            config.update(saved)


@pytest.fixture()
def sms_server(app):
    """The OVH SMS API stand-in on 127.0.0.1, the application's SMS settings pointing at it.
    Set `sms_server.mode` to make it refuse."""
    with loopback_sms(app.config) as api:
        yield api
