"""Accounts: sign-up, confirmation, login, logout, password reset and change, the account page."""
from flask import Blueprint

bp = Blueprint("auth", __name__)
