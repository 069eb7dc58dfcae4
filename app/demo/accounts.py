"""Demo accounts: one per role at least, staff in three chambers."""
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoAccount:
    """A demo login printed by `make run`."""

    email: str
    password: str
    role: str
    display_name: str
    chamber: str | None = None
    title: str = ""  # as the README's table of demo accounts names it


ACCOUNTS = (
    DemoAccount("admin@passerelle-demo.fr", "Passerelle-Admin-2026!", "admin", "Claire Fontaine",
                title="Administratrice"),
    DemoAccount("conseiller.idf@passerelle-demo.fr", "Conseil-IDF-Relance-2026", "staff", "Karim Benali", "IDF",
                title="Conseiller CMA Île-de-France"),
    DemoAccount("conseillere.bretagne@passerelle-demo.fr", "Conseil-Bretagne-Relance-2026", "staff", "Maëlle Le Goff",
                "BRE", title="Conseillère CMA Bretagne"),
    DemoAccount("conseiller.ara@passerelle-demo.fr", "Conseil-ARA-Relance-2026", "staff", "Julien Perrin", "ARA",
                title="Conseiller CMA Auvergne-Rhône-Alpes"),
    DemoAccount("boulangerie.dupont@passerelle-demo.fr", "Fournil-Dupont-Paris-11", "artisan", "Marie Dupont",
                title="Artisane (boulangerie, Paris)"),
    DemoAccount("atelier.kerbrat@passerelle-demo.fr", "Copeaux-Kerbrat-Rennes-35", "artisan", "Yann Kerbrat",
                title="Artisan (ébéniste, Rennes)"),
    DemoAccount("patisserie.berthier@passerelle-demo.fr", "Chou-Berthier-Lyon-69", "artisan", "Sophie Berthier",
                title="Artisane (pâtisserie, Lyon)"),
    DemoAccount("gerant.gratte-ciel@passerelle-demo.fr", "Gratte-Ciel-Girard-69100", "artisan", "Thomas Girard",
                title="Artisan qui revendique son entreprise (pâtisserie, Villeurbanne)"),
    DemoAccount("lea.martin@passerelle-demo.fr", "Apprentie-Lea-Martin-2026", "apprentice", "Léa Martin",
                title="Apprentie"),
    DemoAccount("yanis.haddad@passerelle-demo.fr", "Apprenti-Yanis-Haddad-2026", "apprentice", "Yanis Haddad",
                title="Apprenti"),
    DemoAccount("studio.forme@passerelle-demo.fr", "Studio-Forme-Design-2026", "partner", "Studio Forme & Matière",
                title="Partenaire (studio de design)"),
)
