"""The directory's filters: a GET form without CSRF token, so that every result page has a shareable URL."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import Length

from app.reference.labels import LABELS
from app.reference.trades import TRADE_CHOICES, Commitment


class DirectoryForm(FlaskForm):
    """Trade, commitment and place filters."""

    class Meta:
        """A search form: no CSRF token in the URL."""

        csrf = False

    metier = SelectField("Métier", choices=[("", "Tous les métiers")] + list(TRADE_CHOICES), validate_choice=False)
    engagement = SelectField("Engagement", choices=[("", "Tous les engagements")] + Commitment.choices(),
                             validate_choice=False)
    lieu = StringField("Lieu", validators=[Length(max=100)])
    en_avant = BooleanField("Seulement les entreprises locales et responsables")
    label = SelectField("Label vérifié par la chambre", choices=[("", "Tous")] + [(m.code, m.name) for m in LABELS],
                        validate_choice=False)
    ouvert = BooleanField("Ouvert maintenant")
    formatrice = BooleanField("Seulement les entreprises formatrices (accueil d’apprentis)")
