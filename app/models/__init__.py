"""SQLAlchemy models: importing this package registers every table."""
from app.models.application import Application, ApplicationEvent, ApplicationNote
from app.models.application_states import ApplicationStatus, InterestStatus
from app.models.business import Business
from app.models.candidate import CandidateProfile, CvFile
from app.models.claim import BusinessClaim, ClaimMethod, ClaimStatus
from app.models.conversation import Delivery, Message, Side, Thread
from app.models.diagnostic import Assessment, DiagnosticNote, DiagnosticRequest  # noqa: F401
from app.models.form_token import UsedFormToken  # noqa: F401
from app.models.interest import Interest, InterestEvent
from app.models.interview import Interview, InterviewMode, InterviewSlot, InterviewStatus
from app.models.label import BusinessLabel, LabelStatus
from app.models.listing import LISTING_CLASSES, Listing, Offer, Project
from app.models.listing_states import ListingStatus
from app.models.mail import OutgoingMail  # noqa: F401
from app.models.moderation import AuditEntry, BusinessCheck, Report, ReportReason, ReportStatus
from app.models.notification import Notification
from app.models.saved_search import AlertFrequency, SavedSearch, SentAlertItem
from app.models.search_outbox import SearchOutboxEntry
from app.models.security_log import SecurityEvent
from app.models.storefront import BusinessClosure, BusinessPhoto
from app.models.training import (  # noqa: F401
    Favourite,
    SpontaneousApplication,
    SpontaneousLatch,
    SpontaneousQuota,
    TrainingProfile,
)
from app.models.user import AnonymousUser, Permission, Role, User

__all__ = ["AnonymousUser", "Permission", "Role", "User", "Business", "LISTING_CLASSES", "Listing", "ListingStatus",
           "Offer", "Project",
           "Application", "ApplicationEvent", "ApplicationNote", "ApplicationStatus", "CandidateProfile", "CvFile",
           "Interest", "InterestEvent", "InterestStatus", "Notification",
           "AuditEntry", "BusinessCheck", "Report", "ReportReason", "ReportStatus", "SearchOutboxEntry",
           "AlertFrequency", "SavedSearch", "SentAlertItem", "BusinessClaim", "ClaimMethod", "ClaimStatus",
           "Delivery", "Message", "Side", "Thread", "Interview", "InterviewMode", "InterviewSlot", "InterviewStatus",
           "BusinessLabel", "LabelStatus", "BusinessClosure", "BusinessPhoto"]
