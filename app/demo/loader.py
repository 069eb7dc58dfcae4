"""Idempotent loader for the demo data."""
from dataclasses import dataclass, field

from sqlalchemy import select

from app.demo.accounts import ACCOUNTS, DemoAccount
from app.extensions import db
from app.models import User


@dataclass
class LoadReport:
    """What `load_demo` did."""

    created: int = 0
    existing: int = 0
    accounts: tuple[DemoAccount, ...] = field(default=ACCOUNTS)


def load_demo() -> LoadReport:
    """Create every missing demo record; existing ones are left as they are."""
    from app.services.accounts import create_account

    report = LoadReport()
    for account in ACCOUNTS:
        if db.session.scalar(select(User).filter_by(email=account.email)):
            report.existing += 1
            continue
        create_account(email=account.email, password=account.password, role=account.role,
                       chamber_code=account.chamber, display_name=account.display_name, confirmed=True)
        report.created += 1
    return report
