"""The diagnostic's scoring: every combination of answers gives a level, and the help fits."""

from __future__ import annotations

import itertools

import pytest

from portal.diagnostic import questions as q

EQUIPPED = {"telephone": "smartphone", "ordinateur": "oui", "internet": "oui"}


def profile(**answers) -> dict[str, str]:
    values = dict(EQUIPPED)
    values.update(answers)
    return values


def test_every_combination_of_answers_gives_a_known_level_and_its_help():
    codes = [question.codes for question in q.QUESTIONS]
    seen = set()
    combinations = 0
    for combination in itertools.product(*codes):
        answers = dict(zip([question.code for question in q.QUESTIONS], combination, strict=True))
        level = q.level_of(answers)
        assert level in q.LEVELS
        helps = q.helps_for(answers)
        assert set(q.LEVELS[level].helps) <= set(helps) <= set(q.HELPS)
        assert (q.HELP_EQUIP in helps) == (q.lacks_equipment(answers)
                                            or q.HELP_EQUIP in q.LEVELS[level].helps)
        seen.add(level)
        combinations += 1
    assert combinations == 3 * 2 * 3 * 3 ** 4 * 4
    assert seen == set(q.LEVELS)  # every level is reachable


@pytest.mark.parametrize(("answers", "expected"), [
    # Cannot do anything online yet: someone does it with them.
    (profile(mail="non", photo="non", formulaire="non", rendez_vous="non", comptes="non"), "accompagnement"),
    # Sends photos and reads e-mails, but no online procedure at all: still accompanied first.
    (profile(mail="oui", photo="oui", formulaire="non", rendez_vous="non", comptes="non"), "accompagnement"),
    # A little of everything, an e-mail address: discovery.
    (profile(mail="un-peu", photo="un-peu", formulaire="un-peu", rendez_vous="un-peu", comptes="mail"), "decouverte"),
    # Everyday gestures known, procedures a little: beginner.
    (profile(mail="oui", photo="oui", formulaire="un-peu", rendez_vous="un-peu", comptes="mail"), "debutant"),
    # Does it all, has the accounts: almost autonomous.
    (profile(mail="oui", photo="oui", formulaire="oui", rendez_vous="oui", comptes="les-deux"), "autonome"),
])
def test_hand_picked_profiles_get_the_level_a_person_would_expect(answers, expected):
    assert q.level_of(answers) == expected


def test_the_workshop_level_proposed_follows_the_level():
    assert q.LEVELS["accompagnement"].workshop_level == "decouverte"
    assert q.LEVELS["decouverte"].workshop_level == "decouverte"
    assert q.LEVELS["debutant"].workshop_level == "debutant"
    assert q.LEVELS["autonome"].workshop_level == "intermediaire"


@pytest.mark.parametrize("equipment", [
    {"telephone": "simple", "ordinateur": "non"},
    {"telephone": "aucun", "ordinateur": "non"},
    {"internet": "non"},
])
def test_missing_equipment_adds_get_equipped_whatever_the_level(equipment):
    for skills in ("oui", "non"):
        answers = profile(mail=skills, photo=skills, formulaire=skills, rendez_vous=skills,
                          comptes="les-deux" if skills == "oui" else "non", **equipment)
        assert q.HELP_EQUIP in q.helps_for(answers)


def test_an_equipped_person_is_not_told_to_get_equipped():
    answers = profile(mail="oui", photo="oui", formulaire="oui", rendez_vous="oui", comptes="les-deux")
    assert q.helps_for(answers) == (q.HELP_ALONE, q.HELP_WORKSHOP)
    # A smartphone alone is enough equipment.
    assert q.HELP_EQUIP not in q.helps_for(dict(answers, ordinateur="non"))


def test_an_unanswered_question_gives_no_level():
    answers = profile(mail="oui", photo="oui", formulaire="oui", rendez_vous="oui")
    assert q.missing_answers(answers) == ["comptes"]
    with pytest.raises(ValueError):
        q.level_of(answers)


def test_help_codes_from_an_address_are_checked():
    assert q.parse_helps("atelier,equipement") == ("atelier", "equipement")
    assert q.parse_helps("atelier,atelier") is None
    assert q.parse_helps("atelier,<script>") is None
    assert q.parse_helps("") is None
