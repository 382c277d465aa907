"""The forms of favourites and saved searches."""

from __future__ import annotations

from wtforms import HiddenField, StringField
from wtforms.validators import Length, Optional

from portal.edge import PortalForm
from portal.i18n import _l
from portal.orientation.favourites import LABEL_LENGTH

LABEL_HINT = _l("Facultatif : sans nom, la recherche est résumée (besoin, quartier, filtres).")
LABEL_TOO_LONG = _l("Le nom peut avoir au plus %(num)d caractères.", num=LABEL_LENGTH)


class SaveSearchForm(PortalForm):
    """"Enregistrer cette recherche": the page's arguments travel in hidden fields, read by
    `favourites.clean_params`, which keeps only the names the page understands."""

    label = StringField(_l("Nom de la recherche"), description=LABEL_HINT,
                        validators=[Optional(), Length(max=LABEL_LENGTH, message=LABEL_TOO_LONG)])
    vue = HiddenField()


class RenameSearchForm(PortalForm):
    label = StringField(_l("Nouveau nom"), description=LABEL_HINT,
                        validators=[Optional(), Length(max=LABEL_LENGTH, message=LABEL_TOO_LONG)])
