"""Status moves of applications and proposals made once, even when two requests (a double click) race."""
from sqlalchemy import update

from app.extensions import db
from app.models.application_states import InvalidMove


class AlreadyMoved(InvalidMove):
    """The same move was just made (a form posted twice): it is recorded and its mail sent once, not again."""

    default_message = "Ce changement de statut est déjà enregistré."


def take_move(item, target) -> bool:
    """Move `item` from the status it was read in to `target`, unless another request moved it first.

    Two clicks sent together both read the old status; only the first UPDATE still matches it, so only that request
    records the event and sends the mail. On False, `item` holds the status the other request left.
    """
    model = type(item)
    result = db.session.execute(
        update(model).where(model.id == item.id, model.status == item.status).values(status=target),
        execution_options={"synchronize_session": False})
    if result.rowcount == 1:
        return True
    db.session.refresh(item)
    return False
