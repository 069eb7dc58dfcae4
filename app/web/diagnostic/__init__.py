"""The artisan's relaunch diagnostic (/espace-artisan/diagnostic): self-assessment, plan, request to the chamber."""
from flask import Blueprint

bp = Blueprint("diagnostic", __name__)
