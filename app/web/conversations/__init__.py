"""Conversations: the thread form and partial shared by the application and proposal pages, and reporting a message."""
from flask import Blueprint

bp = Blueprint("conversations", __name__)
