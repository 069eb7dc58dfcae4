"""Roles and permissions: the permission flags of each role, the view decorator, accounts created with the CLI."""
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.models import AnonymousUser, Permission, Role, User
from app.web._shared.permissions import permission_required

PASSWORD = "correct horse battery staple"


@pytest.fixture
def guarded(app):
    """A page only moderators may see, registered before the first request."""

    @permission_required(Permission.MODERATE)
    def moderation_probe():
        return "zone de modération"

    app.add_url_rule("/_essai/moderation", view_func=moderation_probe)
    return "/_essai/moderation"


def test_anonymous_visitor_is_sent_to_login(client, guarded):
    response = client.get(guarded)
    assert response.status_code == 302
    assert urlsplit(response.location).path == "/connexion"
    assert "next=%2F_essai%2Fmoderation" in response.location


@pytest.mark.parametrize("role", ["artisan", "apprentice", "partner"])
def test_wrong_role_gets_403(client, guarded, make_user, login, role):
    user = make_user(role)
    login(user.email)
    response = client.get(guarded)
    assert response.status_code == 403 and "Accès refusé" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_right_role_gets_the_page(client, guarded, make_user, login, role):
    user = make_user(role)
    login(user.email)
    assert client.get(guarded).get_data(as_text=True) == "zone de modération"


@pytest.mark.parametrize("permission", list(Permission))
def test_anonymous_user_can_do_nothing(permission):
    assert AnonymousUser().can(permission) is False


ALL = set(Permission)
EXPECTED = {
    Role.ARTISAN: {Permission.MANAGE_BUSINESS},
    Role.APPRENTICE: {Permission.APPLY},
    Role.PARTNER: {Permission.EXPRESS_INTEREST},
    Role.STAFF: {Permission.MODERATE, Permission.VERIFY_BUSINESSES},
    Role.ADMIN: {Permission.MODERATE, Permission.VERIFY_BUSINESSES, Permission.ADMINISTER},
}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_has_exactly_its_flags(make_user, role):
    user = make_user(role.value)
    assert {permission for permission in ALL if user.can(permission)} == EXPECTED[role]
    assert user.can(Permission(0)) is False


# --- flask users create -------------------------------------------------------------------------------------------

def create(runner, *args):
    """Run `flask users create` with the given options."""
    return runner.invoke(args=["users", "create", *args])


@pytest.mark.parametrize("role, extra", [("artisan", []), ("apprentice", []), ("partner", []),
                                         ("staff", ["--chamber", "occ"]), ("admin", [])])
def test_cli_creates_each_role(runner, db, role, extra):
    result = create(runner, "--email", f"{role}@Exemple.fr", "--password", PASSWORD, "--role", role, *extra)
    assert result.exit_code == 0, result.output
    assert "Compte créé" in result.output
    user = db.session.scalar(select(User).filter_by(email=f"{role}@exemple.fr"))
    assert user.role == Role(role) and user.email_confirmed
    assert user.chamber_code == ("OCC" if role == "staff" else None)


@pytest.mark.parametrize("args, message", [
    (["--role", "staff"], "doit être rattaché à une chambre"),
    (["--role", "staff", "--chamber", "XYZ"], "Chambre inconnue"),
    (["--role", "artisan", "--chamber", "IDF"], "Seuls les conseillers de chambre"),
    (["--role", "artisan", "--password", "motdepasse123"], "trop facile à deviner"),
    (["--role", "artisan", "--password", "court"], "au moins 12 caractères"),
    (["--role", "artisan", "--email", "pas-une-adresse"], "adresse électronique valide"),
])
def test_cli_refuses_bad_accounts_in_french(runner, db, args, message):
    options = {"--email": "nouveau@exemple.fr", "--password": PASSWORD}
    for name, value in zip(args[::2], args[1::2]):
        options[name] = value
    result = create(runner, *[item for pair in options.items() for item in pair])
    assert result.exit_code != 0
    assert message in result.output
    assert db.session.scalar(select(User)) is None


def test_cli_refuses_duplicate_email(runner, make_user):
    make_user("artisan", email="deja@exemple.fr")
    result = create(runner, "--email", "DEJA@exemple.fr", "--password", PASSWORD, "--role", "partner")
    assert result.exit_code != 0 and "Un compte existe déjà" in result.output


def test_cli_refuses_unknown_role(runner):
    result = create(runner, "--email", "x@exemple.fr", "--password", PASSWORD, "--role", "superuser")
    assert result.exit_code != 0
