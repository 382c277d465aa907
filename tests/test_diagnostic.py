"""The diagnostic's pages: answer, anonymous count, result with nearby help and workshops."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.diagnostic.models import DiagnosticCount
from portal.diagnostic.operations import month_of
from portal.directory import presenters
from portal.extensions import db
from tests.factories import make_partner, make_service, make_workshop, quartier, subneed

BEGINNER_ANSWERS = {"telephone": "smartphone", "ordinateur": "non", "internet": "oui", "mail": "oui",
                    "photo": "oui", "formulaire": "un-peu", "rendez_vous": "un-peu", "comptes": "mail"}
HELPLESS = {"telephone": "simple", "ordinateur": "non", "internet": "non", "mail": "non",
            "photo": "non", "formulaire": "non", "rendez_vous": "non", "comptes": "non"}


def _row_counts() -> dict[str, int]:
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}


def _names_in_order(html: str, names: list[str]) -> list[str]:
    found = [(html.find(name), name) for name in names if name in html]
    return [name for _position, name in sorted(found)]


def test_the_questions_page_explains_and_asks_everything_on_one_page(client):
    page = client.get("/diagnostic")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "2 minutes" in html and "Rien de personnel n'est gardé" in html
    assert html.count("<fieldset") == 8 and html.count("<legend") == 8
    assert 'href="/diagnostic/facile"' in html
    assert 'method="post" action="/diagnostic"' in html
    assert "<script" not in html.split("<main", 1)[1]


def test_answering_counts_one_anonymous_row_and_writes_nothing_else(client):
    wazemmes = quartier("wazemmes")
    before = _row_counts()
    answer = client.post("/diagnostic", data={**BEGINNER_ANSWERS, "quartier": "wazemmes"})
    assert answer.status_code == 303
    assert answer.location == "/diagnostic/resultat?niveau=debutant&besoins=atelier&quartier=wazemmes"
    after = _row_counts()
    assert after.pop("diagnostic_count") == before.pop("diagnostic_count") + 1
    assert after == before  # no other table changed
    row = db.session.scalars(select(DiagnosticCount)).one()
    assert (row.month, row.level, row.quartier_id, row.count) == (month_of(), "debutant", wazemmes.id, 1)
    # The same level in the same quartier and month: the same row, one more.
    client.post("/diagnostic", data={**BEGINNER_ANSWERS, "quartier": "wazemmes"})
    # No quartier: a row of its own, counted twice too.
    client.post("/diagnostic", data=BEGINNER_ANSWERS)
    client.post("/diagnostic", data=BEGINNER_ANSWERS)
    rows = {(r.quartier_id, r.level): r.count for r in db.session.scalars(select(DiagnosticCount))}
    assert rows == {(wazemmes.id, "debutant"): 2, (None, "debutant"): 2}
    with client.session_transaction() as kept:
        stored = repr(dict(kept))
    for code in BEGINNER_ANSWERS:
        assert code not in stored
    assert "un-peu" not in stored and "smartphone" not in stored


def test_missing_equipment_shows_get_equipped_in_the_result_address(client):
    answer = client.post("/diagnostic", data=HELPLESS)
    assert answer.location == "/diagnostic/resultat?niveau=accompagnement&besoins=accompagnement,atelier,equipement"


def test_an_unanswered_question_comes_back_with_its_message_and_the_other_answers(client):
    before = _row_counts()
    sent = {k: v for k, v in BEGINNER_ANSWERS.items() if k != "photo"}
    page = client.post("/diagnostic", data={**sent, "quartier": "fives"})
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    photo = html.split('id="question-photo"', 1)[1].split("</fieldset>", 1)[0]
    assert "Choisissez une réponse à cette question." in photo
    assert html.count("Choisissez une réponse à cette question.") == 1
    for code, value in sent.items():
        assert re.search(rf'name="{code}" id="{code}-\d" value="{value}" checked', html), code
    assert 'value="fives" selected' in html
    assert _row_counts() == before  # nothing counted


def test_the_easy_version_asks_the_same_and_comes_back_to_itself_on_error(client):
    page = client.get("/diagnostic/facile")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and html.count("<fieldset") == 8
    assert 'name="version" value="facile"' in html
    error = client.post("/diagnostic", data={"version": "facile", "mail": "oui"})
    html = error.get_data(as_text=True)
    assert error.status_code == 422
    assert "facile à lire" in html and 'name="version" value="facile"' in html
    assert html.count("Choisissez une réponse.") == 7
    assert 'value="oui" checked' in html


def test_the_result_lists_partners_serving_the_help_nearest_first(client):
    wazemmes = quartier("wazemmes")
    centre = (wazemmes.centroid_lat, wazemmes.centroid_lon)
    online = subneed("demarche-en-ligne-avec-quelqu-un")
    far = make_partner(name="Aide Loin", at=(centre[0] + 0.003, centre[1]))
    near = make_partner(name="Aide Proche", at=(centre[0] + 0.0005, centre[1]))
    middle = make_partner(name="Aide Milieu", at=(centre[0] + 0.0015, centre[1]))
    for partner in (far, near, middle):
        make_service(partner, [online])
    food = make_partner(name="Épicerie Voisine", at=centre)
    make_service(food, [subneed("colis-alimentaire")])
    page = client.get("/diagnostic/resultat?niveau=accompagnement&besoins=accompagnement,atelier"
                      "&quartier=wazemmes")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    help_section = html.split('id="aide-accompagnement"', 1)[1].split("</section>", 1)[0]
    assert _names_in_order(help_section, ["Aide Loin", "Aide Proche", "Aide Milieu"]) == [
        "Aide Proche", "Aide Milieu", "Aide Loin"]
    assert "Épicerie Voisine" not in html
    assert "à 50 m, environ 1 min à pied" in help_section
    assert f'href="/partenaires/{near.slug}"' in help_section


def test_a_france_services_label_is_enough_to_accompany(client):
    make_partner(name="Maison France Services", labels=["france-services"])
    make_partner(name="Association du coin", labels=["pass-numerique"])
    html = client.get("/diagnostic/resultat?niveau=accompagnement&besoins=accompagnement,atelier"
                      ).get_data(as_text=True)
    help_section = html.split('id="aide-accompagnement"', 1)[1].split("</section>", 1)[0]
    assert "Maison France Services" in help_section
    assert "Association du coin" not in html


def test_the_result_lists_the_next_workshops_at_the_level_without_cancelled_ones(client):
    partner = make_partner()
    soon = presenters.now().date() + timedelta(days=4)
    make_workshop(partner, title="Premiers pas sur la tablette", level="decouverte", first_day=soon)
    make_workshop(partner, title="Atelier annulé", level="decouverte", first_day=soon,
                  cancelled=True, cancel_reason="Animateur absent")
    make_workshop(partner, title="Démarches avancées", level="intermediaire", first_day=soon)
    html = client.get("/diagnostic/resultat?niveau=decouverte&besoins=atelier,accompagnement"
                      ).get_data(as_text=True)
    workshops = html.split('id="ateliers"', 1)[1].split("</section>", 1)[0]
    assert "Premiers pas sur la tablette" in workshops
    assert 'href="/ateliers/' in workshops
    assert "Atelier annulé" not in html and "Démarches avancées" not in html


def test_codes_that_do_not_fit_send_back_to_the_questions(client):
    for query in ("niveau=expert&besoins=atelier", "niveau=debutant&besoins=atelier,<b>",
                  "niveau=debutant&besoins=accompagnement", "niveau=debutant",
                  "niveau=debutant&besoins=atelier&quartier=atlantide", ""):
        page = client.get(f"/diagnostic/resultat?{query}")
        assert page.status_code == 302, query
        assert page.location == "/diagnostic"


def test_the_pages_exist_in_english_and_arabic(client):
    for prefix in ("/en", "/ar"):
        for path in ("/diagnostic", "/diagnostic/facile",
                     "/diagnostic/resultat?niveau=debutant&besoins=atelier,equipement"):
            page = client.get(prefix + path)
            assert page.status_code == 200, prefix + path
            assert f'lang="{prefix[1:]}"' in page.get_data(as_text=True)


def test_a_professional_adds_the_recommendations_to_the_selection(client, pro):
    partner = make_partner(name="Espace numérique du coin")
    make_service(partner, [subneed("apprendre-a-utiliser-un-ordinateur")])
    url = "/diagnostic/resultat?niveau=debutant&besoins=atelier"
    assert "Ajouter les lieux recommandés à ma sélection" in client.get(url).get_data(as_text=True)
    added = client.post("/diagnostic/selection", data={"niveau": "debutant", "besoins": "atelier"})
    assert added.status_code == 303 and added.location == url
    with client.session_transaction() as kept:
        assert kept["selection"] == [{"partner": partner.id, "service": None, "note": ""}]
    assert "Espace numérique du coin" in client.get("/orientation/selection").get_data(as_text=True)


def test_an_anonymous_visitor_has_no_selection_button_nor_route(client):
    partner = make_partner()
    make_service(partner, [subneed("apprendre-a-utiliser-un-ordinateur")])
    html = client.get("/diagnostic/resultat?niveau=debutant&besoins=atelier").get_data(as_text=True)
    assert "Ajouter les lieux recommandés" not in html and "à ma sélection" not in html
    refused = client.post("/diagnostic/selection", data={"niveau": "debutant", "besoins": "atelier"})
    assert refused.status_code == 302 and "/connexion" in refused.location
    with client.session_transaction() as kept:
        assert "selection" not in kept


def test_only_professionals_and_administrators_may_add_to_a_selection(client):
    from tests.factories import login, make_user

    form = {"niveau": "debutant", "besoins": "atelier"}
    expected = {"partner": 403, "professional": 303, "admin": 303}
    for role, status in expected.items():
        user = make_user(role)
        assert login(client, user).status_code == 302
        assert client.post("/diagnostic/selection", data=form).status_code == status, role
        client.post("/deconnexion")
    # Codes that do not fit are refused, never a server error.
    login(client, make_user("professional"))
    assert client.post("/diagnostic/selection", data={"niveau": "debutant", "besoins": "x"}).status_code == 400


@pytest.mark.committing  # real savepoints: the rolled-back test transaction would hide them
def test_a_count_inserted_meanwhile_by_another_request_is_incremented_not_doubled(app, monkeypatch):
    from portal.diagnostic.operations import count_diagnostic

    for quartier_id in (None, quartier("fives").id):
        db.session.add(DiagnosticCount(month=month_of(), level="autonome", quartier_id=quartier_id, count=1))
        db.session.flush()
        real, calls = db.session.execute, []

        class NoRowYet:
            rowcount = 0

        def first_update_misses(statement, *args, _real=real, _calls=calls, **kwargs):
            # As if the other request's row was committed just after this UPDATE.
            _calls.append(statement)
            return NoRowYet() if len(_calls) == 1 else _real(statement, *args, **kwargs)

        monkeypatch.setattr(db.session, "execute", first_update_misses)
        count_diagnostic("autonome", quartier_id)
        monkeypatch.undo()
        rows = db.session.scalars(select(DiagnosticCount).where(
            DiagnosticCount.level == "autonome", DiagnosticCount.quartier_id.is_(quartier_id)
            if quartier_id is None else DiagnosticCount.quartier_id == quartier_id)).all()
        assert [row.count for row in rows] == [2]
