"""Claiming a business (/espace-artisan/revendiquer): find it, prove it by a code or ask the chamber, follow the claim."""
from flask import Blueprint

bp = Blueprint("claims", __name__)
