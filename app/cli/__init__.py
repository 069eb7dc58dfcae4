"""The `flask` command groups of Passerelle."""
from flask import Flask


def register(app: Flask) -> None:
    """Add every command group to the app's CLI."""
    from app.cli.accounts import accounts_cli
    from app.cli.alerts import alerts_cli
    from app.cli.backup import backup_command, restore_command
    from app.cli.demo import demo_cli
    from app.cli.diagnostics import diagnostics_cli
    from app.cli.interviews import interviews_cli
    from app.cli.labels import labels_cli
    from app.cli.listings import listings_cli
    from app.cli.mail import mail_cli
    from app.cli.messages import messages_cli
    from app.cli.purge import purge_command
    from app.cli.search import search_cli
    from app.cli.uploads import uploads_cli
    from app.cli.users import users_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(diagnostics_cli)
    app.cli.add_command(listings_cli)
    app.cli.add_command(purge_command)
    app.cli.add_command(search_cli)
    app.cli.add_command(alerts_cli)
    app.cli.add_command(messages_cli)
    app.cli.add_command(interviews_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(uploads_cli)
    app.cli.add_command(accounts_cli)
    app.cli.add_command(labels_cli)
