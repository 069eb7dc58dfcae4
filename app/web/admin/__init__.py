"""Administration (/admin): chamber staff accounts and roles, moving a business to another territory."""
from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")
