"""Views of the notifications; reading state changes only through POST."""
from flask import jsonify, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.services.messaging import notifications
from app.web.auth.routes import safe_next
from app.web.candidate.forms import ConfirmForm
from app.web.notifications import bp


@bp.app_context_processor
def unread_notifications() -> dict:
    """The signed-in user's unread count, for the counter in the nav."""
    def count() -> int:
        return notifications.unread_count(current_user)

    return {"unread_notifications": count}


@bp.route("/notifications")
@login_required
def index():
    """The user's latest notifications, unread first in bold."""
    return render_template("notifications/index.html", notifications=notifications.recent(current_user),
                           form=ConfirmForm())


@bp.route("/notifications/compteur")
@login_required
def counter():
    """The unread count as JSON (for a script that refreshes the nav)."""
    return jsonify({"unread": notifications.unread_count(current_user)})


@bp.route("/notifications/<int:notification_id>/ouvrir", methods=["POST"])
@login_required
def open_notification(notification_id: int):
    """Mark a notification read and follow its link."""
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("notifications.index"))
    target = notifications.open_notification(notification_id, current_user)
    return redirect(safe_next(target) or url_for("notifications.index"))


@bp.route("/notifications/tout-lu", methods=["POST"])
@login_required
def mark_all_read():
    """« Tout marquer comme lu »."""
    if ConfirmForm().validate_on_submit():
        notifications.mark_all_read(current_user)
    return redirect(url_for("notifications.index"))
