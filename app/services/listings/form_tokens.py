"""One-time form tokens: the action of a form posted twice (a double click, a page sent again) is done once."""
import secrets
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import IntegrityError

from app.core.errors import Conflict
from app.core.transaction import use_case
from app.extensions import db
from app.models.form_token import UsedFormToken

T = TypeVar("T")
TOKEN_MAX = 64


class AlreadyDone(Conflict):
    """The form was already sent with this token: its action is done."""

    default_message = "Ce formulaire a déjà été envoyé : il n’a été pris en compte qu’une fois."


def new_token() -> str:
    """A fresh token for a form about to be shown."""
    return secrets.token_urlsafe(24)


@use_case
def once(token: str | None, action: Callable[[], T]) -> T:
    """Run `action` in the transaction that uses up `token`; AlreadyDone when it was used before (no token: run)."""
    if token:
        db.session.add(UsedFormToken(token=token[:TOKEN_MAX]))
        try:
            db.session.flush()
        except IntegrityError:
            raise AlreadyDone() from None
    return action()
