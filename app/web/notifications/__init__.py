"""In-site notifications: the list, opening one, « Tout marquer comme lu », and the unread counter in the nav."""
from flask import Blueprint

bp = Blueprint("notifications", __name__)
