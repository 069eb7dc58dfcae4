"""Views of the conversations: reporting a message to the chamber; the unread count of the navigation."""
from flask import g
from flask_login import current_user

from app.services.conversations import threads
from app.web.conversations import bp


@bp.app_context_processor
def unread_messages() -> dict:
    """The signed-in user's unread messages, counted once per request, for the counter in the nav."""
    def count() -> int:
        if "unread_messages" not in g:
            g.unread_messages = threads.unread_count(current_user)
        return g.unread_messages

    return {"unread_messages": count}
