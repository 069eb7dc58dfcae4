"""The permission decorator of views (object-level rules live in app.services.access)."""
from functools import wraps

from flask import abort
from flask_login import current_user

from app.extensions import login_manager
from app.models import Permission


def permission_required(permission: Permission):
    """Allow the view only to signed-in users whose role grants `permission` (403 otherwise)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.can(permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
