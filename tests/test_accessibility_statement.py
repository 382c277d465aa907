"""The accessibility statement and the footer level come from the audit table kept in the repository."""

from __future__ import annotations

import csv
import html
import re

import pytest

from portal.accessibility import audit

OFFICIAL, _THEMES = audit.load_official()
OFFICIAL_IDS = [cid for cid, _theme, _title in OFFICIAL]


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _write_table(tmp_path, statuses: dict[str, str], default: str = "auto", **extra) -> audit.Compliance:
    """An audit table where every criterion has `default`, except those in `statuses`."""
    table = tmp_path / "audit.csv"
    with table.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(audit.COLUMNS)
        for cid in OFFICIAL_IDS:
            status = statuses.get(cid, default)
            row = extra.get(cid) or ["", "", "" if status == "untested" else f"preuve pour {cid}"]
            writer.writerow([cid, status, *row])
    meta = tmp_path / "statement.toml"
    meta.write_text("evaluated = 2026-01-15\n", encoding="utf-8")
    return audit.load(table, meta)


def _rows() -> list[dict]:
    with audit.TABLE_FILE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --- the table kept in the repository ------------------------------------------------------------

def test_the_table_has_one_row_per_official_criterion():
    assert len(OFFICIAL_IDS) == 106
    assert [row["criterion"] for row in _rows()] == OFFICIAL_IDS


def test_the_table_is_honest_about_what_was_checked():
    rows = _rows()
    assert {row["status"] for row in rows} <= set(audit.STATUSES)
    # Nobody has audited the site by hand yet: nothing may claim it.
    assert not [row["criterion"] for row in rows if row["status"] == "manual"]
    for row in rows:
        if row["status"] == "auto":
            assert re.search(r"tests/browser/test_\w+\.py::test_\w+", row["evidence"]), row
    # Each test named as evidence exists.
    named = {m for row in rows for m in re.findall(r"(tests/browser/test_\w+\.py)::(test_\w+)", row["evidence"])}
    for path, test in named:
        source = (audit.DATA.parents[2] / path).read_text(encoding="utf-8")
        assert f"def {test}(" in source, f"{path}::{test} is named in audit.csv but does not exist"


def test_the_site_never_claims_more_than_its_table():
    result = audit.compliance()
    assert result.untested > 0
    assert result.level != audit.TOTAL
    assert result.conforming == sum(1 for row in _rows() if row["status"] in ("auto", "manual"))


# --- how the level is computed -------------------------------------------------------------------

def test_everything_checked_and_met_is_totally_conforming(tmp_path):
    result = _write_table(tmp_path, {"4.1": "na", "2.1": "na"})
    assert (result.applicable, result.conforming, result.rate) == (104, 104, 100.0)
    assert result.level == audit.TOTAL


def test_one_untested_criterion_is_never_totally_conforming(tmp_path):
    result = _write_table(tmp_path, {"10.7": "untested"})
    assert result.rate == pytest.approx(105 / 106 * 100)
    assert result.level == audit.PARTIAL


def test_one_failing_criterion_is_partially_conforming(tmp_path):
    result = _write_table(tmp_path, {"8.10": "failing"})
    assert [c.id for c in result.failing] == ["8.10"]
    assert result.level == audit.PARTIAL


def test_half_of_the_applicable_criteria_is_the_threshold(tmp_path):
    # 6 not applicable → 100 applicable; 50 conform → partially, 49 → not.
    na = {cid: "na" for cid in OFFICIAL_IDS[:6]}
    untested = {cid: "untested" for cid in OFFICIAL_IDS[6:56]}
    assert _write_table(tmp_path, {**na, **untested}).level == audit.PARTIAL
    untested[OFFICIAL_IDS[56]] = "untested"
    result = _write_table(tmp_path, {**na, **untested})
    assert (result.applicable, result.conforming) == (100, 49)
    assert result.level == audit.NONE


def test_no_evaluation_is_not_conforming(tmp_path):
    assert _write_table(tmp_path, {}, default="untested").level == audit.NONE


def test_a_manual_check_needs_a_date_and_a_role(tmp_path):
    with pytest.raises(audit.AuditError, match="date and the role"):
        _write_table(tmp_path, {"3.1": "manual"})
    result = _write_table(tmp_path, {"3.1": "manual"},
                          **{"3.1": ["2026-01-10", "référente accessibilité", "Pages de l'échantillon"]})
    checked = next(c for c in result.criteria if c.id == "3.1")
    assert checked.conforms and checked.checked_on.isoformat() == "2026-01-10"


def test_a_broken_table_is_refused_with_every_problem(tmp_path):
    table = tmp_path / "audit.csv"
    rows = [[cid, "auto", "", "", "test"] for cid in OFFICIAL_IDS if cid != "1.1"]
    rows[0][1] = "ok"
    rows[1][4] = ""
    rows.append(["14.1", "auto", "", "", "test"])
    with table.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([audit.COLUMNS, *rows])
    with pytest.raises(audit.AuditError) as error:
        audit.read_table(table, OFFICIAL)
    message = str(error.value)
    for expected in ("criterion 1.1 is missing", "'14.1' is not an RGAA 4.1 criterion",
                     "unknown status 'ok'", "needs evidence"):
        assert expected in message


# --- the pages -----------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/", "/besoins/alimentation", "/quartiers/", "/recherche", "/facile-a-lire",
                                 "/cette-page-n-existe-pas"])
def test_every_footer_shows_the_computed_level_and_links_to_the_statement(client, url):
    page = _text(client.get(url))
    footer = page[page.index('<footer class="site-footer">'):]
    assert '<a href="/accessibilite">Accessibilité : non conforme</a>' in footer
    assert "totalement conforme" not in page


def test_footer_follows_the_table(client, monkeypatch, tmp_path):
    monkeypatch.setattr(audit, "compliance", lambda: _write_table(tmp_path, {"10.7": "untested"}))
    assert "Accessibilité : partiellement conforme" in _text(client.get("/"))


def test_the_statement_follows_the_official_model(client):
    result = audit.compliance()
    page = _text(client.get("/accessibilite"))
    assert "<h1>Déclaration d'accessibilité</h1>" in page
    for section in ("État de conformité", "Résultats des tests", "Contenus non accessibles",
                    "Établissement de cette déclaration d'accessibilité", "Retour d'information et contact",
                    "Voies de recours"):
        assert f">{section}</h" in page, section
    assert "est <strong>non conforme</strong> avec le référentiel général" in page
    shown = re.search(r"montre que (\d+(?:,\d)?)\u00a0% des critères", page)
    assert shown and float(shown.group(1).replace(",", ".")) == int(result.rate * 10) / 10
    assert "article 47 de la loi n° 2005-102" in page
    assert re.search(r"Cette déclaration a été établie le \d+ \w+ \d{4}", page)
    assert 'href="tel:0320495000"' in page and "CCAS de Lille" in page
    assert "Défenseur des droits" in page and "Libre réponse 71120" in page and "75342 Paris CEDEX 07" in page
    assert "https://formulaire.defenseurdesdroits.fr/" in page
    for failing in result.failing:
        assert f"Critère {failing.id}</strong> : <span lang=\"fr\">{failing.evidence}" in page
    # The criteria table: one row per criterion, under a header per theme.
    assert page.count('<th scope="row"><span class="criterion-id">') == 106
    assert page.count("<caption>Critères du thème") == 13
    assert '<th scope="col">Critère</th>' in page


def test_easy_read_page_explains_the_steps_and_is_linked_from_home(client):
    home = _text(client.get("/"))
    assert '<a href="/facile-a-lire">Lire en facile à lire</a>' in home
    page = _text(client.get("/facile-a-lire"))
    for step in ("Étape 1 : choisir un besoin", "Étape 2 : dire ce qu'il vous faut",
                 "Étape 3 : voir les lieux près de chez vous", "Étape 4 : appeler le lieu"):
        assert step in page
    assert 'href="tel:0320495000"' in page
    assert page.count('class="falc-picto"') >= 5
    assert 'alt=""' in page


def test_pages_keep_the_language_prefix(client):
    page = _text(client.get("/en/accessibilite"))
    assert '<html lang="en"' in page
    assert 'href="/en/facile-a-lire"' in page
    assert 'href="/en/besoins/alimentation"' in page  # the sample of pages, in the same language
