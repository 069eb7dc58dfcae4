"""Demo businesses owned by the demo artisans, with listings taken through the real lifecycle."""

# Each step is (action, actor) where actor is "owner", "staff" (of the territory) or "system";
# messages and reasons go with the staff decisions that need them.
OWNED = (
    {
        "owner": "boulangerie.dupont@passerelle-demo.fr",
        "business": {
            "siret": "52601815500006", "name": "Boulangerie Dupont", "postcode": "75011", "commune": "Paris 11e",
            "address_line": "42 rue de la Roquette", "naf_code": "1071C", "trades": ["boulanger", "patissier"],
            "description": "Boulangerie de quartier depuis 1987 : pains au levain naturel, farines d’Île-de-France "
                           "moulues sur meule de pierre, viennoiseries pur beurre faites chaque matin.",
            "website": "https://boulangerie-dupont.example.fr",
            "commitments": ["circuit-court", "accueil-apprentis", "zero-dechet"],
        },
        "listings": [
            ("offer", {"title": "Apprenti boulanger (H/F) – CAP Boulanger", "trade": "boulanger", "diploma": "CAP",
                       "contract": "apprentissage", "duration_months": 24, "start_date": "2027-09-01",
                       "rhythm": "2 semaines en entreprise, 1 semaine au CFA", "weekly_hours": 35, "positions": 1,
                       "description": "Vous apprendrez tout le métier à nos côtés : pétrissage, façonnage, levain, "
                                      "cuisson au four à sole. Horaires du matin (début à 5 h), deux jours de repos "
                                      "consécutifs. Équipe de 6 personnes, ambiance familiale.",
                       "questions": ["Pourquoi le métier de boulanger vous attire-t-il ?"]},
             [("submit", "owner"), ("publish", "staff")]),
            ("offer", {"title": "Apprentie vendeuse en boulangerie (H/F) – CAP Équipier polyvalent du commerce",
                       "trade": "boulanger", "diploma": "CAP", "contract": "apprentissage", "duration_months": 24,
                       "description": "Accueil des clients, conseil, mise en valeur des produits et tenue de la "
                                      "caisse dans une boulangerie très fréquentée du 11e arrondissement."},
             [("submit", "owner")]),
            ("offer", {"title": "Apprenti pâtissier (H/F) – CAP Pâtissier", "trade": "patissier", "diploma": "CAP",
                       "contract": "apprentissage", "duration_months": 24,
                       "description": "Entremets, tartes de saison, pâte à choux et viennoiserie : vous "
                                      "travaillerez avec notre cheffe pâtissière sur toute la gamme."},
             []),
            ("offer", {"title": "Boulanger en BP – contrat de professionnalisation", "trade": "boulanger",
                       "diploma": "BP", "contract": "professionnalisation", "duration_months": 12,
                       "description": "Pour un titulaire du CAP qui veut passer le brevet professionnel et prendre "
                                      "des responsabilités en production."},
             [("submit", "owner"), ("publish", "staff"), ("fill", "owner")]),
            ("project", {"title": "Un four à pain électrique basse consommation pour le quartier",
                         "summary": "Remplacer notre four au fioul par un four électrique à accumulation.",
                         "description": "Nous cherchons un laboratoire ou une école d’ingénieurs pour mesurer la "
                                        "consommation réelle et un financeur pour l’investissement.",
                         "category": "eco-conception", "stage": "idee",
                         "partner_types": ["laboratoire", "financeur"], "budget_min": 40000, "budget_max": 60000},
             [("submit", "owner"), ("publish", "staff")]),
        ],
    },
    {
        "owner": "atelier.kerbrat@passerelle-demo.fr",
        "business": {
            "siret": "90830166600008", "name": "Atelier Kerbrat", "postcode": "35000", "commune": "Rennes",
            "address_line": "8 rue de Saint-Malo", "naf_code": "3109B", "trades": ["ebeniste", "menuisier"],
            "description": "Ébénisterie et menuiserie d’agencement : mobilier sur mesure en chêne et châtaignier de "
                           "Bretagne, restauration de meubles anciens.",
            "commitments": ["materiaux-locaux", "reparation-reemploi", "fabrication-francaise"],
        },
        "listings": [
            ("offer", {"title": "Apprenti ébéniste (H/F) – CAP Ébéniste", "trade": "ebeniste", "diploma": "CAP",
                       "contract": "apprentissage", "duration_months": 24, "start_date": "2027-09-06",
                       "rhythm": "3 semaines à l’atelier, 1 semaine au CFA", "weekly_hours": 35,
                       "disability_friendly": True,
                       "description": "Débit, corroyage, assemblages traditionnels, placage et finitions vernis "
                                      "ou huile : vous fabriquerez de vraies pièces dès la première année."},
             [("submit", "owner"), ("publish", "staff")]),
            ("offer", {"title": "Apprenti menuisier agenceur (H/F) – BP Menuisier", "trade": "menuisier",
                       "diploma": "BP", "contract": "apprentissage", "duration_months": 24,
                       "description": "Fabrication et pose d’agencements : cuisines, bibliothèques, dressings. "
                                      "Permis B apprécié pour les chantiers autour de Rennes."},
             [("submit", "owner"), ("request_changes", "staff")]),
            ("offer", {"title": "Menuisier débutant sans diplôme", "trade": "menuisier", "diploma": "CAP",
                       "contract": "apprentissage", "duration_months": 12,
                       "description": "Annonce déposée par erreur pour un poste salarié, pas pour un apprentissage."},
             [("submit", "owner"), ("reject", "staff")]),
            ("project", {"title": "Mobilier en chêne breton et lin : nous cherchons un ou une designer",
                         "summary": "Créer une petite collection de chaises et de tables en bois et fibres locales.",
                         "description": "Nous voulons dessiner avec un designer une collection courte, fabriquée à "
                                        "Rennes avec du chêne et du lin bretons, et la présenter au salon Maison&Objet.",
                         "category": "nouveau-produit", "stage": "prototype",
                         "partner_types": ["designer", "distributeur"], "location": "Rennes"},
             [("submit", "owner"), ("publish", "staff")]),
            ("project", {"title": "Boutique en ligne pour les meubles restaurés",
                         "summary": "Vendre en ligne les meubles anciens que nous restaurons.",
                         "description": "Nous cherchons une équipe d’étudiants en numérique pour construire une "
                                        "boutique en ligne simple, avec photos et retrait à l’atelier.",
                         "category": "numerique", "stage": "idee", "partner_types": ["etudiants", "numerique"]},
             [("submit", "owner")]),
        ],
    },
    {
        "owner": "patisserie.berthier@passerelle-demo.fr",
        "business": {
            "siret": "13186091800005", "name": "Pâtisserie Berthier", "postcode": "69003", "commune": "Lyon 3e",
            "address_line": "15 cours Gambetta", "naf_code": "1071D", "trades": ["patissier", "chocolatier"],
            "description": "Pâtisserie et chocolaterie artisanale : fruits de la vallée du Rhône, chocolat "
                           "travaillé depuis la fève, emballages consignés.",
            "website": "https://patisserie-berthier.example.fr",
            "commitments": ["circuit-court", "zero-dechet", "accueil-apprentis"],
        },
        "listings": [
            ("offer", {"title": "Apprentie pâtissière (H/F) – CAP Pâtissier", "trade": "patissier",
                       "diploma": "CAP", "contract": "apprentissage", "duration_months": 24, "urgent": True,
                       "weekly_hours": 35, "rhythm": "Une semaine sur trois au CFA de Lyon",
                       "description": "Pâtisseries de boutique, entremets, macarons et pièces montées pour les "
                                      "mariages : une formation complète dans un laboratoire de huit personnes.",
                       "questions": ["Avez-vous déjà fait un stage en pâtisserie ?",
                                     "Êtes-vous disponible le samedi ?"]},
             [("submit", "owner"), ("publish", "staff")]),
            ("offer", {"title": "Apprenti chocolatier (H/F) – CAP Chocolatier confiseur", "trade": "chocolatier",
                       "diploma": "CAP", "contract": "apprentissage", "duration_months": 24,
                       "description": "Tempérage, moulages, bonbons et ganaches : rejoignez notre atelier de "
                                      "chocolaterie pour la saison de Noël et toute l’année."},
             [("submit", "owner"), ("publish", "staff")]),
            ("offer", {"title": "Pâtissier en certificat de spécialisation – desserts de restaurant",
                       "trade": "patissier", "diploma": "CS", "contract": "apprentissage", "duration_months": 12,
                       "description": "Desserts à l’assiette pour notre salon de thé : pour un titulaire du CAP "
                                      "qui veut se spécialiser."},
             [("submit", "owner"), ("publish", "staff"), ("withdraw", "owner")]),
            ("offer", {"title": "Apprentie vendeuse en pâtisserie (H/F) – CAP Équipier polyvalent du commerce",
                       "trade": "patissier", "diploma": "CAP", "contract": "apprentissage", "duration_months": 24,
                       "description": "Accueil, conseil, emballage des commandes et mise en vitrine dans notre "
                                      "boutique du cours Gambetta, du mardi au samedi."},
             [("submit", "owner")]),
            ("offer", {"title": "Apprenti glacier (H/F) – saison d’été", "trade": "glacier", "diploma": "CAP",
                       "contract": "apprentissage", "duration_months": 12,
                       "description": "Glaces et sorbets aux fruits de saison pour la boutique d’été : "
                                      "turbinage, bases, parfums et service."},
             [("submit", "owner"), ("publish", "staff"), ("expire", "system")]),
            ("project", {"title": "Emballages consignés pour les gâteaux : chercher un distributeur local",
                         "summary": "Généraliser nos boîtes consignées à d’autres artisans de Lyon.",
                         "description": "Nous avons conçu une boîte à gâteaux consignée en inox. Nous cherchons "
                                        "d’autres artisans et un distributeur pour mutualiser le lavage.",
                         "category": "eco-conception", "stage": "lancement",
                         "partner_types": ["artisan", "distributeur"], "location": "Lyon"},
             [("submit", "owner"), ("publish", "staff"), ("close", "owner")]),
        ],
    },
)

# Staff messages used by the demo decisions that need one.
DECISION_TEXTS = {
    "request_changes": {"message": "Merci de préciser le rythme de l’alternance et le nom du CFA partenaire."},
    "reject": {"message": "Cette annonce décrit un emploi salarié et non un contrat d’apprentissage.",
               "reason": "non_compliant"},
}
