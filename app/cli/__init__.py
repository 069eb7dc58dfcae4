"""The `flask` command groups of Passerelle."""
from flask import Flask


def register(app: Flask) -> None:
    """Add every command group to the app's CLI."""
    from app.cli.demo import demo_cli
    from app.cli.listings import listings_cli
    from app.cli.mail import mail_cli
    from app.cli.users import users_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(listings_cli)
