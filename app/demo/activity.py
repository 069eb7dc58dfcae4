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

# (apprentice, offer title, message, later moves by the artisan as (status, message))
APPLICATIONS = (
    ("lea.martin@passerelle-demo.fr", "Apprentie pâtissière (H/F) – CAP Pâtissier",
     "Bonjour, passionnée de pâtisserie depuis toujours, je serais très heureuse d’apprendre à vos côtés.",
     [("viewed", None), ("interview", "Bonjour Léa, pouvez-vous passer au laboratoire mardi à 15 h ?")]),
    ("lea.martin@passerelle-demo.fr", "Apprenti chocolatier (H/F) – CAP Chocolatier confiseur",
     "Bonjour, le travail du chocolat me plaît beaucoup et je suis disponible dès septembre.", []),
    ("yanis.haddad@passerelle-demo.fr", "Apprenti boulanger (H/F) – CAP Boulanger",
     "Bonjour, je souhaite me former au métier de boulanger et les horaires du matin ne me font pas peur.",
     [("viewed", None)]),
)

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
