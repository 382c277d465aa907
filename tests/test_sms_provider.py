"""The SMS provider (OVHcloud's API through its `ovh` package, checked against a loopback
stand-in that verifies signatures), the development backend, phone numbers and the SMS text."""

from __future__ import annotations

import pytest

from portal.orientation import sending, sms
from portal.orientation.presenters import SlipPlace
from portal.orientation.send_forms import masked, mobile_number
from tests.sms_stub import SERVICE, loopback_sms, running_sms_api, sms_server  # noqa: F401

NUMBER = "+33612345678"


def test_a_message_reaches_the_api_signed_with_the_account_keys(app, sms_server):  # noqa: F811
    result = sms.send_sms(NUMBER, "Fiche d'orientation : https://exemple.fr/o/abc")
    assert result.provider == "ovh" and result.reference == "123001"
    [job] = sms_server.jobs
    assert job.service == SERVICE
    assert job.body["receivers"] == [NUMBER]
    assert job.body["message"] == "Fiche d'orientation : https://exemple.fr/o/abc"
    assert job.body["noStopClause"] is True and job.body["priority"] == "high"
    assert job.body["charset"] == "UTF-8" and job.body["coding"] == "7bit"
    # No sender name declared: the provider's short number, which people may answer.
    assert job.body["senderForResponse"] is True and "sender" not in job.body


def test_a_text_beyond_the_gsm_alphabet_is_sent_as_unicode(app, sms_server):  # noqa: F811
    sms.send_sms(NUMBER, "مرحبًا")
    assert sms_server.jobs[0].body["coding"] == "8bit" and sms_server.jobs[0].body["message"] == "مرحبًا"


def test_a_declared_sender_name_is_used(app, sms_server):  # noqa: F811
    app.config["SMS_SENDER"] = "CCASLille"
    sms.send_sms(NUMBER, "Bonjour")
    assert sms_server.jobs[0].body["sender"] == "CCASLille"
    assert "senderForResponse" not in sms_server.jobs[0].body


def test_a_wrong_secret_is_refused_and_said_so(app, sms_server):  # noqa: F811
    app.config["SMS_OVH_APPLICATION_SECRET"] = "pas-le-bon-secret"
    with pytest.raises(sms.SmsError) as refused:
        sms.send_sms(NUMBER, "Bonjour")
    assert refused.value.reason == sms.REFUSED
    assert sms_server.jobs == [] and len(sms_server.refused) == 1


@pytest.mark.parametrize(("mode", "reason"), [("signature", sms.REFUSED), ("bad", sms.REFUSED),
                                              ("invalid", sms.NUMBER_REFUSED)])
def test_each_refusal_of_the_api_has_a_short_reason(app, sms_server, mode, reason):  # noqa: F811
    sms_server.mode = mode
    with pytest.raises(sms.SmsError) as refused:
        sms.send_sms(NUMBER, "Bonjour")
    assert refused.value.reason == reason


def test_an_api_that_does_not_answer_in_time_is_unreachable(app):
    with loopback_sms(app.config, mode="slow"):
        app.config["SMS_TIMEOUT"] = 0.3
        with pytest.raises(sms.SmsError) as refused:
            sms.send_sms(NUMBER, "Bonjour")
    assert refused.value.reason == sms.UNREACHABLE


def test_an_api_that_is_down_is_unreachable(app):
    with running_sms_api() as api:
        url = api.base_url
    with loopback_sms(app.config):
        app.config["SMS_OVH_ENDPOINT"] = f"{url}/1.0"  # nothing listens there any more
        with pytest.raises(sms.SmsError) as refused:
            sms.send_sms(NUMBER, "Bonjour")
    assert refused.value.reason == sms.UNREACHABLE


def test_endpoint_names_of_the_package_are_kept_and_a_base_url_gets_its_own():
    assert sms.endpoint_name("ovh-eu") == "ovh-eu"
    name = sms.endpoint_name("http://127.0.0.1:9/1.0/")
    import ovh.client

    assert ovh.client.ENDPOINTS[name] == "http://127.0.0.1:9/1.0"


def test_missing_settings_say_sms_is_not_configured(app, sms_server):  # noqa: F811
    app.config["SMS_OVH_SERVICE_NAME"] = ""
    with pytest.raises(sms.SmsError) as refused:
        sms.send_sms(NUMBER, "Bonjour")
    assert refused.value.reason == sms.NOT_CONFIGURED
    app.config.update(SMS_OVH_SERVICE_NAME=SERVICE, SMS_OVH_ENDPOINT="nulle-part")
    with pytest.raises(sms.SmsError):
        sms.send_sms(NUMBER, "Bonjour")
    assert sms_server.jobs == []


def test_development_writes_each_message_to_a_file(app, monkeypatch, tmp_path):
    monkeypatch.setitem(app.config, "TESTING", False)
    monkeypatch.setitem(app.config, "PORTAL_ENV", "development")
    monkeypatch.setitem(app.config, "SMS_PROVIDER", "")
    monkeypatch.setattr(app, "instance_path", str(tmp_path))
    result = sms.send_sms(NUMBER, "Bonjour")
    [written] = (tmp_path / "sms").iterdir()
    assert written.name == result.reference
    assert written.read_text(encoding="utf-8") == f"To: {NUMBER}\n\nBonjour\n"


def test_production_without_a_provider_refuses_to_pretend(app, monkeypatch):
    monkeypatch.setitem(app.config, "TESTING", False)
    monkeypatch.setitem(app.config, "PORTAL_ENV", "production")
    monkeypatch.setitem(app.config, "SMS_PROVIDER", "")
    with pytest.raises(sms.SmsError) as refused:
        sms.send_sms(NUMBER, "Bonjour")
    assert refused.value.reason == sms.NOT_CONFIGURED


# Phone numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["06 12 34 56 78", "0612345678", "+33 6 12 34 56 78", "0033 6 12 34 56 78",
                                   "+33 (0)6.12.34.56.78"])
def test_the_usual_ways_of_writing_a_mobile_number_are_understood(app, typed):
    with app.test_request_context():
        assert mobile_number(typed) == NUMBER


@pytest.mark.parametrize(("typed", "message"), [
    ("03 20 49 50 00", "pas un portable"),
    ("0800 00 00 00", "pas un portable"),
    ("06 12 34", "pas valide"),
    ("bonjour", "pas valide"),
    ("", "pas valide"),
])
def test_a_landline_or_a_wrong_number_is_refused_with_a_clear_message(app, typed, message):
    with app.test_request_context(), pytest.raises(ValueError, match=message):
        mobile_number(typed)


def test_a_number_is_shown_masked():
    assert masked(NUMBER) == "06 •• •• •• 78"
    assert masked("+32470123456") == "+32 47• •• •• 56"


# The SMS text ------------------------------------------------------------------------------------


def _place(n: int, **fields) -> SlipPlace:
    values = {"key": f"p{n}", "partner": None, "service": None, "name": f"Épicerie solidaire {n}",
              "service_name": "", "address_lines": (f"{n} rue de la Forêt", "59000 Lille"),
              "phone": f"03 20 00 00 {n:02d}", "access_modes": (), "fees": (), "fees_detail": "",
              "documents": "", "note": "", "opening": None, "week": (), "latitude": None,
              "longitude": None}
    values.update(fields)
    return SlipPlace(**values)


URL = "https://aide.lille.fr/o/AbCdEfGhIjKlMnOp"


def test_the_sms_has_names_addresses_phones_and_the_link_in_the_gsm_alphabet(app):
    with app.test_request_context():
        text = sending.sms_text([_place(1, service_name="Colis « frais »"), _place(2)], URL)
    assert '1. Épicerie solidaire 1 - Colis "frais"' in text
    assert "1 rue de la Foret, 59000 Lille" in text  # ê is not in the phones' alphabet
    assert "03 20 00 00 01" in text and "03 20 00 00 02" in text
    assert text.endswith(URL)
    assert sending.gsm_spelling(text) == text
    assert sending.segments(text) <= sending.MAX_SEGMENTS


def test_a_long_selection_is_cut_to_four_parts_and_says_how_many_are_left_out(app):
    with app.test_request_context():
        text = sending.sms_text([_place(n) for n in range(1, 11)], URL)
    assert sending.segments(text) <= sending.MAX_SEGMENTS
    assert "autres lieux sur la fiche" in text
    assert URL in text and "1. Épicerie" in text
    shown = text.count("rue de la Foret")
    assert 1 <= shown < 10 and f"+ {10 - shown} autres lieux" in text


def test_french_signs_a_phone_lacks_are_spelt_plainly():
    assert sending.gsm_spelling("N° 3, côte d’Opale – « Œuvre »") == "No 3, cote d'Opale - \"OEuvre\""


def test_a_text_that_needs_unicode_still_fits_and_keeps_the_link(app):
    places = [_place(1, name="جمعية التضامن")] + [_place(n) for n in range(2, 8)]
    with app.test_request_context():
        text = sending.sms_text(places, URL)
    assert sending.gsm_spelling(text) is None  # Arabic letters need Unicode: 67 characters a part
    assert sending.segments(text) <= sending.MAX_SEGMENTS and text.endswith(URL)
    assert "جمعية التضامن" in text and "autres lieux sur la fiche" in text


def test_segments_are_counted_as_phones_count_them():
    assert sending.segments("a" * 160) == 1
    assert sending.segments("a" * 161) == 2
    assert sending.segments("€" * 80) == 1 and sending.segments("€" * 81) == 2
    assert sending.segments("ب" * 70) == 1 and sending.segments("ب" * 71) == 2
    assert sending.segments("a" * 153 * 3 + "a") == 4
