"""Forms of the accounts domain: login, passwords, invitations."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from portal.accounts.constants import PARTNER, PASSWORD_MIN_LENGTH, ROLES
from portal.edge import PortalForm
from portal.i18n import _l

EMAIL_VALIDATORS = [
    DataRequired(message=_l("Indiquez votre adresse e-mail.")),
    Email(message=_l("Cette adresse e-mail n'est pas valide, par exemple : nom@exemple.fr.")),
    Length(max=254),
]


class LoginForm(PortalForm):
    email = EmailField(_l("Adresse e-mail"), validators=EMAIL_VALIDATORS)
    # Long passphrases are welcome; the upper bound only keeps hashing cheap.
    password = PasswordField(
        _l("Mot de passe"),
        validators=[DataRequired(message=_l("Indiquez votre mot de passe.")), Length(max=1000)],
    )
    remember = BooleanField(_l("Rester connecté sur cet appareil"))


class ForgotPasswordForm(PortalForm):
    email = EmailField(_l("Adresse e-mail de votre compte"), validators=EMAIL_VALIDATORS)


class NewPasswordForm(PortalForm):
    password = PasswordField(
        _l("Nouveau mot de passe"),
        description=_l(
            "Au moins %(n)s caractères. Une phrase de plusieurs mots est facile à retenir.",
            n=PASSWORD_MIN_LENGTH,
        ),
        validators=[
            DataRequired(message=_l("Choisissez un mot de passe.")),
            Length(
                min=PASSWORD_MIN_LENGTH,
                max=1000,
                message=_l("Le mot de passe doit compter au moins %(n)s caractères.", n=PASSWORD_MIN_LENGTH),
            ),
        ],
    )
    confirm = PasswordField(
        _l("Le même mot de passe, une deuxième fois"),
        validators=[
            DataRequired(message=_l("Tapez le mot de passe une deuxième fois.")),
            EqualTo("password", message=_l("Les deux mots de passe ne sont pas identiques.")),
        ],
    )


class InviteForm(PortalForm):
    email = EmailField(_l("Adresse e-mail de la personne"), validators=EMAIL_VALIDATORS)
    role = SelectField(
        _l("Rôle"), choices=[SelectChoice(code, label) for code, label in ROLES.items()], default=PARTNER
    )
    partners = SelectMultipleField(
        _l("Partenaire(s)"),
        description=_l("Pour un membre de partenaire. Plusieurs choix avec Ctrl ou Cmd."),
        coerce=int,
        validators=[Optional()],
    )
    partner_slugs = StringField(
        _l("Ou identifiants des partenaires"),
        description=_l("Séparés par des virgules, par exemple : centre-social-fives, ccas-de-lille."),
        validators=[Optional(), Length(max=2000)],
    )

    def slugs(self) -> list[str]:
        return [s.strip() for s in (self.partner_slugs.data or "").split(",") if s.strip()]

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if self.role.data == PARTNER and not (self.partners.data or self.slugs()):
            self.partners.errors.append(
                _l("Choisissez au moins un partenaire pour un membre de partenaire.")
            )
            return False
        return True
