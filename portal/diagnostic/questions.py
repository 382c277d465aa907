"""The diagnostic's questions, its levels and the help that fits each level (pure: no Flask,
no database).

How the scoring reasons (facts from public diagnostics, not their text):
- Digital autonomy is judged on three things: being equipped (a device and a connection), the
  everyday skills (read an e-mail, send a photo) and the skills of online procedures (fill a
  form, book an appointment), as in the European DigComp framework that the public Pix
  service (pix.fr) and the MedNum / "Les Bons Clics" diagnostics follow.
- Having the accounts a procedure needs (an e-mail address, a FranceConnect access) is a step
  of its own: many people who can use a phone have neither.
- Someone who cannot do an online procedure at all needs a person to do it with them or for
  them first (France Services, or a professional with a mandate through Aidants Connect), and
  learning comes after; the national vocabulary names four kinds of help: be accompanied,
  learn in a workshop at one's level, get equipped, get better on one's own.
- Equipment is independent of skills: missing equipment adds "get equipped" whatever the level.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.i18n import _l
from portal.workshops.constants import BEGINNER, DISCOVERY, INTERMEDIATE

YES, A_LITTLE, NO, DONT_KNOW = "oui", "un-peu", "non", "ne-sait-pas"


@dataclass(frozen=True)
class Question:
    """One question: its code, its wording (plain and easy-read), its choices and pictogram."""

    code: str
    label: object
    easy: object
    choices: tuple[tuple[str, object], ...]
    pictogram: str

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, _label in self.choices)


_SKILL = ((YES, _l("Oui")), (A_LITTLE, _l("Un peu")), (NO, _l("Non")))

QUESTIONS: tuple[Question, ...] = (
    Question("telephone", _l("Quel téléphone avez-vous ?"),
             _l("Avez-vous un téléphone ?"),
             (("smartphone", _l("Un smartphone (avec un écran tactile et des applications)")),
              ("simple", _l("Un téléphone simple, pour appeler")),
              ("aucun", _l("Pas de téléphone"))), "telephone"),
    Question("ordinateur", _l("Avez-vous un ordinateur ou une tablette chez vous ?"),
             _l("Avez-vous un ordinateur chez vous ? Ou une tablette ?"),
             ((YES, _l("Oui")), (NO, _l("Non"))), "ordinateur"),
    Question("internet", _l("Avez-vous internet chez vous (une box ou un forfait avec internet) ?"),
             _l("Avez-vous internet chez vous ?"),
             ((YES, _l("Oui")), (NO, _l("Non")), (DONT_KNOW, _l("Je ne sais pas"))), "internet"),
    Question("mail", _l("Savez-vous lire un e-mail ?"),
             _l("Savez-vous lire un e-mail ?"), _SKILL, "mail"),
    Question("photo", _l("Savez-vous envoyer une photo avec votre téléphone ?"),
             _l("Savez-vous envoyer une photo ?"), _SKILL, "photo"),
    Question("formulaire", _l("Savez-vous remplir un formulaire sur internet ?"),
             _l("Savez-vous remplir une demande sur internet ?"), _SKILL, "formulaire"),
    Question("rendez_vous", _l("Savez-vous prendre un rendez-vous sur internet (médecin, CAF) ?"),
             _l("Savez-vous prendre un rendez-vous sur internet ?"), _SKILL, "rendez-vous"),
    Question("comptes", _l("Avez-vous une adresse e-mail ? Et un accès FranceConnect ?"),
             _l("Avez-vous une adresse e-mail ? Avez-vous FranceConnect ?"),
             (("les-deux", _l("Oui, les deux")), ("mail", _l("Seulement une adresse e-mail")),
              (NO, _l("Non")), (DONT_KNOW, _l("Je ne sais pas"))), "comptes"),
)
BY_CODE = {q.code: q for q in QUESTIONS}
SKILLS = ("mail", "photo", "formulaire", "rendez_vous")
PROCEDURES = ("formulaire", "rendez_vous")
SKILL_POINTS = {YES: 2, A_LITTLE: 1, NO: 0}
ACCOUNT_POINTS = {"les-deux": 2, "mail": 1, NO: 0, DONT_KNOW: 0}

# Levels, from "someone does it with you" to "you manage, and can go further".
ACCOMPANIED, DISCOVERY_LEVEL, BEGINNER_LEVEL, AUTONOMOUS = (
    "accompagnement", "decouverte", "debutant", "autonome")

# The four kinds of help, in the national vocabulary of digital inclusion.
HELP_ACCOMPANY, HELP_WORKSHOP, HELP_EQUIP, HELP_ALONE = (
    "accompagnement", "atelier", "equipement", "autonomie")
HELPS = {
    HELP_ACCOMPANY: _l("Être accompagné pour vos démarches"),
    HELP_WORKSHOP: _l("Apprendre dans un atelier à votre niveau"),
    HELP_EQUIP: _l("S'équiper à petit prix"),
    HELP_ALONE: _l("Progresser seul, à votre rythme"),
}
HELP_HINTS = {
    HELP_ACCOMPANY: _l("Une personne fait la démarche avec vous, ou pour vous : France Services, "
                       "Aidants Connect, conseillers numériques."),
    HELP_WORKSHOP: _l("Un atelier en petit groupe, gratuit le plus souvent, pour apprendre les "
                      "gestes utiles."),
    HELP_EQUIP: _l("Un ordinateur ou un téléphone reconditionné, un tarif social pour internet, "
                   "un lieu avec ordinateur et imprimante."),
    HELP_ALONE: _l("Des lieux en accès libre pour pratiquer, et des exercices en ligne, comme "
                   "le test gratuit Pix pour connaître votre niveau."),
}


@dataclass(frozen=True)
class Level:
    """A level: its name, what it means, the help it calls for and the workshop level."""

    code: str
    label: object
    meaning: object
    helps: tuple[str, ...]
    workshop_level: str


LEVELS: dict[str, Level] = {level.code: level for level in (
    Level(ACCOMPANIED, _l("Être accompagné : quelqu'un fait avec vous ou pour vous"),
          _l("Les démarches en ligne sont difficiles pour vous aujourd'hui. Une personne peut les "
             "faire avec vous, ou pour vous. Vous pourrez aussi apprendre, si vous le souhaitez."),
          (HELP_ACCOMPANY, HELP_WORKSHOP), DISCOVERY),
    Level(DISCOVERY_LEVEL, _l("Découverte"),
          _l("Vous connaissez quelques gestes. Un atelier de découverte vous aide à prendre "
             "confiance ; pour une démarche urgente, faites-vous accompagner."),
          (HELP_WORKSHOP, HELP_ACCOMPANY), DISCOVERY),
    Level(BEGINNER_LEVEL, _l("Débutant"),
          _l("Vous savez faire les gestes de tous les jours. Un atelier pour débutants vous aide "
             "à faire vos démarches en ligne."),
          (HELP_WORKSHOP,), BEGINNER),
    Level(AUTONOMOUS, _l("Presque autonome"),
          _l("Vous vous débrouillez bien. Vous pouvez progresser seul, ou dans un atelier "
             "intermédiaire pour aller plus loin."),
          (HELP_ALONE, HELP_WORKSHOP), INTERMEDIATE),
)}


def missing_answers(answers: dict[str, str]) -> list[str]:
    """The questions without a valid answer, in order."""
    return [q.code for q in QUESTIONS if answers.get(q.code) not in q.codes]


def level_of(answers: dict[str, str]) -> str:
    """The level of a complete set of answers (codes of QUESTIONS).

    Points: each skill question gives 2 (yes), 1 (a little) or 0; the accounts question 2
    (e-mail and FranceConnect), 1 (e-mail only) or 0: 0 to 10 in all. No procedure at all
    (neither a form nor an appointment, even "a little") with 4 points or fewer, or 2 points or
    fewer whatever they are: accompanied. Then up to 5: discovery; up to 8: beginner; above:
    almost autonomous. Equipment does not change the level (see helps_for)."""
    missing = missing_answers(answers)
    if missing:
        raise ValueError(f"unanswered: {', '.join(missing)}")
    skills = sum(SKILL_POINTS[answers[code]] for code in SKILLS)
    procedures = sum(SKILL_POINTS[answers[code]] for code in PROCEDURES)
    score = skills + ACCOUNT_POINTS[answers["comptes"]]
    if score <= 2 or (procedures == 0 and score <= 4):
        return ACCOMPANIED
    if score <= 5:
        return DISCOVERY_LEVEL
    if score <= 8:
        return BEGINNER_LEVEL
    return AUTONOMOUS


def lacks_equipment(answers: dict[str, str]) -> bool:
    """No smartphone and no computer or tablet, or no internet at home."""
    no_device = answers.get("telephone") != "smartphone" and answers.get("ordinateur") != YES
    return no_device or answers.get("internet") == NO


def helps_for(answers: dict[str, str]) -> tuple[str, ...]:
    """The kinds of help for these answers: the level's, plus "get equipped" when equipment
    is missing."""
    helps = LEVELS[level_of(answers)].helps
    if lacks_equipment(answers) and HELP_EQUIP not in helps:
        helps = helps + (HELP_EQUIP,)
    return helps


def parse_helps(text: str) -> tuple[str, ...] | None:
    """"atelier,equipement" from a result URL → the help codes, or None when any is unknown
    or repeated."""
    codes = tuple(code for code in text.split(",") if code)
    if not codes or len(set(codes)) != len(codes) or any(code not in HELPS for code in codes):
        return None
    return codes
