"""The edit round trip of the partner space, in one place.

A page of a listing opens a `ListingEdit`: the listing (only for its members and
administrators) and its head, read once for the request (`moderation.operations.head_of`:
the pending version if there is one, else the public one). Forms are filled from the head
and carry its tokens (version, pending revision). On saving, the next version is built from
the same head and proposed; if someone else saved in between, the page comes back as a
conflict (409) that shows both versions and keeps what was typed. A save past the limits of
moderation/limits.py (listing full, too many saves lately) comes back the same way, with why.

Forms never carry ids: a service is named by its key in that listing, an exception or a
closure by its position, both looked up in the head of the listing named in the URL.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.access import can_edit_partner, partner_for_member_or_404
from portal.extensions import db
from portal.i18n import _
from portal.moderation import links, presenters
from portal.moderation import operations as moderation
from portal.moderation import refused as refused_drafts
from portal.moderation.constants import APPLIED
from portal.moderation.limits import EditRefused
from portal.partners import forms, overlay

Build = Callable[[dict], dict]


class ListingEdit:
    """One request's view of a listing being edited."""

    def __init__(self, slug: str) -> None:
        self.partner = partner_for_member_or_404(slug)
        self.head = moderation.head_of(self.partner)
        # Through a "Je corrige" link nobody is logged in for this listing: the change is
        # the link's, and always waits for review.
        self.link = None if can_edit_partner(current_user, self.partner) else links.link_for(self.partner)
        self.author = current_user if self.link is None else None
        # What the team refused is the members' to correct: its sections fill their forms.
        self.draft = refused_drafts.draft_for(self.partner) if self.link is None else None
        self.draft_sections = overlay.sections_here(self.draft, self.head, request.endpoint,
                                                    request.view_args)
        self._laid_over: dict | None = None

    @property
    def snapshot(self) -> dict:
        """The listing as its editors see it (what forms are filled from and saves are built
        from): the head, with the draft's refused sections of this page laid over it."""
        if not self.draft_sections:
            return self.head.snapshot
        if self._laid_over is None:
            self._laid_over = overlay.laid_over(self.draft, self.head.snapshot, self.head.live,
                                                self.draft_sections)
        return self._laid_over

    @property
    def draft_note(self) -> overlay.Note | None:
        """The notice of a form filled with refused text, or None."""
        return overlay.note(self.draft, self.head.live, self.draft_sections) if self.draft_sections else None

    def draft_overview(self) -> overlay.Note | None:
        """The draft as the listing's overview shows it, or None."""
        return overlay.overview(self.draft, self.partner.slug, self.head.live) if self.draft else None

    def _corrected(self, revision) -> None:
        """A change sent through a reminder's link counts for that reminder's campaign."""
        if revision is not None and self.link is not None:
            links.corrected(self.link)

    def form_data(self, values: dict) -> dict | None:
        """What to fill a form with on GET (values and tokens); a POST is judged only on what
        was sent."""
        return {**values, **self.head.tokens} if request.method == "GET" else None

    def action_form(self) -> forms.ActionForm:
        """A button's form, carrying the head's tokens."""
        return forms.ActionForm(data=self.head.tokens)

    def page(self, template: str, form, **context):
        """The page of a form: 200, or 422 when a submitted form has errors."""
        status = 422 if form.is_submitted() else 200
        return render_template(template, partner=self.partner, form=form, snapshot=self.snapshot,
                               conflict=None, draft_note=self.draft_note, **context), status

    def refused(self, form, template: str, error: EditRefused, **context):
        """The form again, as typed, with the reason the save was refused."""
        return render_template(template, partner=self.partner, form=form, snapshot=self.snapshot,
                               conflict=None, refusal=str(error), draft_note=self.draft_note,
                               **context), error.status

    def save(self, form, build: Build, template: str, **context):
        """Propose the version `build` makes from the head: a redirect to the listing, or the
        form again as a conflict page (409) keeping what was typed."""
        version, revision_id = form.base()
        try:
            revision = moderation.propose_change(self.partner, build(self.snapshot), self.author,
                                                 version, revision_id, head=self.head, link=self.link)
        except moderation.EditConflict as conflict:
            db.session.rollback()
            try:
                theirs = moderation.diff_snapshots(conflict.current_snapshot,
                                                   build(conflict.current_snapshot))
            except (KeyError, IndexError):
                theirs = []
            form.base_version.data = conflict.base_version
            form.base_revision.data = conflict.base_revision_id or ""
            return render_template(template, partner=self.partner, form=form,
                                   conflict=presenters.changes(theirs),
                                   snapshot=conflict.current_snapshot, **context), 409
        except EditRefused as error:
            return self.refused(form, template, error, **context)
        self._corrected(revision)
        refused_drafts.settle(self.partner, self.draft_sections)  # sent again: out of the draft
        db.session.commit()
        if revision is None:
            flash(_("Rien n'a changé : votre fiche reste telle quelle."), "info")
        elif revision.status != APPLIED and self.partner.version != version:
            flash(_("Les fermetures et les horaires exceptionnels des sept prochains jours sont en "
                    "ligne. Le reste sera visible après sa validation par l'équipe du CCAS."), "success")
        elif revision.status == APPLIED:
            flash(_("C'est en ligne : votre modification est visible par tout le monde."), "success")
        else:
            flash(_("C'est enregistré. Votre modification sera visible après sa validation par "
                    "l'équipe du CCAS."), "success")
        return redirect(url_for("partners.listing", slug=self.partner.slug))

    def act(self, build: Build, back: str, done: str):
        """A button that changes one thing; pressed on a stale page, the page comes back with
        a notice and nothing changes."""
        form = forms.ActionForm()
        if not form.validate_on_submit():
            abort(400)
        version, revision_id = form.base()
        try:
            if not self.head.is_based_on(version, revision_id):
                raise self.head.conflict()
            try:
                new = build(self.snapshot)
            except (KeyError, IndexError):
                abort(404)
            revision = moderation.propose_change(self.partner, new, self.author, version, revision_id,
                                                 head=self.head, link=self.link)
        except moderation.EditConflict:
            db.session.rollback()
            flash(_("La fiche a été modifiée par quelqu'un d'autre pendant que vous la consultiez. "
                    "Voici la version actuelle : vérifiez, puis recommencez si besoin."), "error")
            return redirect(url_for(back, slug=self.partner.slug, conflit=1))
        except EditRefused as error:
            flash(str(error), "error")
            return redirect(url_for(back, slug=self.partner.slug))
        self._corrected(revision)
        db.session.commit()
        if revision is not None:
            urgent = revision.status == APPLIED or self.partner.version != version
            flash(done if urgent else
                  _("%(done)s La modification sera visible après sa validation par l'équipe du CCAS.",
                    done=done), "success")
        return redirect(url_for(back, slug=self.partner.slug))
