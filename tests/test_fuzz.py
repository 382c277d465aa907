"""Fuzzing the edge: a few thousand generated hostile inputs in every GET parameter and form of the
public pages, the login, the password reset and the partner space. Whatever is sent, the site
answers without a server error and logs nothing at error level.

The generation is derandomized (the same inputs on every run) and bounded, so the test is
repeatable and quick; it runs on PostgreSQL too when TEST_DATABASE_URL is set.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import quote, quote_plus

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from portal.search import pagecache
from tests.factories import login, make_partner, make_service, make_user, subneed
from tests.geocoder_stub import config_for, running_geocoder
from tests.partner_space import filled_form


def fuzz(examples: int):
    return settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                    print_blob=False, suppress_health_check=list(HealthCheck),
                    phases=(Phase.explicit, Phase.generate, Phase.shrink))


# What people and robots send by accident or on purpose.
FRAGMENTS = [
    "\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\t", "\r\n", "\n", "\r",
    "²", "³", "½", "١٢", "۳", "߀", "१", "１２", "Ⅻ", "𝟗", "-1", "0", "00", "1e9", "99999999999999999999",
    "9223372036854775808", "2147483648", "NaN", "\u202e", "\u200f", "\u200b", "\ufeff", "\ufffd",
    "😀", "👩🏽‍⚕️", "ﷺ", "é", "e\u0301", "ß", "İ", "ǅ", "Ω", "ﬀ", "\u0660", "مرحبا",
    "' OR 1=1 --", "'; DROP TABLE partner; --", '"', "\\", "%", "%%", "_", "*", "?", "~", "{{7*7}}",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&amp;", "&#0;", "]]>",
    "//evil.example", "/\\evil.example", "https://evil.example", "javascript:alert(1)", "../../etc/passwd",
    "/", "//", ".", "..", " ", "  ", "wazemmes", "fives", "alimentation", "colis-alimentaire", "distance",
    "1", "2", "on", "y", "true", "fr", "ar", "en", "tous-publics", "a" * 300, "z" * 5000, "é" * 2000,
    "nom@exemple.fr", "nom@", "@exemple.fr", "nom@exemple.fr\r\nBcc: x@evil.example", "03 20 00 00 00",
    "59000", "9h30", "25:99", "24:00", "2026-02-30", "31/12/9999", "0001-01-01", "12 rue Gambetta",
]
# Percent-encoded bytes put in a URL or a body as they are: broken UTF-8, lone surrogates, bad escapes.
RAW = ["%ED%A0%80", "%ED%BF%BF", "%C0%AF", "%C0%80", "%FF", "%FE%FF", "%E2%80%AE", "%00", "%0d%0a",
       "%", "%Z", "%zz", "%%", "%2F", "%5C", "%25", "+", "&", "=", ";", "%u0000", "%F4%90%80%80"]

text_values = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS),
              st.text(st.characters(exclude_categories=("Cs",)), max_size=12)),
    max_size=4,
).map("".join)
# A value as it travels in a URL or a form body: properly encoded, or with raw garbage mixed in.
encoded_values = st.one_of(
    text_values.map(lambda v: quote_plus(v, safe="")),
    st.lists(st.one_of(st.sampled_from(RAW), text_values.map(lambda v: quote_plus(v, safe=""))),
             min_size=1, max_size=4).map("".join),
)

PUBLIC_PARAMS = ["quartier", "suivant", "page", "ouvert", "gratuit", "sans_rdv", "lettre", "q", "besoin",
                 "public", "langue", "adresse", "tri", "next"]


def _query(pairs) -> str:
    return "&".join(f"{quote(name, safe='')}={value}" for name, value in pairs)


@pytest.fixture()
def site(app, own_index, monkeypatch, caplog):
    """A published listing with a service, its index, a geocoder stub on loopback, and a check
    that each answer is not a server error and that nothing was logged at error level."""
    partner = make_partner(name="Épicerie des Bois-Blancs", phone="03 20 11 22 33")
    make_service(partner, [subneed("colis-alimentaire")], name="Colis du mardi")
    from portal.extensions import db
    from portal.search.store import index

    db.session.commit()
    index.rebuild(db.session)
    caplog.set_level(logging.ERROR)
    with running_geocoder() as geocoder:
        for key, value in config_for(geocoder).items():
            monkeypatch.setitem(app.config, key, value)

        def check(response, what: str) -> None:
            assert response.status_code < 500, f"{response.status_code} for {what!r}"
            logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
            assert not logged, f"{what!r} logged: {logged[0].getMessage()}"

        yield partner, check
    pagecache.clear()


PUBLIC_PAGES = ["/", "/quartier", "/besoins/alimentation", "/besoins/alimentation/colis-alimentaire",
                "/partenaires/", "/partenaires/{slug}", "/quartiers/", "/quartiers/wazemmes", "/recherche",
                "/accessibilite", "/facile-a-lire", "/connexion", "/mot-de-passe-oublie", "/sitemap.xml",
                "/opensearch.xml"]


def test_the_query_strings_and_cookie_of_the_public_pages(client, site):
    partner, check = site

    @fuzz(600)
    @given(page=st.sampled_from(PUBLIC_PAGES), language=st.sampled_from(["", "/en", "/ar"]),
           pairs=st.lists(st.tuples(st.one_of(st.sampled_from(PUBLIC_PARAMS), text_values), encoded_values),
                          max_size=4),
           cookie=st.none() | text_values)
    def run(page, language, pairs, cookie):
        headers = {}
        if cookie is not None:  # as the server reads it: bytes seen as Latin-1, on one line
            value = re.sub(r"[\r\n]", "", cookie).encode("utf-8").decode("latin-1")
            headers["Cookie"] = f"quartier={value}"
        url = language + page.format(slug=partner.slug)
        check(client.get(url, query_string=_query(pairs), headers=headers), f"{url}?{_query(pairs)}")

    run()


def test_every_filter_of_the_search_at_once(client, site):
    _partner, check = site
    names = ["q", "besoin", "quartier", "public", "langue", "adresse", "ouvert", "gratuit", "sans_rdv",
             "tri", "page"]

    @fuzz(250)
    @given(values=st.fixed_dictionaries({}, optional={name: encoded_values for name in names}))
    def run(values):
        query = _query(values.items())
        check(client.get("/recherche", query_string=query), query)

    run()


URL_VALUES = ["/besoins/{}", "/besoins/alimentation/{}", "/besoins/{}/colis-alimentaire", "/partenaires/{}",
              "/quartiers/{}", "/mot-de-passe/{}", "/invitation/{}", "/espace/{}", "/espace/{}/presentation",
              "/{}", "/en/besoins/{}", "/admin/moderation/{}"]


def test_the_values_in_the_urls(client, site):
    _partner, check = site

    @fuzz(300)
    @given(template=st.sampled_from(URL_VALUES), value=encoded_values.filter(bool))
    def run(template, value):
        url = template.format(value)
        check(client.get(url), url)

    run()


def test_the_login_and_password_reset_forms(client, site):
    _partner, check = site
    account = make_user("partner")
    fields = ["email", "password", "password_confirm", "remember", "next", "csrf_token"]
    pages = ["/connexion", "/mot-de-passe-oublie", "/mot-de-passe/jeton", "/invitation/jeton"]

    @fuzz(400)
    @given(page=st.sampled_from(pages), next_=encoded_values,
           body=st.lists(st.tuples(st.one_of(st.sampled_from(fields), text_values), encoded_values),
                         max_size=5),
           known=st.booleans(), as_file=st.booleans())
    def run(page, next_, body, known, as_file):
        if known:  # the real account, so that the whole login path runs
            body = [("email", quote_plus(account.email)), *body]
        url = f"{page}?next={next_}"
        if as_file:  # every field sent as a file upload instead of text
            from io import BytesIO

            data = {name if isinstance(name, str) else "x": (BytesIO(value.encode()), "f.txt")
                    for name, value in body}
            response = client.post(url, data=data, content_type="multipart/form-data")
        else:
            response = client.post(url, data=_query(body), content_type="application/x-www-form-urlencoded")
        check(response, f"{url} {body}")
        if response.status_code == 302:
            client.post("/deconnexion")

    run()


_SERVICE_LINK = re.compile(r'/espace/[^/"]+/services/([^/"?]+)"')


def test_the_forms_of_the_partner_space(client, site):
    partner, check = site
    member = make_user("partner", partners=[partner])
    assert login(client, member).status_code == 302
    services = _SERVICE_LINK.findall(client.get(f"/espace/{partner.slug}/services").get_data(as_text=True))
    pages = ["presentation", "services/nouveau", *(f"services/{key}" for key in services if key != "nouveau"),
             "horaires", "horaires/exceptions", "fermetures"]
    actions = ["a-jour", "services/{key}/archiver", "services/{key}/retablir",
               "horaires/exceptions/{n}/supprimer", "fermetures/{n}/supprimer"]

    filled: dict[str, dict] = {}  # each page's form as shown, until a save changes the listing

    @fuzz(300)
    @given(data=st.data(), page=st.sampled_from(pages))
    def run(data, page):
        url = f"/espace/{partner.slug}/{page}"
        if page not in filled:
            filled[page] = filled_form(client.get(url).get_data(as_text=True))
        form = dict(filled[page])
        for _ in range(data.draw(st.integers(1, 4))):
            name = data.draw(st.sampled_from(sorted(form)) if form else text_values)
            form[name] = data.draw(st.one_of(text_values, st.lists(text_values, max_size=3)))
        pairs = [(k, quote_plus(v, safe="")) for k, values in form.items()
                 for v in (values if isinstance(values, list) else [values])]
        pairs += data.draw(st.lists(st.tuples(text_values, encoded_values), max_size=2))
        response = client.post(url, data=_query(pairs), content_type="application/x-www-form-urlencoded")
        check(response, f"{url} {pairs}")
        if response.status_code == 302:
            filled.clear()

    @fuzz(150)
    @given(action=st.sampled_from(actions), key=encoded_values.filter(bool),
           n=st.one_of(st.integers(-5, 2**70).map(str), encoded_values.filter(bool)))
    def act(action, key, n):
        url = f"/espace/{partner.slug}/" + action.format(key=key, n=n)
        check(client.post(url, data={}), url)

    run()
    act()
