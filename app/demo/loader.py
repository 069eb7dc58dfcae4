"""Idempotent loader for the demo data: accounts, owned businesses with their listings, and a chamber board."""
import json
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from app.demo.accounts import ACCOUNTS, DemoAccount
from app.demo.activity import APPLICATIONS, INTEREST, PROFILES, demo_cv
from app.demo.board import BOARD
from app.demo.conversations import load_conversations
from app.demo.diagnostics import load_diagnostics
from app.demo.owned import DECISION_TEXTS, OWNED
from app.demo.storefronts import load_storefronts
from app.demo.training import load_training
from app.extensions import db
from app.models import User
from app.models.listing import Listing
from app.models.listing_states import SYSTEM
from app.services.accounts.users import create_account
from app.services.businesses.profiles import business_by_siret, create_business
from app.services.listings.importer import import_lines
from app.services.listings.lifecycle import create_offer, create_project, transition
from app.services.responses import applications
from app.services.responses import candidate_profiles as candidates
from app.services.responses import interests


@dataclass
class LoadReport:
    """What `load_demo` did."""

    created: int = 0
    existing: int = 0
    accounts: tuple[DemoAccount, ...] = field(default=ACCOUNTS)


def load_demo() -> LoadReport:
    """Create every missing demo record; existing ones are left as they are."""
    report = LoadReport()
    _load_accounts(report)
    _load_owned(report)
    _load_board(report)
    _load_activity(report)
    report.created += load_conversations()
    report.created += load_diagnostics()
    report.created += load_storefronts()
    report.created += load_training()
    return report


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).filter_by(email=email))


def _load_accounts(report: LoadReport) -> None:

    for account in ACCOUNTS:
        if _user(account.email):
            report.existing += 1
            continue
        create_account(email=account.email, password=account.password, role=account.role,
                       chamber_code=account.chamber, display_name=account.display_name, confirmed=True)
        report.created += 1


def _staff_for(business) -> User:
    """The demo staff member of the business's chamber (the admin when none)."""
    chamber = business.chamber
    staff = next((a for a in ACCOUNTS if a.role == "staff" and chamber and a.chamber == chamber.code), None)
    return _user(staff.email if staff else ACCOUNTS[0].email)


def _load_owned(report: LoadReport) -> None:

    for entry in OWNED:
        if business_by_siret(entry["business"]["siret"]):
            report.existing += 1
            continue
        owner = _user(entry["owner"])
        business = create_business(owner, **entry["business"])
        report.created += 1
        actors = {"owner": owner, "staff": _staff_for(business), "system": SYSTEM}
        for kind, fields, steps in entry["listings"]:
            listing = (create_offer if kind == "offer" else create_project)(business, owner, **fields)
            for action, who in steps:
                now = listing.expires_at + timedelta(days=1) if action == "expire" else None
                transition(listing, action, actors[who], now=now, **DECISION_TEXTS.get(action, {}))
            report.created += 1


def _load_board(report: LoadReport) -> None:

    known = set(db.session.scalars(select(Listing.external_id).where(Listing.external_id.is_not(None))))
    lines = [json.dumps(record, ensure_ascii=False) for record in BOARD if record["external_id"] not in known]
    report.existing += len(BOARD) - len(lines)
    if lines:
        result = import_lines(lines)
        if result.rejected:
            raise RuntimeError(f"demo board rejected: {result.errors}")
        report.created += result.imported


def _listing(key: str) -> Listing | None:
    """The listing imported with this external_id, else the first one with this title."""
    return (db.session.scalar(select(Listing).filter_by(external_id=key))
            or db.session.scalar(select(Listing).filter_by(title=key).order_by(Listing.id)))


def _load_activity(report: LoadReport) -> None:

    for email, fields in PROFILES.items():
        user = _user(email)
        if candidates.get_profile(user) is None:
            candidates.save_profile(user, cv_upload=demo_cv(fields["first_name"]), **fields)
            report.created += 1
    for email, title, message, moves in APPLICATIONS:
        candidate, offer = _user(email), _listing(title)
        if applications.existing_application(offer, candidate) is not None:
            report.existing += 1
            continue
        application = applications.apply(offer, candidate, message=message,
                                         answers=["Oui."] * len(offer.questions or []))
        for status, text in moves:
            applications.change_status(application, offer.owner, status, message=text)
        report.created += 1
    email, title, message, contributions, text = INTEREST
    partner, project = _user(email), _listing(title)
    if interests.existing_interest(project, partner) is None:
        interests.express_interest(project, partner, message=message, contributions=contributions,
                                   contribution_text=text)
        report.created += 1
