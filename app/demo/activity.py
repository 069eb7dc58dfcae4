"""Demo activity: apprentice profiles with a CV, applications at several stages, a partner's proposal."""
import io
from datetime import date

from werkzeug.datastructures import FileStorage

PROFILES = {
    "lea.martin@passerelle-demo.fr": {
        "first_name": "Léa", "last_name": "Martin", "birth_date": date(2009, 3, 14), "postcode": "69007",
        "travel_radius_km": 20, "trades": ["patissier", "chocolatier"], "diploma": "CAP",
        "presentation": "En troisième prépa-métiers, j’ai fait deux stages en pâtisserie et je veux préparer le CAP "
                        "en apprentissage à Lyon.",
    },
    "yanis.haddad@passerelle-demo.fr": {
        "first_name": "Yanis", "last_name": "Haddad", "birth_date": date(2006, 11, 2), "postcode": "75020",
        "travel_radius_km": 15, "trades": ["boulanger", "ebeniste"], "diploma": "CAP",
        "presentation": "Titulaire d’un bac général, je me reconvertis dans la boulangerie : levée à 4 h, pas de "
                        "problème !",
    },
}

# (apprentice, offer title or import external_id, message, later moves by the artisan as (status, message))
APPLICATIONS = (
    ("lea.martin@passerelle-demo.fr", "Apprentie pâtissière (H/F) – CAP Pâtissier",
     "Bonjour, passionnée de pâtisserie depuis toujours, je serais très heureuse d’apprendre à vos côtés.",
     [("viewed", None), ("interview", "Bonjour Léa, pouvez-vous passer au laboratoire mardi à 15 h ?")]),
    ("lea.martin@passerelle-demo.fr", "Apprenti chocolatier (H/F) – CAP Chocolatier confiseur",
     "Bonjour, le travail du chocolat me plaît beaucoup et je suis disponible dès septembre.", []),
    ("yanis.haddad@passerelle-demo.fr", "Apprenti boulanger (H/F) – CAP Boulanger",
     "Bonjour, je souhaite me former au métier de boulanger et les horaires du matin ne me font pas peur.",
     [("viewed", None)]),
    # An imported business without an account: this one reaches its listing's contact address, with a signed link.
    ("yanis.haddad@passerelle-demo.fr", "demo-idf-0001",
     "Bonjour, j’ai commencé à restaurer des meubles chez moi et je rêve d’apprendre la marqueterie.", []),
    # No account and no contact address: this one waits in the chamber's queue (CMA Auvergne-Rhône-Alpes).
    ("lea.martin@passerelle-demo.fr", "demo-ara-0003",
     "Bonjour, j’habite à côté du métro Gratte-Ciel et les entremets me passionnent.", []),
)

# The thread of Léa's application at the Lyon pastry: (who writes, text), after the interview proposal.
THREAD = ("lea.martin@passerelle-demo.fr", "Apprentie pâtissière (H/F) – CAP Pâtissier", (
    ("applicant", "Bonjour, merci beaucoup ! Le premier créneau me convient très bien. Dois-je apporter une tenue ?"),
    ("owner", "Bonjour Léa, une tenue propre et des chaussures fermées suffisent. Le laboratoire est au fond de la "
              "cour. À bientôt !"),
    ("applicant", "Très bien, à bientôt !"),
))

# A claim waiting in the chamber's queue: (claimant, business SIRET, what they tell the chamber).
CLAIM = ("gerant.gratte-ciel@passerelle-demo.fr", "08246281300005",
         "Je suis le gérant de la Pâtisserie des Gratte-Ciel depuis 2019 (RM 082 462 813 RM 692). Vous pouvez me "
         "joindre au 04 78 00 00 00 ; notre ancienne adresse électronique n’existe plus.")

INTEREST = ("studio.forme@passerelle-demo.fr",
            "Mobilier en chêne breton et lin : nous cherchons un ou une designer",
            "Notre studio dessine du mobilier en bois local depuis dix ans ; nous aimerions travailler avec vous.",
            ["design", "reseau"], "Deux designers, un prototypiste et nos contacts chez les éditeurs.")


def demo_cv(name: str) -> FileStorage:
    """A tiny but valid one-page PDF standing for a CV."""
    body = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
            b"trailer<</Root 1 0 R>>\nstartxref\n0\n%%EOF\n")
    return FileStorage(stream=io.BytesIO(body), filename=f"CV {name}.pdf", content_type="application/pdf")
