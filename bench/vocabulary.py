"""French vocabularies of the craft trades used by the data generator (names, tasks, products, places)."""

# Trade code -> (business name stems, tasks an apprentice learns). Every trade of app.reference.trades.TRADES is here.
TRADE_WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "boulanger": (("Boulangerie", "Fournil", "Au Pain de", "La Mie de"),
                  ("pétrir les pâtes et conduire la fermentation du levain", "façonner baguettes, pains de campagne "
                   "et pains spéciaux", "cuire au four à sole et surveiller la coloration", "préparer les "
                   "viennoiseries : croissants, pains au chocolat, brioches", "gérer les farines bio et les "
                   "commandes des restaurants du quartier")),
    "patissier": (("Pâtisserie", "Maison", "Les Délices de", "Au Palais de"),
                  ("réaliser les entremets, tartes et éclairs", "monter les crèmes pâtissières, mousselines et "
                   "ganaches", "décorer les gâteaux d’anniversaire et pièces montées", "travailler le sucre et "
                   "le chocolat de couverture", "préparer les macarons et les petits fours")),
    "boucher": (("Boucherie", "Boucherie-Charcuterie", "Aux Viandes de"),
                ("désosser, parer et ficeler les pièces de bœuf, de veau et d’agneau", "conseiller les clients "
                 "sur les morceaux et la cuisson", "préparer les volailles fermières", "respecter la chaîne du "
                 "froid et la traçabilité")),
    "charcutier-traiteur": (("Charcuterie", "Maison", "Traiteur"),
                            ("fabriquer pâtés, terrines, saucisses et jambons cuits", "préparer les plats "
                             "cuisinés du traiteur", "assurer les buffets et les mariages",
                             "maîtriser le fumage et la salaison")),
    "chocolatier": (("Chocolaterie", "Maison du Chocolat", "Les Cacaos de"),
                    ("tempérer le chocolat et mouler les bonbons", "préparer pralinés, ganaches et truffes",
                     "créer les moulages de Pâques et de Noël", "emballer et présenter les ballotins")),
    "glacier": (("Glacier", "Les Glaces de", "Sorbets de"),
                ("turbiner glaces et sorbets aux fruits de saison", "préparer les bases anglaises et les "
                 "coulis", "dresser coupes glacées et vacherins", "accueillir la clientèle en boutique")),
    "poissonnier": (("Poissonnerie", "La Marée de", "Aux Pêcheurs de"),
                    ("lever les filets et préparer les poissons à la demande", "ouvrir huîtres et coquillages",
                     "composer les plateaux de fruits de mer", "choisir la marée à la criée")),
    "fromager": (("Fromagerie", "La Cave à Fromages de", "Crèmerie"),
                 ("affiner les fromages en cave", "conseiller sur les accords mets et vins", "couper et "
                  "emballer à la demande", "préparer les plateaux de fromages pour les fêtes")),
    "traiteur": (("Traiteur", "Réceptions", "Saveurs de"),
                 ("préparer les buffets et cocktails", "cuisiner les plats du jour", "organiser la livraison "
                  "des réceptions", "dresser les pièces cocktail salées et sucrées")),
    "coiffeur": (("Salon", "Coiffure", "L’Atelier Coiffure de", "Hair Studio"),
                 ("réaliser shampoings, coupes et brushings", "appliquer couleurs, mèches et balayages",
                  "conseiller les clientes et les clients sur les soins", "tenir l’agenda et accueillir au salon")),
    "estheticien": (("Institut", "Beauté de", "Spa"),
                    ("réaliser soins du visage et épilations", "pratiquer manucure et beauté des pieds",
                     "conseiller sur les produits cosmétiques", "accueillir et gérer les rendez-vous")),
    "fleuriste": (("Fleurs de", "L’Atelier Floral", "Aux Jardins de"),
                  ("composer bouquets et compositions florales", "préparer les décorations de mariage et de "
                   "deuil", "entretenir les plantes et la vitrine", "réceptionner les fleurs coupées au marché")),
    "toiletteur": (("Toilettage", "Au Poil de", "Salon Canin"),
                   ("laver, sécher et tondre chiens et chats", "réaliser les coupes aux ciseaux selon la race",
                    "conseiller les propriétaires sur l’entretien du pelage",
                    "veiller au bien-être de l’animal")),
    "photographe": (("Studio Photo", "Photographie", "Regards de"),
                    ("réaliser portraits, photos d’identité et reportages", "retoucher les images", "couvrir "
                     "mariages et événements", "préparer les tirages et l’encadrement")),
    "cordonnier": (("Cordonnerie", "Clés et Talons", "Atelier du Cuir de"),
                   ("ressemeler chaussures et bottes", "reproduire les clés et réparer la maroquinerie",
                    "teindre et entretenir le cuir", "accueillir la clientèle au comptoir")),
    "plombier-chauffagiste": (("Plomberie", "Chauffage", "Thermique", "Sanitaires de"),
                              ("installer salles de bains et sanitaires", "poser et entretenir chaudières et "
                               "pompes à chaleur", "dépanner les fuites et débouchages", "souder le cuivre et "
                               "raccorder le multicouche")),
    "electricien": (("Électricité", "Élec", "Courant de"),
                    ("tirer les câbles et poser les tableaux électriques", "installer bornes de recharge et "
                     "panneaux solaires", "mettre aux normes les logements anciens", "câbler la domotique et "
                     "les réseaux")),
    "menuisier": (("Menuiserie", "Atelier Bois de", "Les Copeaux de"),
                  ("fabriquer fenêtres, portes et escaliers", "poser parquets et agencements",
                   "usiner sur machines à bois et commande numérique", "restaurer les menuiseries anciennes")),
    "charpentier": (("Charpente", "Charpentes de", "Ossature Bois"),
                    ("tailler et lever les charpentes traditionnelles", "construire les maisons à ossature bois",
                     "poser les bardages et isolations biosourcées", "travailler en hauteur en sécurité")),
    "macon": (("Maçonnerie", "Bâtiment", "Construction de"),
              ("monter murs en parpaings, briques et pierres", "couler dalles et fondations", "rénover les "
               "façades à la chaux", "lire les plans et implanter l’ouvrage")),
    "couvreur": (("Couverture", "Toitures de", "Zinguerie"),
                 ("poser tuiles, ardoises et zinc", "réaliser les gouttières et la zinguerie", "isoler et "
                  "étancher les toitures", "intervenir sur les monuments anciens")),
    "peintre-en-batiment": (("Peinture", "Déco", "Les Couleurs de"),
                            ("préparer les supports et enduire", "peindre murs, plafonds et boiseries",
                             "poser papiers peints et revêtements", "ravaler les façades")),
    "carreleur": (("Carrelage", "Carrelages de", "Mosaïque"),
                  ("poser carrelage, faïence et mosaïque", "réaliser chapes et ragréages", "créer les douches "
                   "à l’italienne", "découper et jointoyer avec précision")),
    "platrier-plaquiste": (("Plâtrerie", "Isolation de", "Staff et Plâtre"),
                           ("monter cloisons et doublages en plaques de plâtre", "réaliser les faux plafonds",
                            "isoler thermiquement et phoniquement", "enduire et poncer les joints")),
    "serrurier-metallier": (("Métallerie", "Serrurerie", "Ferronnerie de"),
                            ("souder et assembler portails, garde-corps et escaliers", "dépanner les serrures",
                             "poser menuiseries aluminium et acier", "lire les plans d’exécution")),
    "tailleur-de-pierre": (("Taille de Pierre", "Pierres de", "Atelier de la Pierre"),
                           ("tailler les blocs au ciseau et à la machine", "restaurer les monuments historiques",
                            "graver et sculpter les ornements", "poser les pierres sur le chantier")),
    "mecanicien-automobile": (("Garage", "Auto Services", "Mécanique de"),
                              ("entretenir et réviser les véhicules", "diagnostiquer les pannes avec la valise",
                               "remplacer freins, embrayages et distributions", "intervenir sur les véhicules "
                               "hybrides et électriques")),
    "carrossier": (("Carrosserie", "Carrosserie-Peinture", "Auto Carrosserie de"),
                   ("redresser et remplacer les éléments de carrosserie", "préparer et peindre en cabine",
                    "réparer les pare-brise", "établir les devis avec les assurances")),
    "mecanicien-cycles": (("Cycles", "Vélos de", "Motos de"),
                          ("réparer vélos, vélos électriques et scooters", "monter les roues et régler les "
                           "transmissions", "entretenir les motos", "conseiller les clients en atelier")),
    "ebeniste": (("Ébénisterie", "Atelier d’Ébénisterie", "Meubles de"),
                 ("fabriquer des meubles sur mesure en bois massif", "plaquer, marqueter et vernir",
                  "restaurer les meubles anciens", "dessiner et débiter les pièces")),
    "bijoutier-joaillier": (("Bijouterie", "Joaillerie", "L’Écrin de"),
                            ("fondre, scier et souder l’or et l’argent", "sertir les pierres précieuses",
                             "réparer et transformer les bijoux", "polir et graver")),
    "horloger": (("Horlogerie", "L’Heure de", "Montres de"),
                 ("réviser les montres mécaniques", "changer piles, bracelets et verres", "restaurer les "
                  "pendules comtoises", "régler et huiler les mouvements")),
    "tapissier-d-ameublement": (("Tapisserie", "Sièges de", "Atelier Tapissier"),
                                ("garnir et couvrir les sièges à l’ancienne", "confectionner rideaux et "
                                 "tentures", "choisir les tissus avec les clients", "restaurer fauteuils et "
                                 "canapés")),
    "couturier": (("Couture", "Retouches", "L’Atelier Couture de"),
                  ("réaliser les retouches et ourlets", "couper et assembler des vêtements sur mesure",
                   "confectionner robes de mariée et costumes", "travailler à la machine et à la main")),
    "prothesiste-dentaire": (("Laboratoire Dentaire", "Prothèses de", "Dental Lab"),
                             ("modéliser couronnes et bridges en CFAO", "monter les dents des prothèses "
                              "amovibles", "couler et polir les alliages", "travailler avec les "
                              "chirurgiens-dentistes")),
    "luthier": (("Lutherie", "Atelier de Lutherie", "Violons de"),
                ("fabriquer et restaurer violons, altos et violoncelles", "régler les instruments des "
                 "musiciens", "vernir et sculpter les volutes", "choisir les bois d’épicéa et d’érable")),
    "ceramiste": (("Céramique", "Poterie", "Faïencerie de"),
                  ("tourner et modeler l’argile", "émailler et cuire au four", "créer des collections de "
                   "vaisselle", "animer des ateliers en boutique")),
    "verrier": (("Verrerie", "Vitrail", "Souffleur de Verre"),
                ("souffler et façonner le verre à la canne", "restaurer les vitraux d’églises", "découper et "
                 "sertir au plomb", "créer luminaires et objets d’art")),
    "relieur": (("Reliure", "Atelier de Reliure", "Papiers de"),
                ("coudre et relier les livres à la main", "restaurer les ouvrages anciens", "dorer les titres "
                 "au fer", "fabriquer boîtes et carnets")),
    "sellier": (("Sellerie", "Sellerie-Garnissage", "Cuirs de"),
                ("garnir sièges automobiles et nautiques", "fabriquer selles et harnais", "coudre le cuir à "
                 "la main", "restaurer les intérieurs de véhicules anciens")),
    "maroquinier": (("Maroquinerie", "Atelier du Cuir", "Cuirs et Sacs de"),
                    ("couper et parer le cuir", "assembler sacs, ceintures et portefeuilles", "coudre au point "
                     "sellier", "teindre les tranches")),
    "ferronnier-d-art": (("Ferronnerie d’Art", "Forge de", "Fer Forgé"),
                         ("forger et cintrer le fer à chaud", "créer rampes, grilles et portails",
                          "restaurer la ferronnerie ancienne", "souder et patiner")),
}

SURNAMES: tuple[str, ...] = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
    "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel",
    "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand",
    "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas", "Perrin",
    "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin", "Masson",
    "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier", "Roger", "Roche",
    "Roy", "Noël", "Meyer", "Lucas", "Meunier", "Jean", "Pérez", "Marchand", "Dufour", "Blanchard", "Marie",
    "Barbier", "Brun", "Dumas", "Brunet", "Schmitt", "Leroux", "Colin", "Fernandez", "Pierre", "Renard",
    "Arnaud", "Rolland", "Caron", "Aubert", "Giraud", "Leclerc", "Vidal", "Bourgeois", "Renaud", "Lemoine",
    "Picard", "Gaillard", "Philippe", "Leclercq", "Lacroix", "Fabre", "Dupuis", "Olivier", "Rodriguez",
    "Da Silva", "Hubert", "Louis", "Charles", "Guillot", "Rivière", "Le Gall", "Guillaume", "Adam", "Rey",
    "Moulin", "Gonzalez", "Berger", "Lecomte", "Ménard", "Fleury", "Deschamps", "Carpentier", "Julien",
    "Benoît", "Paris", "Maillard", "Marchal", "Aubry", "Vasseur", "Le Roux", "Renault", "Jacquet", "Collet",
    "Prévost", "Poirier", "Charpentier", "Royer", "Huet", "Baron", "Dupuy", "Pons", "Paul", "Laine", "Carré",
    "Breton", "Rémy", "Schneider", "Perrot", "Guyot", "Barre", "Marty", "Cousin", "Haddad", "Benali", "Kerbrat",
)
FIRST_NAMES: tuple[str, ...] = (
    "Léa", "Emma", "Chloé", "Manon", "Inès", "Jade", "Louise", "Camille", "Sarah", "Lina", "Zoé", "Clara",
    "Ambre", "Léna", "Maëlys", "Anaïs", "Océane", "Yasmine", "Noémie", "Romane", "Lucas", "Hugo", "Louis",
    "Nathan", "Enzo", "Mathis", "Théo", "Tom", "Yanis", "Gabriel", "Raphaël", "Arthur", "Jules", "Maël",
    "Noah", "Adam", "Ethan", "Rayan", "Killian", "Clément", "Baptiste", "Mehdi", "Quentin", "Axel", "Timéo",
    "Kévin", "Jérémy", "Loïc", "Gaëtan", "Maxime",
)

GENERAL_SENTENCES: tuple[str, ...] = (
    "Vous serez accompagné(e) par un maître d’apprentissage passionné qui transmet son savoir-faire.",
    "L’entreprise compte {staff} salariés et forme un apprenti chaque année depuis {years} ans.",
    "Horaires du mardi au samedi, deux jours de repos consécutifs.",
    "Rythme d’alternance : une semaine au CFA, deux semaines en entreprise.",
    "Accès facile en transports en commun depuis le centre de {commune}.",
    "Nous recherchons une personne motivée, ponctuelle et curieuse, débutants acceptés.",
    "Tenue de travail fournie, prime de fin d’année et tickets-restaurant.",
    "Possibilité d’embauche en CDI à l’issue de la formation.",
    "Le permis B serait un plus pour les déplacements sur les chantiers autour de {commune}.",
    "Entreprise labellisée, engagée dans l’économie locale et les circuits courts.",
    "Vous participerez à la vie de l’atelier et à l’accueil des clients.",
    "Notre équipe, jeune et dynamique, travaille dans une ambiance familiale.",
)
OFFER_TITLES: tuple[str, ...] = (
    "Apprenti {trade_lower} (H/F) – {diploma} {trade}",
    "Apprentie {trade_lower} (H/F) – {diploma}",
    "Alternance {trade_lower} – {diploma} {trade}",
    "Contrat d’apprentissage : {trade_lower} en {diploma}",
    "{trade} en alternance (H/F) à {commune}",
    "Apprenti(e) {trade_lower} – préparation du {diploma}",
)
PROJECT_TOPICS: tuple[str, ...] = (
    "Four basse consommation pour l’atelier", "Boutique en ligne et click-and-collect", "Emballages "
    "compostables", "Atelier partagé avec d’autres artisans", "Gamme de produits zéro déchet", "Prototype "
    "imprimé en 3D", "Réemploi des chutes de matière", "Application de prise de rendez-vous", "Export vers "
    "l’Allemagne et la Belgique", "Transmission de l’entreprise à un apprenti", "Matériaux biosourcés locaux",
    "Récupération de chaleur du four", "Collection de mobilier éco-conçu", "Atelier mobile en camion",
)
PROJECT_SENTENCES: tuple[str, ...] = (
    "Nous cherchons un partenaire pour concevoir et tester ce projet dans notre atelier de {commune}.",
    "Le projet est soutenu par la Chambre de Métiers et de l’Artisanat de notre région.",
    "Budget prévisionnel de {budget} euros, avec une subvention régionale espérée.",
    "Un premier prototype a été réalisé ; il faut maintenant l’industrialiser à petite échelle.",
    "Une école de design ou un laboratoire universitaire serait le partenaire idéal.",
    "Calendrier : lancement au printemps, premiers essais en boutique avant l’été.",
)
APPLICATION_MESSAGES: tuple[str, ...] = (
    "Bonjour, votre offre m’intéresse beaucoup : j’ai fait un stage de troisième dans ce métier et je souhaite "
    "préparer ce diplôme en alternance.",
    "Madame, Monsieur, motivé(e) et ponctuel(le), je souhaite rejoindre votre entreprise pour apprendre le "
    "métier. Je suis disponible pour un entretien.",
    "Bonjour, je termine ma seconde et je cherche un apprentissage près de chez moi. Je serais ravi(e) de vous "
    "rencontrer.",
    "Bonjour, passionné(e) depuis toujours par ce métier, je vous adresse ma candidature et mon CV.",
)
