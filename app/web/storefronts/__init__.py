"""Storefronts (issue 18): the artisan's storefront and labels, the visitor's message, vCard and poster, staff review."""
from flask import Blueprint

bp = Blueprint("storefronts", __name__)
