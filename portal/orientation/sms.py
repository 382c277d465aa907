"""Text messages to a resident's mobile phone, through a configurable provider.

`send_sms(number, text)` sends one message to one number in E.164 form (+33612345678) and
returns what the provider said, or raises `SmsError` with a short reason a professional can
read. The provider is chosen by SMS_PROVIDER:

- "" : nothing leaves. Development writes each message to instance/sms/<time>.txt (as e-mails
  go to instance/mail/ without MAIL_SERVER), tests keep them in memory (`outbox()`), and
  production refuses to pretend it sent anything.
- "ovh": the OVHcloud SMS API through its official `ovh` package, one job per message
  (POST /sms/{serviceName}/jobs). SMS_OVH_ENDPOINT is an endpoint name of the package
  ("ovh-eu", "ovh-ca"…) or the base URL of an API that speaks the same protocol
  ("http://127.0.0.1:8080/1.0" for a local stand-in).

The number is given to the provider and to nothing else: it is never logged, nor stored.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import ovh
import ovh.client
from flask import current_app
from ovh.exceptions import APIError, HTTPError, NetworkError

from portal.i18n import _l

log = logging.getLogger(__name__)

OVH = "ovh"
PROVIDERS = ("", OVH)
# The `ovh` package accepts only the endpoint names it knows; a base URL is registered in its
# table of endpoints under this prefix, and the client is created with that name.
_URL_ENDPOINT_PREFIX = "portal-url:"

# Short reasons, shown to the professional after "Le SMS n'a pas pu être envoyé".
NOT_CONFIGURED = _l("l'envoi de SMS n'est pas configuré sur ce site")
UNREACHABLE = _l("le service d'envoi de SMS ne répond pas")
REFUSED = _l("le service d'envoi de SMS a refusé la demande")
NUMBER_REFUSED = _l("le service d'envoi de SMS a refusé ce numéro")


@dataclass(frozen=True)
class SmsResult:
    """What the provider answered: its name and its reference of the message."""

    provider: str
    reference: str


class SmsError(Exception):
    """The message did not leave; `reason` says why in a few words."""

    def __init__(self, reason) -> None:
        super().__init__(str(reason))
        self.reason = reason


# The GSM 03.38 alphabet (one septet each) and its extension table (two septets each).
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = frozenset("^{}\\[~]|€\f")


def is_gsm(text: str) -> bool:
    """Whether a phone's basic alphabet can carry `text` (160 characters an SMS, not 70)."""
    return all(c in GSM_BASIC or c in GSM_EXTENDED for c in text)


def outbox() -> list[tuple[str, str]]:
    """(number, text) of the messages a test application without a provider "sent"."""
    return current_app.extensions.setdefault("portal_sms_outbox", [])


def send_sms(number_e164: str, text: str) -> SmsResult:
    """Send `text` to one mobile number (E.164) now; raises SmsError when it did not leave."""
    provider = current_app.config.get("SMS_PROVIDER", "")
    if provider == OVH:
        return _send_ovh(number_e164, text)
    if provider:
        log.error("Unknown SMS_PROVIDER %r", provider)
        raise SmsError(NOT_CONFIGURED)
    config = current_app.config
    if config.get("TESTING"):
        outbox().append((number_e164, text))
        return SmsResult("", str(len(outbox())))
    if config.get("PORTAL_ENV") == "development":
        return SmsResult("", _write_file(number_e164, text).name)
    log.error("SMS_PROVIDER must be set to send text messages outside development.")
    raise SmsError(NOT_CONFIGURED)


def _write_file(number: str, text: str) -> Path:
    folder = Path(current_app.instance_path) / "sms"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{datetime.now().strftime('%Y%m%d-%H%M%S-%f')}.txt"
    path.write_text(f"To: {number}\n\n{text}\n", encoding="utf-8")
    current_app.logger.info("SMS not sent (no SMS_PROVIDER), written to %s", path)
    return path


def endpoint_name(endpoint: str) -> str:
    """The `ovh` package's name for SMS_OVH_ENDPOINT: a known name as it is; a base URL is
    added to the package's table of endpoints under a name of its own."""
    endpoint = endpoint.strip().rstrip("/")
    if "://" not in endpoint:
        return endpoint
    name = _URL_ENDPOINT_PREFIX + endpoint
    ovh.client.ENDPOINTS.setdefault(name, endpoint)
    return name


def _ovh_client() -> ovh.Client:
    config = current_app.config
    try:
        return ovh.Client(
            endpoint=endpoint_name(config["SMS_OVH_ENDPOINT"]),
            application_key=config["SMS_OVH_APPLICATION_KEY"],
            application_secret=config["SMS_OVH_APPLICATION_SECRET"],
            consumer_key=config["SMS_OVH_CONSUMER_KEY"],
            timeout=config["SMS_TIMEOUT"],
        )
    except APIError as error:  # unknown endpoint name, missing keys
        log.error("OVH SMS client not configured: %s", error)
        raise SmsError(NOT_CONFIGURED) from error


def ovh_job(number_e164: str, text: str) -> dict:
    """The body of POST /sms/{serviceName}/jobs for one message to one number.

    A sender name (SMS_SENDER, declared in the OVHcloud account) when there is one; otherwise
    the provider's short number, which lets people answer STOP. The message informs, it
    advertises nothing: no "STOP" clause is added to it. The GSM alphabet ("7bit") when the
    text fits in it, Unicode ("8bit") otherwise (Arabic)."""
    job = {
        "charset": "UTF-8",
        "coding": "7bit" if is_gsm(text) else "8bit",
        "message": text,
        "receivers": [number_e164],
        "noStopClause": True,
        "priority": "high",
    }
    sender = current_app.config.get("SMS_SENDER", "")
    if sender:
        job["sender"] = sender
    else:
        job["senderForResponse"] = True
    return job


def _send_ovh(number_e164: str, text: str) -> SmsResult:
    service = current_app.config.get("SMS_OVH_SERVICE_NAME", "")
    if not service:
        log.error("SMS_OVH_SERVICE_NAME is not set.")
        raise SmsError(NOT_CONFIGURED)
    client = _ovh_client()
    try:
        answer = client.post(f"/sms/{service}/jobs", **ovh_job(number_e164, text))
    except (HTTPError, NetworkError) as error:
        log.warning("OVH SMS API unreachable: %s", type(error).__name__)
        raise SmsError(UNREACHABLE) from error
    except APIError as error:
        # The API's message may quote the request: the error's type only, never the number.
        log.warning("OVH SMS API refused the job: %s", type(error).__name__)
        raise SmsError(REFUSED) from error
    finally:
        # The package has no close(): its HTTP session is closed here, not left to the
        # garbage collector with an open socket.
        client._session.close()
    if not isinstance(answer, dict):
        log.warning("OVH SMS API answered something unexpected.")
        raise SmsError(REFUSED)
    if answer.get("invalidReceivers") or not answer.get("validReceivers"):
        raise SmsError(NUMBER_REFUSED)
    ids = answer.get("ids") or []
    return SmsResult(OVH, ",".join(str(i) for i in ids))
