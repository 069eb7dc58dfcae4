"""SQLAlchemy models: importing this package registers every table."""
from app.models.user import AnonymousUser, Permission, Role, User

__all__ = ["AnonymousUser", "Permission", "Role", "User"]
