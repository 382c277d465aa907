"""National emergency numbers, said in plain words, and where the site puts them first.

All of them are free and answer day and night, every day (3919 since 2021). The 3919 is a
listening line, not a rescue service: in danger, the 17 or the 112. The 114 takes no voice
call: deaf and hard-of-hearing people (or anyone who cannot speak safely) write to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.directory.constants import URGENT_NEEDS
from portal.i18n import _l


@dataclass(frozen=True)
class EmergencyNumber:
    number: str
    name: object  # lazy string: translated when shown
    purpose: object
    scheme: str = "tel"  # "sms" for the 114

    @property
    def href(self) -> str:
        return f"{self.scheme}:{self.number}"


NUMBERS: tuple[EmergencyNumber, ...] = (
    EmergencyNumber("115", _l("Samu social"),
                    _l("Hébergement d'urgence, nuit et jour")),
    EmergencyNumber("15", _l("SAMU"), _l("Urgence médicale")),
    EmergencyNumber("17", _l("Police secours"), _l("Danger, agression : la police vient")),
    EmergencyNumber("112", _l("Numéro d'urgence européen"),
                    _l("Tous les secours, depuis un fixe ou un portable, partout en Europe")),
    EmergencyNumber("119", _l("Allô enfance en danger"),
                    _l("Un enfant en danger, ou qui risque de l'être")),
    EmergencyNumber("3919", _l("Violences Femmes Info"),
                    _l("Violences faites aux femmes : écoute anonyme et gratuite")),
    EmergencyNumber("114", _l("Urgence par SMS"),
                    _l("Pour les personnes sourdes ou malentendantes : écrivez un SMS au 114"), scheme="sms"),
)

BY_NUMBER = {n.number: n for n in NUMBERS}

# The urgent needs' pages open with the numbers explained; the home page links to this one.
EMERGENCY_NEED = "urgence-sociale"

# A precise need that cannot wait: (need slug, sub-need slug) → the number to call at once.
URGENT_CALLS = {("urgence-sociale", "hebergement-ce-soir"): BY_NUMBER["115"]}


def numbers_for_need(need_slug: str) -> tuple[EmergencyNumber, ...]:
    """The emergency numbers shown on a need's page (none for most needs)."""
    return NUMBERS if need_slug in URGENT_NEEDS else ()


def urgent_call_for(need_slug: str, subneed_slug: str) -> EmergencyNumber | None:
    """The number to call at once on a precise need's page, if it has one."""
    return URGENT_CALLS.get((need_slug, subneed_slug))
