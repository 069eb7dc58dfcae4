"""Where each role's work is: the page a user lands on after signing in, and the home page's next step."""
from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from app.services.responses.applications import candidate_applications


@dataclass(frozen=True)
class NextStep:
    """The home page's call to action for a signed-in user."""

    title: str
    text: str
    label: str
    url: str


def next_step(user) -> NextStep:
    """The next thing a signed-in user has to do, by role (their account while the address is unconfirmed)."""
    if not user.email_confirmed:
        return NextStep("Confirmez votre adresse électronique", "Ouvrez le lien reçu par e-mail ou demandez-en un "
                        "nouveau depuis votre compte.", "Aller à mon compte", url_for("auth.account"))
    if user.role == "artisan":
        return NextStep("Votre espace artisan", "Publiez vos offres et vos projets, répondez aux candidatures et aux "
                        "propositions.", "Aller à mon espace artisan", url_for("artisan.dashboard"))
    if user.role == "apprentice":
        if candidate_applications(user):
            return NextStep("Vos candidatures", "Voyez où en est chacune de vos candidatures.",
                            "Suivre mes candidatures", url_for("candidate.applications"))
        return NextStep("Trouvez votre apprentissage", "Cherchez une offre d’alternance près de chez vous, dans le "
                        "métier qui vous attire.", "Chercher une offre", url_for("search_pages.search", type="offer"))
    if user.role == "partner":
        return NextStep("Les projets des artisans", "Découvrez les projets d’innovation qui cherchent un partenaire "
                        "comme vous.", "Voir les projets", url_for("search_pages.search", type="project"))
    if user.role == "staff":
        return NextStep("Votre file de relecture", "Relisez les annonces de votre territoire et traitez les "
                        "signalements.", "Aller à la modération", url_for("moderation.queue"))
    if user.role == "admin":
        return NextStep("Administration", "Gérez les conseillers, les chambres et les entreprises.",
                        "Aller à l’administration", url_for("admin.index"))
    return NextStep("Votre compte", "Vos informations et vos réglages.", "Aller à mon compte", url_for("auth.account"))


def landing_page(user) -> str:
    """Where a user who just signed in without a `next` lands: where their next step is."""
    return next_step(user).url
