"""The partner's pages: proposing help for a project and following proposals (« Mes propositions »)."""
from flask import Blueprint

bp = Blueprint("partner", __name__)
