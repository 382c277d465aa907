"""Template globals and filters shared by every page."""

from __future__ import annotations

from flask import Flask, g, has_request_context, request
from flask_babel import format_date, format_datetime
from markupsafe import Markup, escape

from portal.directory import constants, near, presenters
from portal.i18n import RTL, SOURCE, _, select_locale
from portal.moderation import constants as moderation
from portal.moderation.constants import IMPORT
from portal.moderation.queries import confirm_every_days
from portal.partners.text import presentation_html

# Partners write their listings in French. In the English and Arabic interfaces that text is
# shown as written, marked as French and as left-to-right (RGAA 8.7 and 8.10), so that a screen
# reader switches voice and the text reads in the right order inside a right-to-left page.
# In the French interface the page's own lang and dir already say so: nothing is added.
# Inside a translated message, pass the value through fr(): _("Archiver « %(name)s »", name=fr(x)).
FRENCH_LTR = Markup(' lang="fr" dir="ltr"')


def fr_attrs() -> Markup:
    """Attributes for an element whose whole content is partner-written French text."""
    return FRENCH_LTR if select_locale() != SOURCE else Markup("")


def fr(value) -> Markup:
    """Partner-written French text, escaped; wrapped in <span lang="fr" dir="ltr"> when the
    interface is in another language."""
    if value is None or value == "":
        return Markup("")
    text = escape(value)
    if select_locale() == SOURCE:
        return text
    return Markup("<span%s>%s</span>") % (FRENCH_LTR, text)


def ltr(value) -> Markup:
    """A phone number (or other left-to-right token) inside a sentence: in a right-to-left page
    it is isolated as left-to-right, or "03 20 49 50 00" would show as "00 50 49 20 03"."""
    text = escape(value)
    return Markup('<span dir="ltr">%s</span>') % text if select_locale() in RTL else text


def phone_link(number: str) -> Markup:
    """A phone number as a link a phone can call, read left to right in every language."""
    return Markup('<a dir="ltr" href="tel:%s">%s</a>') % ("".join(number.split()), number)


def tel(number: str) -> str:
    """The digits of a phone number for a tel: link ("03 20.49.50.00" → "0320495000")."""
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


# The parts of the site with forms and data tables (partner space, back office, accounts): only
# their pages load css/forms.css, which keeps the residents' pages light.
FORM_BLUEPRINTS = frozenset({"partners", "admin", "accounts", "freshness", "orientation",
                             "orientation_public"})


def revision_author(revision) -> str:
    """Who made a revision, for a history: an account's address, "lien reçu par e-mail" for a
    change or a confirmation made through a reminder's link, else a deleted account. Seen
    through a link, members' addresses are not shown."""
    if revision.link_id is not None:
        return _("lien reçu par e-mail")
    if revision.author is None:
        return _("les données ouvertes") if revision.kind == IMPORT else _("compte supprimé")
    if listing_link_mode():
        return _("l'équipe du CCAS") if revision.author.is_admin else _("un membre de la structure")
    return revision.author.email


def is_outdated(partner, now) -> bool:
    """Whether the public should be told a listing may be out of date: confirmed by a person
    longer ago than its update frequency allows (the same rule as the stale list)."""
    if partner.last_confirmed_at is None:
        return True
    return (now - partner.last_confirmed_at).days > confirm_every_days(partner.update_frequency)


def listing_link_mode() -> bool:
    """Whether this page of the partner space was opened through a "Je corrige" link (set by
    the partner space's access rule)."""
    return has_request_context() and request.blueprint == "partners" and g.get("listing_link_mode", False)


def pro_view() -> bool:
    """Whether this request's user sees the orientation toolkit and the pro-only fields
    (accounts.access.sees_pro_info). A function, so that imported macros can call it."""
    from flask_login import current_user

    from portal.accounts.access import sees_pro_info

    return has_request_context() and sees_pro_info(current_user)


def selection_keys() -> set[str]:
    """What "Ma sélection" holds (orientation.selection keys; read from the session only)."""
    from portal.orientation import selection

    return selection.keys() if pro_view() else set()


def register(app: Flask) -> None:
    """Expose code labels and small helpers to the templates (no query runs from here)."""
    app.jinja_env.globals.update(
        label=constants.label,
        KINDS=constants.PARTNER_KINDS,
        ACCESSIBILITY=constants.ACCESSIBILITY,
        LANGUAGES=constants.LANGUAGES,
        NATIONAL_LABELS=constants.NATIONAL_LABELS,
        FEES=constants.FEES,
        MODES=constants.MODES,
        ACCESS_MODES=constants.ACCESS_MODES,
        AUDIENCES=constants.AUDIENCES,
        SOURCES=constants.SOURCES,
        REVISION_STATUSES=moderation.STATUSES,
        REVISION_KINDS=moderation.KINDS,
        REVISION_FLAGS=moderation.FLAGS,
        REJECTION_REASONS=moderation.REJECTION_REASONS,
        field_label=moderation.field_label,
        fr=fr,
        fr_attrs=fr_attrs,
        ltr=ltr,
        phone_link=phone_link,
        tel=tel,
        FORM_BLUEPRINTS=FORM_BLUEPRINTS,
        walking=near.walking_text,
        revision_author=revision_author,
        is_outdated=is_outdated,
        stops_by_place=presenters.stops_by_place,
        pro_view=pro_view,
        selection_keys=selection_keys,
    )
    app.jinja_env.filters.update(format_date=format_date, format_datetime=format_datetime,
                                 presentation_html=presentation_html)
    app.context_processor(lambda: {"listing_link_mode": listing_link_mode()})
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
