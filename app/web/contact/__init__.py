"""The contact-link pages (/contact/<token>): a business without an account reads and answers an application or a
proposal sent to its contact address; also the template globals that say who receives what is sent."""
from flask import Blueprint

from app.services.conversations import routing

bp = Blueprint("contact", __name__)

bp.add_app_template_global(routing.recipient_for, "recipient_for")
bp.add_app_template_global(routing.UNREACHABLE, "UNREACHABLE")
bp.add_app_template_global(routing.where_it_is, "where_it_is")
bp.add_app_template_global(routing.withdrawal_notice, "withdrawal_notice")
