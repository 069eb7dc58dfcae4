"""Training businesses (issue 16): training profile, spontaneous applications and their threads, favourites."""
from flask import Blueprint

bp = Blueprint("training", __name__)
