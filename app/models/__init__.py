"""SQLAlchemy models: importing this package registers every table."""
from app.models.business import Business
from app.models.listing import LISTING_CLASSES, Listing, Offer, Project
from app.models.listing_states import ListingStatus
from app.models.mail import OutgoingMail  # noqa: F401
from app.models.user import AnonymousUser, Permission, Role, User

__all__ = ["AnonymousUser", "Permission", "Role", "User", "Business", "LISTING_CLASSES", "Listing", "ListingStatus",
           "Offer", "Project"]
