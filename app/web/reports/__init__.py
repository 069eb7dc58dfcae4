"""Public report form of a listing (endpoint `reports.new`), open to visitors and users alike."""
from flask import Blueprint

bp = Blueprint("reports", __name__)
