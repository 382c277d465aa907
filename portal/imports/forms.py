"""Forms of the import pages: upload, column mapping, decisions of the review."""

from __future__ import annotations

from wtforms import MultipleFileField, RadioField, SelectChoice, SelectField, StringField
from wtforms.validators import InputRequired, Length, Optional

from portal.edge import PortalForm
from portal.i18n import _l
from portal.imports import constants as c


class UploadForm(PortalForm):
    """The file(s) and their format. The files are read from `request.files` by the view (the
    base form keeps text only)."""

    files = MultipleFileField(
        _l("Fichier à importer"),
        description=_l("CSV ou JSON, %(size)s Mo au plus. Pour data·inclusion, vous pouvez choisir "
                       "deux fichiers : les structures et les services."))
    format = RadioField(_l("Format du fichier"), choices=[SelectChoice(k, v) for k, v in c.FORMATS.items()],
                        default=c.DATA_INCLUSION,
                        validators=[InputRequired(message=_l("Choisissez le format du fichier."))])


class MappingForm(PortalForm):
    """Which column holds which field; one select per field (see `mapping_form`)."""

    save_as = StringField(_l("Enregistrer ces correspondances sous le nom"),
                          validators=[Optional(), Length(max=100)],
                          description=_l("Elles seront proposées pour le prochain fichier qui a les "
                                         "mêmes colonnes."))


def mapping_form(header: list[str], initial: dict[str, str], formdata=None) -> MappingForm:
    """A MappingForm with one select per field, offering the file's columns."""
    choices = [SelectChoice("", _l("— aucune colonne —"))] + [SelectChoice(h, h) for h in header if h]

    class _Form(MappingForm):
        pass

    name_needed = InputRequired(message=_l("Désignez la colonne qui contient le nom."))
    for name, label in c.FIELDS.items():
        field = SelectField(label, choices=choices, validate_choice=True, default=initial.get(name, ""),
                            validators=[name_needed] if name == "name" else [Optional()])
        setattr(_Form, f"col_{name}", field)
    form = _Form(formdata=formdata)
    if formdata is None:
        for name in c.FIELDS:
            getattr(form, f"col_{name}").data = initial.get(name, "")
    return form


def columns_of(form: MappingForm) -> dict[str, str]:
    return {name: getattr(form, f"col_{name}").data for name in c.FIELDS if getattr(form, f"col_{name}").data}


class ReviewForm(PortalForm):
    """Confirm the decisions of the review (the choices are radio buttons named row-<id>, read
    by the view against each row's allowed choices)."""
