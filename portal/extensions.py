"""Flask extensions, created unbound and initialised in create_app()."""

from flask import current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from portal.db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address)


@limiter.request_filter
def _rate_limits_off() -> bool:
    # Flask-Limiter's own switch lives on this shared object, so one application built
    # without limits would silence every other one in the process (tests build several);
    # the portal's switch is read from each application's config instead.
    return not current_app.config.get("PORTAL_RATE_LIMITS", True)
