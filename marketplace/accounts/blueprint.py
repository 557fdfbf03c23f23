"""The accounts blueprints: self-service (`accounts`) and administration of users (`users_admin`)."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)
admin_bp = Blueprint("users_admin", __name__, url_prefix="/admin/users")
