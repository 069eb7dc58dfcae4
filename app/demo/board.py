"""Demo listings of businesses not yet on Passerelle, loaded through the chambers' import format (CONTRACT.md)."""


def _biz(siret, name, postcode, commune, highlighted=False, labels=(), email=None, contact=True):
    """A business block of an import line; `email` is its known address (a claim's code goes there).

    With `contact`, its listings name that address as their contact (applications go there while the business has no
    account); without, they go to the chamber, which forwards them.
    """
    block = {"siret": siret, "name": name, "postcode": postcode, "commune": commune, "highlighted": highlighted,
             "labels": list(labels)}
    if email:
        block["email"] = email
    if contact and email:
        block["_contact"] = email
    return block


def _line(fields: dict, business: dict) -> dict:
    """An import line of `business`, with its contact address when it has one."""
    fields["business"] = {key: value for key, value in business.items() if not key.startswith("_")}
    if business.get("_contact"):
        fields["contact_email"] = business["_contact"]
    return fields


def _offer(ext, title, trade, diploma, business, description, start=None, months=24, contract="apprentissage"):
    """A published offer line of the import format."""
    return _line({"type": "offer", "external_id": ext, "title": title, "description": description, "trade": trade,
                  "diploma": diploma, "contract": contract, "start_date": start, "duration_months": months,
                  "positions": 1, "status": "published"}, business)


def _project(ext, title, trade, partner_types, business, description):
    """A published project line of the import format."""
    return _line({"type": "project", "external_id": ext, "title": title, "description": description, "trade": trade,
                  "partner_types": partner_types, "status": "published"}, business)


FOURNIL_CROIX_ROUSSE = _biz("39099603100006", "Le Fournil de la Croix-Rousse", "69004", "Lyon 4e", True,
                            ["circuit-court", "produits-bio"], email="fournil.croix-rousse@passerelle-demo.fr")
VILLEURBANNE_PATISSERIE = _biz("08246281300005", "Pâtisserie des Gratte-Ciel", "69100", "Villeurbanne",
                               email="patisserie.gratte-ciel@passerelle-demo.fr", contact=False)
BORDEAUX_COIFFURE = _biz("94821993600002", "Salon Garonne Coiffure", "33000", "Bordeaux",
                         email="salon.garonne@passerelle-demo.fr")
TOULOUSE_ELEC = _biz("51819093900000", "Occitanie Électricité Services", "31000", "Toulouse", True,
                     ["sobriete-energetique", "accueil-apprentis"], email="occitanie.electricite@passerelle-demo.fr")
MARSEILLE_BOUCHERIE = _biz("78657975500004", "Boucherie du Vieux-Port", "13002", "Marseille 2e",
                           email="boucherie.vieux-port@passerelle-demo.fr")
STRASBOURG_PIERRE = _biz("43231948100003", "Taille de pierre Schaller", "67000", "Strasbourg", True,
                         ["savoir-faire", "materiaux-locaux"], email="pierre.schaller@passerelle-demo.fr")
METZ_CARROSSERIE = _biz("75749118800004", "Carrosserie Moselle Réparation", "57000", "Metz", False,
                        ["reparation-reemploi"], email="carrosserie.moselle@passerelle-demo.fr")
NANTES_PLOMBERIE = _biz("62527601900001", "Plomberie de l’Erdre", "44000", "Nantes",
                        email="plomberie.erdre@passerelle-demo.fr")
QUIMPER_CERAMIQUE = _biz("89555979700009", "Faïencerie de l’Odet", "29000", "Quimper", True,
                         ["fabrication-francaise", "savoir-faire"], contact=False)
LILLE_CHARCUTERIE = _biz("71147104500007", "Charcuterie Wazemmes", "59000", "Lille",
                         email="charcuterie.wazemmes@passerelle-demo.fr")
REUNION_GARAGE = _biz("97465075600006", "Garage du Chaudron", "97490", "Saint-Denis",
                      email="garage.chaudron@passerelle-demo.fr")
BESANCON_HORLOGERIE = _biz("29170342900006", "Horlogerie Comtoise Vuillemin", "25000", "Besançon", True,
                           ["savoir-faire", "fabrication-francaise"], email="horlogerie.vuillemin@passerelle-demo.fr")
MONTREUIL_EBENISTERIE = _biz("36671276800006", "Ébénisterie des Murs-à-Pêches", "93100", "Montreuil",
                             email="ebenisterie.murs-a-peches@passerelle-demo.fr")

BOARD = (
    _offer("demo-ara-0001", "Apprenti boulanger (H/F) – CAP Boulanger", "Boulanger", "CAP", FOURNIL_CROIX_ROUSSE,
           "Pains au levain, farines bio de la Dombes et cuisson au feu de bois : rejoignez un fournil engagé "
           "sur les pentes de la Croix-Rousse.", "2027-09-01"),
    _offer("demo-ara-0002", "Apprentie boulangère (H/F) – BP Boulanger", "Boulanger", "BP", FOURNIL_CROIX_ROUSSE,
           "Pour un titulaire du CAP : organisation de la production, gestion du levain et des commandes des "
           "restaurants du quartier."),
    _offer("demo-ara-0003", "Apprenti pâtissier (H/F) – CAP Pâtissier", "Pâtissier", "CAP", VILLEURBANNE_PATISSERIE,
           "Entremets, viennoiseries et gâteaux de voyage dans une pâtisserie familiale à deux pas du métro "
           "Gratte-Ciel.", "2027-09-15"),
    _offer("demo-ara-0004", "Pâtissière confirmée en BTM Pâtissier", "Pâtissier", "BTM", VILLEURBANNE_PATISSERIE,
           "Préparez le brevet technique des métiers en prenant en charge la production des entremets "
           "et des commandes d’événements.", months=24),
    _offer("demo-naq-0001", "Apprentie coiffeuse (H/F) – CAP Métiers de la coiffure", "Coiffeur", "CAP",
           BORDEAUX_COIFFURE, "Shampoings, coupes, couleurs et conseil : un salon de six fauteuils au cœur de "
           "Bordeaux, ouvert du mardi au samedi."),
    _offer("demo-occ-0001", "Apprenti électricien (H/F) – Bac pro MELEC", "Électricien", "Bac pro", TOULOUSE_ELEC,
           "Installations électriques, bornes de recharge et panneaux solaires chez des particuliers de "
           "l’agglomération toulousaine.", months=36),
    _offer("demo-occ-0002", "Apprenti électricien (H/F) – CAP Électricien", "Électricien", "CAP", TOULOUSE_ELEC,
           "Rénovation électrique de logements anciens : tirage de câbles, tableaux, mise en sécurité, "
           "avec un compagnon expérimenté."),
    _offer("demo-pac-0001", "Apprenti boucher (H/F) – CAP Boucher", "Boucher", "CAP", MARSEILLE_BOUCHERIE,
           "Découpe, désossage, préparation des commandes et conseil en boutique, viandes d’éleveurs de "
           "Provence."),
    _offer("demo-als-0001", "Apprenti tailleur de pierre (H/F) – CAP Tailleur de pierre", "Tailleur de pierre",
           "CAP", STRASBOURG_PIERRE, "Restauration du grès rose des monuments alsaciens : taille, sculpture et "
           "pose sur les chantiers du patrimoine."),
    _offer("demo-mos-0001", "Apprenti carrossier (H/F) – CAP Réparation des carrosseries", "Carrossier", "CAP",
           METZ_CARROSSERIE, "Débosselage, préparation et peinture : nous réparons plutôt que de remplacer, "
           "et vous apprendrez pourquoi."),
    _offer("demo-pdl-0001", "Apprenti plombier chauffagiste (H/F) – CAP Monteur en installations sanitaires",
           "Plombier-chauffagiste", "CAP", NANTES_PLOMBERIE, "Salles de bains, chauffe-eau et pompes à chaleur "
           "chez les particuliers de Nantes et de sa périphérie.", months=24),
    _offer("demo-bre-0001", "Apprentie céramiste (H/F) – CAP Tournage en céramique", "Céramiste", "CAP",
           QUIMPER_CERAMIQUE, "Tournage, émaillage et décor à la main de la faïence de Quimper dans un atelier "
           "fondé en 1920."),
    _offer("demo-hdf-0001", "Apprenti charcutier traiteur (H/F) – CAP Charcutier-traiteur", "Charcutier-traiteur",
           "CAP", LILLE_CHARCUTERIE, "Pâtés, terrines, plats du jour et buffets pour les fêtes : une "
           "charcuterie de marché à Wazemmes."),
    _offer("demo-reu-0001", "Apprenti mécanicien automobile (H/F) – CAP Maintenance des véhicules",
           "Mécanicien automobile", "CAP", REUNION_GARAGE, "Entretien, diagnostic et réparation de véhicules "
           "légers dans un garage de quartier de Saint-Denis."),
    _offer("demo-bfc-0001", "Apprenti horloger (H/F) – CAP Horlogerie", "Horloger", "CAP", BESANCON_HORLOGERIE,
           "Révision de montres mécaniques et restauration d’horloges comtoises dans la capitale française de "
           "l’horlogerie.", "2027-09-01"),
    _offer("demo-idf-0001", "Apprenti ébéniste (H/F) – CAP Ébéniste", "Ébéniste", "CAP", MONTREUIL_EBENISTERIE,
           "Mobilier contemporain en bois massif et marqueterie dans un atelier partagé de Montreuil."),
    _project("demo-bre-p-0001", "Une collection de faïences dessinée avec des étudiants en design", "Céramiste",
             ["designer", "etudiants"], QUIMPER_CERAMIQUE,
             "Nous voulons renouveler nos motifs avec une école de design et tester une petite série à vendre en "
             "ligne."),
    _project("demo-als-p-0001", "Numériser les relevés des façades à restaurer", "Tailleur de pierre",
             ["laboratoire", "numerique"], STRASBOURG_PIERRE,
             "Nous cherchons un laboratoire de photogrammétrie pour relever les façades en 3D avant la taille "
             "des pierres de remplacement."),
    _project("demo-bfc-p-0001", "Exporter nos montres mécaniques en Suisse et au Japon", "Horloger",
             ["distributeur", "financeur"], BESANCON_HORLOGERIE,
             "Une petite série de montres assemblées à Besançon cherche un distributeur à l’export et un "
             "financement pour les salons."),
)
