"""Hostile or broken input at the edge: control characters, open redirects, malformed numbers,
odd headers and oversized bodies get a clear answer, never a 500 (on SQLite and PostgreSQL)."""

from __future__ import annotations

import html
import json
import logging
from urllib.parse import unquote

import pytest

from seed import sources
from tests.factories import login, make_partner, make_user
from tests.partner_space import presentation_form, revisions_of

CONTROL_MESSAGE = "Ce champ contient un caractère invisible non autorisé"


@pytest.fixture()
def errors_logged(app, caplog):
    """What the application logged at error level during the test."""
    caplog.set_level(logging.ERROR, logger=app.logger.name)
    return lambda: [r for r in caplog.records if r.levelno >= logging.ERROR]


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


# Control characters: item 3 ----------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "/?quartier=%00",
    "/?quartier=wazemmes%00",
    "/recherche?q=aide%00alimentaire",
    "/recherche?q=%01%02%1f&quartier=%00&besoin=%00",
    "/quartiers/?quartier=%07",
])
def test_a_control_character_in_the_query_string_is_ignored(client, errors_logged, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "\x00" not in response.get_data(as_text=True)
    assert errors_logged() == []


def test_a_search_with_a_nul_byte_finds_what_the_rest_of_the_words_find(client):
    page = _text(client.get("/recherche?q=colis%00"))
    assert "colis" in page and "\x00" not in page


@pytest.mark.parametrize("url", [
    "/besoins/%00",
    "/besoins/alimentation/colis%00alimentaire",
    "/partenaires/a%00b",
    "/quartiers/wazemmes%00",
    "/espace/a%00b/presentation",
])
def test_a_slug_with_a_control_character_is_not_found(client, errors_logged, url):
    assert client.get(url).status_code == 404
    assert errors_logged() == []


def test_a_quartier_cookie_with_a_nul_byte_is_ignored(client, errors_logged):
    client.set_cookie("quartier", "a\x00b", domain="portal.test")
    response = client.get("/")
    assert response.status_code == 200
    client.set_cookie("quartier", "wazemmes\x00", domain="portal.test")
    assert client.get("/quartiers/").status_code == 200
    assert errors_logged() == []


def test_a_partner_edit_with_a_nul_byte_is_refused_next_to_the_field_keeping_the_text(app, client):
    partner = make_partner()
    assert login(client, make_user("partner", partners=[partner])).status_code == 302
    data = presentation_form(client, partner.slug, presentation="Accueil\x00 le mardi\r\nmatin",
                             city="Lil\x1fle")
    response = client.post(f"/espace/{partner.slug}/presentation", data=data)
    assert response.status_code == 422
    page = _text(response)
    assert page.count(CONTROL_MESSAGE) >= 2  # next to each field (and in the summary)
    assert "Accueil le mardi" in page and "Lille" in page
    assert "\x00" not in page and "\x1f" not in page
    assert revisions_of(partner) == []


def test_every_form_of_the_site_refuses_control_characters(app):
    from flask_wtf import FlaskForm

    from portal.edge import PortalForm

    def descendants(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from descendants(sub)

    forms = {f for f in descendants(FlaskForm) if f.__module__.startswith("portal.")}
    assert len(forms) >= 10
    assert {f.__qualname__ for f in forms if not issubclass(f, PortalForm)} == set()


def test_line_breaks_and_tabs_in_a_long_text_are_accepted(app, client):
    partner = make_partner()
    assert login(client, make_user("partner", partners=[partner])).status_code == 302
    data = presentation_form(client, partner.slug, presentation="Accueil :\r\n\tle mardi\r\n\tle jeudi")
    assert client.post(f"/espace/{partner.slug}/presentation", data=data).status_code == 302
    assert len(revisions_of(partner)) == 1


@pytest.mark.parametrize("path", ["/connexion", "/mot-de-passe-oublie"])
def test_an_e_mail_with_a_control_character_gets_a_message_on_the_field(client, errors_logged, path):
    response = client.post(path, data={"email": "nom\x00@exemple.fr", "password": "x\x00y"})
    assert response.status_code == 422
    page = _text(response)
    assert CONTROL_MESSAGE in page
    assert 'value="nom@exemple.fr"' in page
    assert errors_logged() == []


def test_control_characters_in_the_open_data_files_are_dropped(tmp_path):
    rows = [{"id": "x\x001", "nom": "Lieu\x00 du\x07 numérique", "adresse": "1 rue\x0b Solférino",
             "services": "Prendre en main un ordinateur\x00", "code_postal": "59000", "commune": "Lille"}]
    for name in sources.CNFS_FILES:
        (tmp_path / name).write_text(json.dumps(rows), encoding="utf-8")
    (place,) = sources.read_cnfs(tmp_path)
    assert (place.source_id, place.name, place.address) == ("x1", "Lieu du numérique", "1 rue Solférino")
    assert place.services[0].name == "Prendre en main un ordinateur"


def test_control_characters_in_the_france_services_file_are_dropped(tmp_path):
    header = ["id_fs", "lib_fs", "adresse", "complement_adresse", "code_postal", "lib_com", "latitude",
              "longitude", "telephone", "mail", "commentaire", "itinerance", *sources.FS_DAYS]
    row = ["fs\x001", "Maison\x00 France services", "2 rue\x01 Colbert", "", "59000", "Lille", "", "",
           "", "", "Accueil\x00", "non", *[""] * len(sources.FS_DAYS)]
    (tmp_path / sources.FRANCE_SERVICES_FILE).write_text(
        ",".join(header) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    (place,) = sources.read_france_services(tmp_path)
    assert (place.source_id, place.name, place.address) == ("fs1", "Maison France services", "2 rue Colbert")


# Redirect targets: item 4 (and CR/LF, item 11) ---------------------------------------------

HOSTILE_TARGETS = [
    "/%09/evil.example", "/%0d/evil.example", "/%0a/evil.example", "/%0d%0a/evil.example",
    "//evil.example", "///evil.example", "/\\evil.example", "%5C%5Cevil.example", "/%5Cevil.example",
    "https://evil.example", "https:evil.example", "javascript:alert(1)", "%09//evil.example",
    " //evil.example", "/%00/evil.example", "\\/evil.example", "/%7f/evil.example",
]


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_choosing_a_quartier_never_sends_the_visitor_to_another_site(client, errors_logged, target):
    response = client.get(f"/quartier?quartier=wazemmes&suivant={target}")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert errors_logged() == []


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
@pytest.mark.parametrize("sent_in", ["url", "form"])
def test_logging_in_never_sends_the_person_to_another_site(app, client, errors_logged, target, sent_in):
    user = make_user("professional")
    data = {"email": user.email, "password": "une phrase de passe assez longue"}
    if sent_in == "url":
        response = client.post(f"/connexion?next={target}", data=data)
    else:  # the form's body is not cleaned like the query string: the check stands alone
        response = client.post("/connexion", data={**data, "next": unquote(target)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert errors_logged() == []


def test_a_page_of_this_site_is_still_a_valid_target(client):
    response = client.get("/quartier?quartier=wazemmes&suivant=/besoins/alimentation?ouvert=1")
    assert response.headers["Location"] == "/besoins/alimentation?ouvert=1"


# Other malformed input: item 11 --------------------------------------------------------------

@pytest.mark.parametrize("url", ["/quartiers/wazemmes?page=²", "/recherche?q=colis&page=²",
                                 "/quartiers/wazemmes?page=99999999999999999999999"])
def test_a_page_number_that_is_not_plain_digits_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_an_over_long_host_name_gets_an_error_page_not_a_crash(app, client, errors_logged, monkeypatch):
    monkeypatch.setitem(app.config, "SERVER_NAME", None)  # as in production: any Host is routed
    for host in ("a" * 70 + ".portal.test", "portal.test." + "b" * 300, "x" * 64):
        response = client.get("/", headers={"Host": host})
        assert 400 <= response.status_code < 500
    assert errors_logged() == []


@pytest.mark.parametrize("path", ["/connexion", "/mot-de-passe-oublie"])
def test_a_file_sent_as_the_e_mail_is_refused_like_a_wrong_e_mail(client, errors_logged, path):
    import io

    response = client.post(path, data={"email": (io.BytesIO(b"nom@exemple.fr"), "email.txt"),
                                       "password": "x"}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Indiquez votre adresse e-mail." in _text(response)
    assert errors_logged() == []


@pytest.mark.parametrize("suffix", ["", "/valider", "/refuser"])
def test_an_id_beyond_the_database_integers_is_not_found(app, client, errors_logged, suffix):
    assert login(client, make_user("admin")).status_code == 302
    for big in ("2147483648", "9223372036854775808", "99999999999999999999"):
        method = client.get if not suffix else client.post
        assert method(f"/admin/moderation/{big}{suffix}").status_code == 404
    assert errors_logged() == []


def test_a_body_over_the_size_limit_gets_a_clear_page(client, errors_logged):
    response = client.post("/connexion", data={"email": "a@exemple.fr", "password": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "trop volumineu" in _text(response)
    assert errors_logged() == []
