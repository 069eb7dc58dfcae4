"""The chamber's « Messages signalés » page: each reported message alone (never the rest of its thread), with its
author's side and listing, and the two decisions: hide the message, or close the report."""
from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.core.errors import Conflict
from app.models import Permission
from app.services.conversations import message_reports
from app.services.moderation import review as moderation
from app.web._shared.permissions import permission_required
from app.web.candidate.forms import ConfirmForm
from app.web.moderation import bp

DECISIONS = {"hide": "Message masqué : aucune des deux parties ne le voit plus.",
             "close": "Signalement classé sans suite : le message reste visible."}


@bp.route("/messages-signales", endpoint="reported_messages")
@permission_required(Permission.MODERATE)
def reported_messages_page():
    """Open reports of messages in the user's territory, oldest first."""
    chamber = request.args.get("chambre") or None
    return render_template("moderation/messages.html", chamber=chamber, chambers=moderation.chamber_choices(),
                           items=message_reports.reported_messages(current_user, chamber), form=ConfirmForm())


@bp.route("/messages-signales/<int:message_id>/<decision>", methods=["POST"], endpoint="decide_message")
@permission_required(Permission.MODERATE)
def decide_message(message_id: int, decision: str):
    """« Masquer le message » (hide) or « Classer sans suite » (close), recorded in the audit log."""
    message_reports.reported_for_staff(message_id, current_user)  # 404 / 403 before reading the form
    if decision not in DECISIONS:
        return redirect(url_for("moderation.reported_messages"))
    if ConfirmForm().validate_on_submit():
        try:
            message_reports.decide(message_id, current_user._get_current_object(), decision)
        except Conflict as error:
            flash(str(error), "info")
        else:
            flash(DECISIONS[decision], "success")
    return redirect(url_for("moderation.reported_messages"))
