"""« Combien coûte un apprenti ? » and « Combien vais-je gagner ? »: the apprenticeship pay and aid simulator."""
from flask import Blueprint

bp = Blueprint("simulator", __name__)
