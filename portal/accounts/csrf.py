"""Forms that survive a lost CSRF token: shown again with what was typed and a fresh token.

A token lives as long as the session (WTF_CSRF_TIME_LIMIT is None), so a form left open for
hours still sends. When the session itself is gone (browser restarted, cookies cleared, a new
secret key), the global check would answer a bare error page and the typed text would be lost.
A view marked `keeps_typed_text` is left out of that global check: its form checks the token
itself, refuses it like any other mistake, and the view shows the form again with what was
typed and a fresh token; this module adds the explanation.

Only for views that write nothing unless `form.validate_on_submit()` is true: they are exactly
as protected as before.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import current_app, flash, g, request
from flask_wtf.csrf import validate_csrf
from wtforms import ValidationError

from portal.extensions import csrf
from portal.i18n import _


def keeps_typed_text(view: Callable) -> Callable:
    """Decorator (right under the route): a refused token shows the form again, not an error."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        config = current_app.config
        name = config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
        if config.get("WTF_CSRF_ENABLED", True) and request.method in config["WTF_CSRF_METHODS"]:
            try:
                validate_csrf(request.form.get(name))
            except ValidationError:
                # The page's fresh token must be made from this session, not reused from `g`.
                g.pop(name, None)
                flash(_("Ce formulaire était resté ouvert trop longtemps et n'a pas été envoyé. "
                        "Vérifiez ce que vous aviez saisi, puis envoyez-le à nouveau."), "error")
        return view(*args, **kwargs)

    csrf.exempt(wrapped)
    return wrapped
