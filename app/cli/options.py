"""Options shared by several `flask` commands."""
from datetime import date, datetime, timezone

import click

NOW_ERROR = "date ISO attendue, par exemple 2027-01-31 ou 2027-01-31T12:00:00"


class Moment(click.ParamType):
    """An ISO date or date-time, as an aware datetime (UTC when no offset is given; a date means its midnight)."""

    name = "DATE"

    def convert(self, value, param, ctx) -> datetime | None:
        """Parse the value, or fail with the French usage error (exit status 2); an empty value means now."""
        if value in (None, ""):
            return None
        if isinstance(value, datetime):
            moment = value
        else:
            try:
                moment = datetime.fromisoformat(value)
            except ValueError:
                try:
                    moment = datetime.combine(date.fromisoformat(value), datetime.min.time())
                except ValueError:
                    self.fail(NOW_ERROR, param, ctx)
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


MOMENT = Moment()


def now_option(help_text: str = "Date et heure de référence ISO 8601, en UTC sans décalage (pour les essais ; "
                                "maintenant par défaut)."):
    """The `--now DATE` option of the commands that act on what is due: None (now) unless given."""
    return click.option("--now", "now", type=MOMENT, default=None, metavar="DATE", help=help_text)
