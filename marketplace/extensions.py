"""Flask extensions, created unbound; `create_app` binds them to an application."""

from flask_babel import Babel
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from marketplace.accounts.login_manager import BrowserBoundLoginManager
from marketplace.api.problem_api import ProblemApi
from marketplace.database import Base, include_in_migrations

db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True, include_object=include_in_migrations)
login_manager = BrowserBoundLoginManager()
csrf = CSRFProtect()
babel = Babel()
bootstrap = Bootstrap5()
limiter = Limiter(key_func=get_remote_address)
api = ProblemApi()
