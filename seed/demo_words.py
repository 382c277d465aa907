"""Word lists of the demo generator: places, organisation names, kinds of partners.

Street names are real streets of each quartier, so that a demo listing reads like a real one;
the organisations themselves are invented. Service wording is at the end of this file.
"""

from __future__ import annotations

from dataclasses import dataclass

# quartier slug -> (short name used in partner names, "de …" form, postcode, city)
QUARTIER_WORDS: dict[str, tuple[str, str, str, str]] = {
    "bois-blancs": ("Bois-Blancs", "des Bois-Blancs", "59000", "Lille"),
    "faubourg-de-bethune": ("Faubourg de Béthune", "du Faubourg de Béthune", "59000", "Lille"),
    "fives": ("Fives", "de Fives", "59800", "Lille"),
    "hellemmes": ("Hellemmes", "d'Hellemmes", "59260", "Hellemmes-Lille"),
    "lille-centre": ("Lille-Centre", "du Centre", "59000", "Lille"),
    "lille-moulins": ("Moulins", "de Moulins", "59000", "Lille"),
    "lille-sud": ("Lille-Sud", "de Lille-Sud", "59000", "Lille"),
    "lomme": ("Lomme", "de Lomme", "59160", "Lomme"),
    "saint-maurice-pellevoisin": ("Saint-Maurice", "de Saint-Maurice Pellevoisin", "59800", "Lille"),
    "vauban-esquermes": ("Vauban-Esquermes", "de Vauban-Esquermes", "59000", "Lille"),
    "vieux-lille": ("Vieux-Lille", "du Vieux-Lille", "59800", "Lille"),
    "wazemmes": ("Wazemmes", "de Wazemmes", "59000", "Lille"),
}

# Denser quartiers get more partners once every need is covered everywhere.
QUARTIER_WEIGHTS: dict[str, int] = {
    "bois-blancs": 6,
    "faubourg-de-bethune": 7,
    "fives": 10,
    "hellemmes": 7,
    "lille-centre": 11,
    "lille-moulins": 11,
    "lille-sud": 11,
    "lomme": 8,
    "saint-maurice-pellevoisin": 7,
    "vauban-esquermes": 7,
    "vieux-lille": 6,
    "wazemmes": 11,
}

STREETS: dict[str, tuple[str, ...]] = {
    "bois-blancs": (
        "avenue de Bretagne",
        "avenue Marx Dormoy",
        "rue du Général de la Bourdonnaye",
        "rue du Pont-à-Fourchon",
        "quai de l'Ouest",
        "place de Saintignon",
        "rue Guillaume Tell",
        "avenue de Dunkerque",
    ),
    "faubourg-de-bethune": (
        "boulevard de Metz",
        "boulevard de la Moselle",
        "rue Léon Blum",
        "rue du Faubourg de Béthune",
        "avenue Beethoven",
    ),
    "fives": (
        "rue Pierre Legrand",
        "rue du Long-Pot",
        "rue Jules de Vicq",
        "rue Bourjembois",
        "place Madeleine Caulier",
        "rue de Bouvines",
        "place Degeyter",
    ),
    "hellemmes": (
        "rue Roger Salengro",
        "rue du Docteur Huart",
        "place de la République",
        "rue Marceau",
        "rue Jean-Raymond Degrève",
        "rue des Marronniers",
    ),
    "lille-centre": (
        "rue Nationale",
        "rue de Béthune",
        "rue Neuve",
        "rue Pierre Mauroy",
        "rue du Molinel",
        "rue de Paris",
        "rue Faidherbe",
        "rue des Tanneurs",
        "rue Jean Bart",
        "rue Édouard Delesalle",
        "boulevard de la Liberté",
        "rue Camille Guérin",
    ),
    "lille-moulins": (
        "rue d'Arras",
        "rue de Douai",
        "rue de Cambrai",
        "rue de Valenciennes",
        "boulevard de Belfort",
        "place Vanhoenacker",
        "rue Armand Carrel",
        "place Jacques Febvrier",
    ),
    "lille-sud": (
        "rue de Marquillies",
        "rue du Faubourg des Postes",
        "rue du Faubourg d'Arras",
        "rue de l'Arbrisseau",
        "allée Léonard de Vinci",
        "rue Lazare Garreau",
    ),
    "lomme": (
        "avenue de Dunkerque",
        "avenue de la République",
        "rue Destombes",
        "rue Victor Hugo",
        "rue de la Drève",
        "rue Eugène Descamps",
        "place Karl Marx",
    ),
    "saint-maurice-pellevoisin": (
        "rue du Faubourg de Roubaix",
        "rue de la Louvière",
        "rue du Buisson",
        "rue Gounod",
        "rue Véronèse",
        "rue du Ballon",
    ),
    "vauban-esquermes": (
        "boulevard Vauban",
        "rue du Port",
        "rue Nicolas Leblanc",
        "rue d'Esquermes",
        "place Philippe Lebon",
        "rue Jacquemars Giélée",
        "rue Solférino",
        "place Cormontaigne",
    ),
    "vieux-lille": (
        "rue de Gand",
        "rue Royale",
        "rue de la Monnaie",
        "rue Esquermoise",
        "rue Saint-André",
        "rue des Arts",
        "rue du Pont-Neuf",
        "avenue du Peuple Belge",
        "rue Sainte-Catherine",
    ),
    "wazemmes": (
        "rue des Sarrazins",
        "rue Léon Gambetta",
        "rue Jules Guesde",
        "place de la Nouvelle Aventure",
        "rue des Postes",
        "rue d'Isly",
        "rue de l'Abbé Aerts",
        "rue du Marché",
        "rue de Wazemmes",
    ),
}

ADDRESS_EXTRAS = (
    "Rez-de-chaussée",
    "Entrée par la cour",
    "1er étage, avec ascenseur",
    "Bâtiment B",
    "Porte verte à côté de l'école",
    "Au fond de l'impasse",
    "Salle polyvalente",
)

# Invented names, used as "Centre social Arc-en-Ciel", "Épicerie solidaire La Ruche"…
NAMES = (
    "Arc-en-Ciel", "La Passerelle", "Le Trait d'Union", "La Boussole", "Les Alizés", "L'Escale",
    "Le Phare", "La Ruche", "Les Hirondelles", "Le Fil d'Ariane", "La Clé des Champs",
    "Le Tremplin", "L'Étoile du Nord", "Les Coquelicots", "Le Colibri", "La Main Tendue",
    "Le Lien", "Les Quatre Vents", "L'Olivier", "La Source", "Le Cerf-Volant", "La Marelle",
    "Les Lucioles", "Le Jardin d'Hiver", "La Caravelle", "L'Embellie", "Le Rebond",
    "La Bienvenue", "Les Tilleuls", "Les Glycines", "Le Carillon", "L'Horizon", "La Pépinière",
    "L'Atelier Bleu", "Le Sillon", "La Girandole", "Les Charmilles", "La Roseraie",
    "Le Petit Pont", "Les Bruyères", "La Rose des Vents", "Le Moulin Rouge-Gorge", "L'Alouette",
    "La Courte Échelle", "Les Acacias", "Le Grand Large", "La Mésange", "Les Peupliers",
    "Le Bon Voisin", "La Fontaine", "Les Cerisiers", "L'Oasis", "Le Relais", "La Coursive",
    "Les Campanules", "Le Vieux Tilleul", "La Belle Équipe", "Les Tournesols", "L'Écluse",
    "Le Bercail", "La Chaloupe", "Les Jonquilles", "Le Kiosque", "La Clairière",
)

# Words for "Association Entraide Moulins", "Collectif Solidarité Fives"…
VALUES = (
    "Entraide", "Solidarité", "Partage", "Fraternité", "Accueil", "Avenir", "Voisinage",
    "Ensemble", "Horizons", "Passerelles", "Dignité", "Réussite", "Espoir", "Rencontres",
)

FIRST_NAMES = (
    "Maryse", "Jean-Pierre", "Fatima", "Olivier", "Nadia", "Bernard", "Samia", "Thierry",
    "Aïcha", "Christophe", "Monique", "Karim", "Sophie", "Mehdi", "Isabelle", "Yannick",
)

ACCESSIBILITY_NOTES = {
    "full": (
        "Entrée de plain-pied et toilettes adaptées.",
        "Rampe d'accès côté rue et ascenseur vers l'étage.",
        "Boucle magnétique à l'accueil pour les personnes malentendantes.",
    ),
    "partial": (
        "Une marche à l'entrée ; une rampe amovible est disponible sur demande.",
        "Accueil accessible au rez-de-chaussée, ateliers à l'étage sans ascenseur.",
    ),
    "none": (
        "Bureaux à l'étage sans ascenseur : un rendez-vous peut être fixé dans un lieu accessible.",
    ),
}


@dataclass(frozen=True)
class Profile:
    """A kind of demo partner: how it is named, what it offers, when it is open."""

    key: str
    kind: str
    weight: int
    names: tuple[str, ...]
    subneeds: tuple[str, ...]
    services: tuple[int, int]
    hours: tuple[str, ...]
    presentation: str
    access: tuple[tuple[str, ...], ...] = (("sans-rdv",), ("sur-rdv",), ("sans-rdv", "telephone"))
    labels: tuple[tuple[str, float], ...] = ()
    extra_languages: float = 0.25
    public_holidays_open: bool = False


_OFFICE = (
    "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
    "Mo-Fr 08:30-12:00,13:30-17:30; PH off",
    "Mo-Th 09:00-12:30,13:30-17:00; Fr 09:00-12:30; PH off",
    "Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off",
)

PROFILES: tuple[Profile, ...] = (
    Profile(
        "centre-social", "centre-social", 14,
        ("Centre social {name}", "Centre social et culturel {name}", "Maison de quartier {name}"),
        ("aide-aux-parents", "aide-aux-devoirs", "loisirs-et-vacances-enfants",
         "faire-garder-mon-enfant", "cuisiner-pas-cher", "jardin-partage", "apprendre-le-francais",
         "lire-ecrire-compter", "apprendre-a-utiliser-un-ordinateur",
         "demarche-en-ligne-avec-quelqu-un", "seul-voir-du-monde", "sorties-activites-seniors",
         "comprendre-un-courrier-remplir-un-dossier", "aide-caf-rsa-apl",
         "apprendre-a-faire-ses-comptes", "m-occuper-d-un-proche", "apprendre-a-se-deplacer",
         "sport-et-loisirs-adaptes", "laver-son-linge"),
        (3, 5),
        ("Mo-Fr 09:00-12:00,13:30-18:00; PH off",
         "Mo 14:00-18:00; Tu-Fr 09:00-12:00,14:00-18:30; Sa 09:00-12:00; PH off",
         "Mo-Fr 08:45-12:15,13:45-18:00; PH off"),
        "Le centre social accueille les habitants {de} de tous les âges : familles, jeunes, "
        "retraités. On peut y venir pour une activité, une question ou simplement pour boire "
        "un café et rencontrer ses voisins.",
        labels=(("conseiller-numerique", 0.2),),
    ),
    Profile(
        "mairie", "mairie-de-quartier", 4,
        ("Mairie de quartier {de}", "Accueil social de la mairie de quartier {de}",
         "Antenne sociale {de}"),
        ("aide-caf-rsa-apl", "papiers-identite-titre-de-sejour",
         "comprendre-un-courrier-remplir-un-dossier", "etre-suivi-par-une-assistante-sociale",
         "demander-un-logement-social", "bus-et-metro-moins-cher", "aide-financiere-urgente",
         "retraite-et-droits-seniors", "faire-mon-dossier-mdph",
         "demarche-en-ligne-avec-quelqu-un", "carte-vitale-complementaire-sante"),
        (3, 5),
        _OFFICE,
        "L'accueil de proximité de la Ville {de} : démarches, aides sociales, rendez-vous avec "
        "un travailleur social. Si nous ne pouvons pas répondre, nous vous orientons vers le "
        "bon interlocuteur.",
        labels=(("france-services", 0.5), ("aidants-connect", 0.4)),
    ),
    Profile(
        "droits", "association", 8,
        ("Association {value} {short}", "Point d'accès aux droits {name}",
         "Permanence juridique {name}", "Collectif {value} {short}"),
        ("conseil-juridique-gratuit", "victime-de-discrimination",
         "papiers-identite-titre-de-sejour", "loyer-impaye-expulsion", "logement-en-mauvais-etat",
         "comprendre-un-courrier-remplir-un-dossier", "separation-divorce", "aide-caf-rsa-apl"),
        (2, 3),
        ("Mo,We 14:00-17:30; Fr 09:00-12:00; PH off", "Tu,Th 09:00-12:00,14:00-17:00; PH off",
         "We 09:00-12:00; Sa 09:30-12:30; PH off"),
        "Une équipe de bénévoles et de juristes qui explique vos droits avec des mots simples, "
        "aide à écrire les courriers et vous accompagne jusqu'au bout de vos démarches.",
        access=(("sur-rdv",), ("sur-rdv", "telephone"), ("sans-rdv",)),
        extra_languages=0.6,
    ),
    Profile(
        "logement", "association", 5,
        ("Maison de l'habitat {short}", "Association Habitat {value} {short}",
         "Point logement {name}", "Agence solidaire du logement {name}"),
        ("demander-un-logement-social", "trouver-un-logement-a-louer", "loyer-impaye-expulsion",
         "logement-en-mauvais-etat", "devenir-proprietaire", "factures-electricite-gaz-eau",
         "adapter-mon-logement", "meubles-electromenager-pas-chers"),
        (2, 4),
        _OFFICE,
        "Tout ce qui touche au logement, au même endroit : demande de HLM, recherche d'une "
        "location, logement humide ou mal chauffé, loyers en retard. Conseils gratuits et "
        "indépendants.",
        access=(("sur-rdv",), ("sans-rdv", "telephone"), ("telephone", "sur-rdv")),
    ),
    Profile(
        "epicerie", "epicerie-solidaire", 7,
        ("Épicerie solidaire {name}", "Épicerie solidaire {de}", "L'Épicerie partagée {short}"),
        ("epicerie-solidaire", "cuisiner-pas-cher", "apprendre-a-faire-ses-comptes",
         "factures-electricite-gaz-eau", "lait-et-petits-pots-bebe", "jardin-partage"),
        (2, 3),
        ("Tu,Th 14:00-17:30; Sa 09:30-12:00; PH off", "We 13:30-17:00; Fr 09:00-12:00; PH off",
         "Mo,We,Fr 14:00-18:00; PH off"),
        "Une épicerie où l'on fait ses courses en payant 10 à 30 % du prix habituel, pendant "
        "quelques mois, le temps de souffler. On y trouve aussi des ateliers cuisine et budget.",
        access=(("orientation",), ("orientation", "sur-rdv")),
    ),
    Profile(
        "alimentaire", "banque-alimentaire", 7,
        ("Distribution alimentaire {name}", "Entraide alimentaire {short}",
         "Les Paniers {name}", "Association {value} {short} — aide alimentaire"),
        ("colis-alimentaire", "repas-chaud", "lait-et-petits-pots-bebe", "trouver-des-vetements",
         "cuisiner-pas-cher"),
        (1, 3),
        ("Tu 09:00-12:00; Th 14:00-17:00; PH off", "We 09:00-11:30; Sa 09:00-11:30; PH off",
         "Mo,Fr 13:30-16:30; PH off"),
        "Des bénévoles distribuent chaque semaine des colis de produits secs, frais et "
        "d'hygiène aux familles du quartier, dans un accueil chaleureux et sans jugement.",
        access=(("orientation",), ("sans-rdv",), ("orientation", "sur-rdv")),
        extra_languages=0.4,
    ),
    Profile(
        "accueil-jour", "accueil-de-jour", 4,
        ("Accueil de jour {name}", "Boutique solidarité {name}", "La Halte {short}"),
        ("accueil-de-jour", "prendre-une-douche", "laver-son-linge", "adresse-pour-le-courrier",
         "repas-chaud", "trouver-des-vetements", "voir-un-medecin-gratuitement"),
        (3, 5),
        ("Mo-Su 08:00-14:00", "Mo-Fr 08:30-16:30; Sa,Su 09:00-13:00"),
        "Un lieu ouvert à toute personne sans logement ou en grande difficulté : se poser au "
        "chaud, prendre une douche, laver son linge, recevoir son courrier et parler avec un "
        "travailleur social.",
        access=(("sans-rdv",),),
        extra_languages=0.7,
        public_holidays_open=True,
    ),
    Profile(
        "nuit", "association", 1,
        ("Maraude {name}", "Halte de nuit {name}", "Abri de nuit {short}"),
        ("hebergement-ce-soir", "trouver-des-vetements", "repas-chaud", "accueil-de-jour"),
        (2, 3),
        ("Mo-Su 20:00-02:00", "Mo-Su 21:00-07:00"),
        "L'équipe de nuit va à la rencontre des personnes qui dorment dehors : boisson chaude, "
        "couverture, écoute, et recherche d'une place d'hébergement avec le 115.",
        access=(("sans-rdv",), ("sans-rdv", "telephone")),
        extra_languages=0.7,
        public_holidays_open=True,
    ),
    Profile(
        "sante", "centre-de-sante", 6,
        ("Centre de santé {name}", "Maison de santé {short}", "Point santé {name}"),
        ("voir-un-medecin-gratuitement", "carte-vitale-complementaire-sante", "dentiste-lunettes",
         "contraception-grossesse-depistage", "parler-a-quelqu-un-sante-mentale"),
        (2, 4),
        ("Mo-Fr 08:30-12:30,13:30-19:00; Sa 08:30-12:00; PH off",
         "Mo-Fr 09:00-18:00; PH off"),
        "Médecins, infirmières et dentistes pratiquent le tiers payant : vous n'avancez pas "
        "les frais. Une assistante sociale aide à ouvrir ou retrouver ses droits santé.",
        access=(("sur-rdv", "telephone"), ("sans-rdv", "sur-rdv")),
        extra_languages=0.5,
    ),
    Profile(
        "ecoute", "association", 4,
        ("Point écoute {name}", "Espace santé jeunes {short}", "Lieu d'écoute {name}"),
        ("parler-a-quelqu-un-sante-mentale", "alcool-drogue-tabac-jeux",
         "contraception-grossesse-depistage", "violences-dans-le-couple", "aide-aux-parents"),
        (2, 3),
        ("Mo-Fr 10:00-18:00; PH off", "Tu-Sa 13:00-19:00; PH off"),
        "Des psychologues et des éducateurs reçoivent gratuitement et de façon anonyme, seul "
        "ou en famille, pour parler de ce qui pèse : stress, consommations, conflits.",
        access=(("sans-rdv", "telephone"), ("sur-rdv", "telephone")),
    ),
    Profile(
        "numerique", "espace-numerique", 9,
        ("Le Relais Numérique {short}", "Espace numérique {name}", "Atelier numérique {name}",
         "La Fabrique numérique {short}"),
        ("demarche-en-ligne-avec-quelqu-un", "apprendre-a-utiliser-un-ordinateur",
         "apprendre-a-utiliser-son-telephone", "adresse-mail-et-mots-de-passe",
         "ordinateur-ou-telephone-pas-cher", "internet-et-impression"),
        (2, 4),
        ("Tu-Fr 09:30-12:00,13:30-17:00; PH off", "Mo-Th 14:00-18:00; Sa 10:00-12:00; PH off",
         "Mo,We,Fr 09:00-12:00,14:00-17:00; PH off"),
        "Un lieu pour apprendre le numérique à son rythme, sans honte de débuter, et pour "
        "faire ses démarches en ligne avec un médiateur. Ordinateurs et wifi en accès libre.",
        labels=(("conseiller-numerique", 0.6), ("aidants-connect", 0.35)),
    ),
    Profile(
        "seniors", "espace-seniors", 6,
        ("Espace seniors {short}", "Club des aînés {name}", "Maison des aînés {name}"),
        ("aide-a-domicile-menage-courses", "repas-livres-a-domicile", "seul-voir-du-monde",
         "sorties-activites-seniors", "retraite-et-droits-seniors", "adapter-mon-logement",
         "maison-de-retraite", "apprendre-a-utiliser-son-telephone", "transport-adapte"),
        (2, 4),
        ("Mo-Fr 09:00-12:00,14:00-17:00; PH off", "Mo-Fr 09:00-12:00; Tu,Th 14:00-17:00; PH off"),
        "L'endroit des retraités {de} : informations sur les aides, activités pour garder la "
        "forme, sorties et moments conviviaux pour ne pas rester seul.",
        access=(("sans-rdv", "telephone"), ("sur-rdv", "telephone")),
    ),
    Profile(
        "domicile", "association", 3,
        ("Service d'aide à domicile {name}", "Association {name} — aide à domicile",
         "Présence {value} {short}"),
        ("aide-a-domicile-menage-courses", "repas-livres-a-domicile", "aide-au-quotidien-handicap",
         "adapter-mon-logement", "m-occuper-d-un-proche", "aider-un-proche-handicape"),
        (2, 4),
        _OFFICE,
        "Nos aides à domicile interviennent chez vous pour le ménage, les courses, les repas ou "
        "la toilette. Nous vous aidons à monter le dossier de prise en charge.",
        access=(("telephone",), ("telephone", "sur-rdv")),
    ),
    Profile(
        "jeunes", "mission-locale", 3,
        ("Espace jeunes emploi {short}", "Point jeunes {name}", "Antenne jeunesse {short}"),
        ("trouver-un-travail", "cv-et-entretien-d-embauche", "choisir-un-metier",
         "trouver-une-formation", "trouver-un-logement-a-louer", "passer-le-permis-de-conduire",
         "contraception-grossesse-depistage"),
        (3, 5),
        _OFFICE,
        "Les jeunes de 16 à 25 ans y trouvent un conseiller pour l'emploi, la formation, le "
        "logement, la santé et le permis, avec un suivi dans la durée.",
        access=(("sur-rdv",), ("sans-rdv", "sur-rdv")),
    ),
    Profile(
        "emploi", "association", 6,
        ("Atelier emploi {short}", "Association {value} Insertion", "Chantier d'insertion {name}",
         "Boutique de l'emploi {name}"),
        ("trouver-un-travail", "cv-et-entretien-d-embauche", "choisir-un-metier",
         "trouver-une-formation", "creer-mon-entreprise", "travailler-avec-un-handicap",
         "louer-voiture-ou-scooter"),
        (2, 4),
        _OFFICE,
        "Un accompagnement personnalisé vers l'emploi : bilan, CV, préparation des entretiens, "
        "mise en relation avec des employeurs du secteur.",
        access=(("sur-rdv",), ("sans-rdv",), ("orientation", "sur-rdv")),
    ),
    Profile(
        "francais", "association", 5,
        ("Ateliers de français {name}", "Association {value} — savoirs de base",
         "Les Mots {short}"),
        ("apprendre-le-francais", "lire-ecrire-compter", "aide-aux-devoirs",
         "papiers-identite-titre-de-sejour", "comprendre-un-courrier-remplir-un-dossier"),
        (2, 3),
        ("Mo,Tu,Th 09:00-11:30; PH off", "Mo-Th 13:30-16:30; PH off",
         "Tu,Th 09:00-12:00; We 14:00-18:00; PH off"),
        "Des formateurs et des bénévoles enseignent le français oral et écrit en petits "
        "groupes, pour se débrouiller au quotidien, trouver du travail ou aider ses enfants.",
        access=(("sans-rdv",), ("sur-rdv",)),
        extra_languages=0.7,
    ),
    Profile(
        "mediatheque", "mediatheque", 3,
        ("Médiathèque {name}", "Bibliothèque de quartier {name}"),
        ("internet-et-impression", "apprendre-a-utiliser-un-ordinateur", "lire-ecrire-compter",
         "apprendre-le-francais", "aide-aux-devoirs", "loisirs-et-vacances-enfants"),
        (2, 4),
        ("Tu,Th,Fr 14:00-18:00; We,Sa 10:00-18:00; PH off",
         "Tu-Fr 13:00-18:30; Sa 10:00-17:00; PH off"),
        "Livres, journaux, films et jeux à emprunter gratuitement, ordinateurs en accès libre "
        "et ateliers pour tous les âges.",
        access=(("sans-rdv",),),
        labels=(("conseiller-numerique", 0.3),),
    ),
    Profile(
        "familles", "association", 6,
        ("Maison des familles {short}", "Lieu d'accueil parents-enfants {name}",
         "Association {name} Familles"),
        ("aide-aux-parents", "faire-garder-mon-enfant", "loisirs-et-vacances-enfants",
         "separation-divorce", "violences-dans-le-couple", "lait-et-petits-pots-bebe",
         "m-occuper-d-un-proche"),
        (2, 4),
        ("Mo-Fr 09:00-12:00,14:00-17:00; PH off", "Mo,Tu,Th 09:00-12:00; We 14:00-18:00; PH off"),
        "Un lieu où les parents sont accueillis avec leurs enfants, pour souffler, échanger "
        "avec d'autres parents et trouver une oreille attentive.",
    ),
    Profile(
        "femmes", "association", 2,
        ("Association {value} Femmes {short}", "Espace femmes {name}"),
        ("violences-dans-le-couple", "conseil-juridique-gratuit", "parler-a-quelqu-un-sante-mentale",
         "hebergement-ce-soir", "separation-divorce", "victime-de-discrimination"),
        (2, 4),
        ("Mo-Fr 09:00-17:00; PH off",),
        "Des professionnelles écoutent, conseillent et accompagnent les femmes victimes de "
        "violences, en toute confidentialité, y compris pour une mise à l'abri.",
        access=(("telephone", "sans-rdv"), ("telephone", "sur-rdv")),
        extra_languages=0.6,
    ),
    Profile(
        "budget", "association", 4,
        ("Point conseil budget {short}", "Association {value} Budget", "Budget {value} {short}"),
        ("dettes-et-factures-impayees", "dossier-de-surendettement", "factures-electricite-gaz-eau",
         "aide-financiere-urgente", "apprendre-a-faire-ses-comptes", "ouvrir-un-compte-en-banque",
         "tutelle-curatelle"),
        (2, 4),
        ("Mo,Tu,Th 09:00-12:00,14:00-17:00; PH off", "We 09:00-12:00; Fr 14:00-17:00; PH off"),
        "Des conseillers en économie sociale et familiale vous aident à faire le point sur "
        "votre budget, à négocier avec vos créanciers et, si besoin, à préparer un dossier de "
        "surendettement.",
        access=(("sur-rdv",), ("sur-rdv", "telephone")),
    ),
    Profile(
        "mobilite", "association", 4,
        ("Garage solidaire {name}", "Atelier vélo {name}", "Plateforme mobilité {short}",
         "Auto-école sociale {name}"),
        ("bus-et-metro-moins-cher", "apprendre-a-se-deplacer", "passer-le-permis-de-conduire",
         "avoir-un-velo", "louer-voiture-ou-scooter", "reparer-ma-voiture", "transport-adapte"),
        (2, 4),
        ("Mo-Fr 09:00-12:30,13:30-17:30; PH off", "We 14:00-18:00; Sa 10:00-17:00; PH off"),
        "Pour se déplacer vers un emploi, une formation ou un rendez-vous : conseils, "
        "location à petit prix, réparation et apprentissage.",
        access=(("sur-rdv",), ("orientation",), ("sans-rdv", "telephone")),
    ),
    Profile(
        "handicap", "association", 4,
        ("Groupe d'entraide mutuelle {name}", "Association {name} Handicap",
         "Point info handicap {short}"),
        ("faire-mon-dossier-mdph", "aah-et-aides-handicap", "travailler-avec-un-handicap",
         "aide-au-quotidien-handicap", "aider-un-proche-handicape", "sport-et-loisirs-adaptes",
         "transport-adapte"),
        (2, 4),
        _OFFICE,
        "Information, écoute et accompagnement des personnes en situation de handicap et de "
        "leurs proches, pour les démarches comme pour les loisirs.",
        access=(("sur-rdv", "telephone"), ("sans-rdv",)),
        labels=(),
    ),
    Profile(
        "ressourcerie", "association", 4,
        ("Vestiaire solidaire {name}", "Ressourcerie {name}", "Recyclerie {short}"),
        ("trouver-des-vetements", "meubles-electromenager-pas-chers",
         "ordinateur-ou-telephone-pas-cher", "avoir-un-velo", "laver-son-linge"),
        (1, 3),
        ("We,Sa 10:00-18:00; PH off", "Tu-Sa 10:00-12:30,14:00-18:00; PH off"),
        "Vêtements, meubles, vaisselle et appareils donnés par les habitants, remis en état "
        "et revendus à tout petit prix ; certains articles sont gratuits sur orientation.",
        access=(("sans-rdv",),),
    ),
)


# What to bring, reused by many services.
_ID = "Pièce d'identité ou titre de séjour"
_HOME = "justificatif de domicile"
_CAF = "dernière attestation CAF"
_INCOME = "derniers justificatifs de ressources (bulletins de salaire, avis d'imposition)"

# sub-need slug -> ((service name, description), …), what to bring
SERVICE_TEXTS: dict[str, tuple[tuple[tuple[str, str], ...], str]] = {
    # acces-aux-droits
    "aide-caf-rsa-apl": (
        (("Permanence CAF, RSA et APL", "Une conseillère vous aide à demander une allocation, "
          "à déclarer vos ressources chaque trimestre et à comprendre les courriers de la CAF."),
         ("Aide aux dossiers CAF", "Nous vérifions avec vous à quelles aides vous avez droit "
          "et nous remplissons ensemble la demande en ligne ou sur papier.")),
        f"{_ID}, {_HOME}, {_CAF}, numéro allocataire et RIB",
    ),
    "papiers-identite-titre-de-sejour": (
        (("Accompagnement aux démarches de titre de séjour", "Explications sur les étapes, aide "
          "pour prendre rendez-vous en préfecture et pour réunir les bons papiers."),
         ("Aide pour la carte d'identité et le passeport", "Nous vous aidons à faire la "
          "pré-demande en ligne et à trouver un rendez-vous en mairie.")),
        f"{_ID} (même périmé), {_HOME}, acte de naissance si vous l'avez",
    ),
    "comprendre-un-courrier-remplir-un-dossier": (
        (("Écrivain public", "Un bénévole lit avec vous vos courriers, vous explique ce qui est "
          "demandé et vous aide à rédiger une réponse ou à remplir un formulaire."),
         ("Permanence « Un courrier, une question »", "Venez avec la lettre que vous ne "
          "comprenez pas : nous la lisons ensemble et voyons quoi faire.")),
        "Le courrier ou le formulaire concerné, pièce d'identité",
    ),
    "etre-suivi-par-une-assistante-sociale": (
        (("Accompagnement social", "Une assistante sociale fait le point avec vous sur votre "
          "situation (argent, logement, santé, famille) et vous accompagne dans la durée."),
         ("Rendez-vous avec un travailleur social", "Un premier entretien pour comprendre votre "
          "situation, puis un suivi régulier si vous le souhaitez.")),
        f"{_ID}, {_HOME}, {_CAF}, vos derniers courriers importants",
    ),
    "conseil-juridique-gratuit": (
        (("Consultation gratuite d'avocat", "Un avocat vous reçoit 20 minutes, gratuitement et "
          "en toute confidentialité, pour un conseil sur votre situation."),
         ("Permanence juridique", "Une juriste répond à vos questions de droit du travail, de la "
          "famille, du logement ou de la consommation.")),
        "Tous les papiers liés à votre question (contrat, jugement, courriers)",
    ),
    "victime-de-discrimination": (
        (("Écoute et conseil contre les discriminations", "Vous avez été traité injustement pour "
          "un logement, un emploi ou un service ? Nous vous aidons à faire valoir vos droits."),
         ("Permanence égalité et droits", "Une juriste vous explique les recours possibles et "
          "vous aide à saisir le Défenseur des droits.")),
        "Tout document ou témoignage sur ce qui s'est passé",
    ),
    # alimentation
    "colis-alimentaire": (
        (("Distribution de colis alimentaires", "Un colis par semaine avec des produits secs, "
          "frais et d'hygiène, selon la taille de la famille."),
         ("Aide alimentaire d'urgence", "Un colis de dépannage remis le jour même, en attendant "
          "une solution plus durable.")),
        f"{_ID}, {_HOME}, {_CAF} ou justificatifs de ressources",
    ),
    "repas-chaud": (
        (("Repas chaud du midi", "Un repas complet servi à table, dans une ambiance conviviale, "
          "avec café offert."),
         ("Petit-déjeuner et soupe solidaire", "Boisson chaude, pain et soupe offerts, sans "
          "condition et sans inscription.")),
        "",
    ),
    "epicerie-solidaire": (
        (("Épicerie solidaire", "Des produits de qualité à 10 à 30 % de leur prix habituel, "
          "pendant quelques mois, avec un projet (payer une dette, un permis, des vacances)."),
         ("Courses à petit prix", "Fruits, légumes, produits frais et d'hygiène à prix réduit "
          "pour les familles aux revenus modestes.")),
        f"{_ID}, {_CAF}, {_INCOME}, courrier d'orientation d'un travailleur social",
    ),
    "lait-et-petits-pots-bebe": (
        (("Coin bébé", "Lait infantile, petits pots et couches pour les enfants de moins de "
          "trois ans, avec des conseils de puéricultrice."),
         ("Kit bébé solidaire", "Couches, lait et produits de toilette pour les jeunes parents "
          "en difficulté.")),
        "Carnet de santé de l'enfant ou livret de famille",
    ),
    "cuisiner-pas-cher": (
        (("Atelier cuisine petit budget", "On cuisine ensemble un repas équilibré avec des "
          "produits de saison, puis on le partage. Les recettes sont à emporter."),
         ("Cuisine du monde et anti-gaspi", "Chaque participant apporte une recette de chez "
          "lui ; on apprend à utiliser les restes et à cuisiner sans gaspiller.")),
        "",
    ),
    "jardin-partage": (
        (("Jardin partagé", "Une parcelle à cultiver avec d'autres habitants, des outils et "
          "des graines fournis, et un jardinier pour conseiller les débutants."),
         ("Potager collectif", "Le samedi matin, on sème, on récolte et on repart avec des "
          "légumes.")),
        "",
    ),
    # logement
    "demander-un-logement-social": (
        (("Aide à la demande de logement social", "Nous créons ou renouvelons avec vous votre "
          "demande de HLM et vous expliquons comment elle est étudiée."),
         ("Point info logement social", "Savoir où en est votre demande, ajouter un document, "
          "préparer un passage en commission.")),
        f"{_ID}, {_HOME}, avis d'imposition, numéro unique de demande s'il existe",
    ),
    "trouver-un-logement-a-louer": (
        (("Recherche de logement accompagnée", "Conseils pour chercher une location, monter un "
          "dossier solide et demander une garantie gratuite (Visale) ou une avance de caution."),
         ("Atelier « Mon dossier de location »", "En une séance, on prépare un dossier complet "
          "à envoyer aux propriétaires.")),
        f"{_ID}, {_INCOME}, contrat de travail si vous en avez un",
    ),
    "loyer-impaye-expulsion": (
        (("Prévention des expulsions", "Vous avez du retard de loyer ou avez reçu un courrier "
          "d'huissier ? Venez vite : des solutions existent avant le jugement."),
         ("Permanence impayés de loyer", "Plan d'apurement, aide du Fonds de solidarité "
          "logement, dialogue avec le bailleur : on cherche ensemble.")),
        f"Bail, derniers avis d'échéance, courriers du bailleur ou de l'huissier, {_CAF}",
    ),
    "logement-en-mauvais-etat": (
        (("Conseil logement indigne", "Humidité, moisissures, chauffage en panne : un "
          "conseiller vous explique vos droits et peut faire venir un technicien."),
         ("Permanence habitat dégradé", "Aide pour écrire au propriétaire et saisir les "
          "services d'hygiène si rien ne bouge.")),
        "Bail, photos des problèmes, courriers échangés avec le propriétaire",
    ),
    "meubles-electromenager-pas-chers": (
        (("Meubles et électroménager solidaires", "Lits, tables, frigos et machines à laver "
          "révisés, vendus à petit prix ; livraison possible."),
         ("Aide à l'équipement du logement", "Pour une première installation : un lot de base "
          "(literie, vaisselle, petit électroménager) à prix réduit.")),
        "Courrier d'orientation pour les lots gratuits",
    ),
    "devenir-proprietaire": (
        (("Conseil accession à la propriété", "Un conseiller étudie votre budget et vous "
          "présente le prêt à taux zéro et les logements en accession sociale."),
         ("Réunion « Acheter son logement »", "Une réunion d'information pour savoir si le "
          "projet est possible et par où commencer.")),
        f"{_INCOME}, relevés de compte des trois derniers mois",
    ),
    # sante
    "voir-un-medecin-gratuitement": (
        (("Consultation médicale sans avance de frais", "Un médecin généraliste vous reçoit, "
          "même sans carte Vitale ni complémentaire santé."),
         ("Permanence d'accès aux soins", "Consultations, petits soins infirmiers et aide pour "
          "ouvrir vos droits à l'Assurance maladie.")),
        "Carte Vitale ou attestation de droits si vous en avez, ordonnances en cours",
    ),
    "carte-vitale-complementaire-sante": (
        (("Ouverture des droits santé", "Nous vous aidons à demander la carte Vitale et la "
          "Complémentaire santé solidaire, gratuite ou à moins d'un euro par jour."),
         ("Point info mutuelle", "Comparer les mutuelles, comprendre ses remboursements, "
          "demander l'aide à la complémentaire santé.")),
        f"{_ID}, {_HOME}, {_INCOME}, RIB",
    ),
    "dentiste-lunettes": (
        (("Soins dentaires et lunettes « 100 % santé »", "Soins et prothèses dentaires, "
          "lunettes et appareils auditifs sans reste à payer avec la complémentaire santé."),
         ("Dépistage visuel et dentaire", "Un contrôle rapide, puis une orientation vers un "
          "professionnel qui pratique le tiers payant.")),
        "Carte Vitale, carte de complémentaire santé",
    ),
    "parler-a-quelqu-un-sante-mentale": (
        (("Écoute psychologique gratuite", "Un psychologue vous reçoit pour quelques séances, "
          "gratuitement, pour parler de ce qui ne va pas."),
         ("Groupe de parole", "Un temps d'échange en petit groupe, animé par une "
          "professionnelle, pour rompre l'isolement et reprendre confiance.")),
        "",
    ),
    "alcool-drogue-tabac-jeux": (
        (("Consultation addictions", "Une équipe de médecins et d'éducateurs vous accompagne "
          "pour réduire ou arrêter, sans jugement et en toute confidentialité."),
         ("Accueil réduction des risques", "Matériel stérile, conseils et écoute pour prendre "
          "moins de risques, de façon anonyme.")),
        "",
    ),
    "contraception-grossesse-depistage": (
        (("Planning familial et dépistage", "Contraception, test de grossesse, accompagnement "
          "IVG et dépistage du VIH et des infections, gratuitement et anonymement."),
         ("Consultation santé sexuelle", "Une sage-femme répond à vos questions et vous propose "
          "la contraception qui vous convient.")),
        "",
    ),
    # budget
    "dettes-et-factures-impayees": (
        (("Aide en cas de dettes", "Nous faisons la liste de ce que vous devez, des revenus et "
          "des charges, puis nous négocions avec les créanciers des échéanciers possibles."),
         ("Permanence factures impayées", "Une conseillère vous aide à répondre aux relances et "
          "à éviter les frais supplémentaires.")),
        "Factures et relances, relevés de compte, justificatifs de ressources",
    ),
    "dossier-de-surendettement": (
        (("Aide au dossier de surendettement", "Nous remplissons avec vous le dossier de la "
          "Banque de France et vous suivons jusqu'à la décision."),
         ("Accompagnement après un plan de surendettement", "Respecter son plan, faire face à "
          "un imprévu, savoir quand demander une révision.")),
        f"{_ID}, relevés de compte des trois derniers mois, liste des dettes, {_INCOME}",
    ),
    "factures-electricite-gaz-eau": (
        (("Conseil énergie et factures", "Chèque énergie, fonds de solidarité, échéancier avec "
          "le fournisseur, et astuces pour consommer moins."),
         ("Atelier « Moins cher chez soi »", "Lire sa facture, comparer les offres et repartir "
          "avec un kit d'économies d'eau et d'électricité.")),
        "Dernières factures d'énergie et d'eau",
    ),
    "aide-financiere-urgente": (
        (("Aide financière d'urgence", "Un secours ponctuel ou un prêt sans intérêt pour faire "
          "face à une dépense imprévue, étudié en quelques jours."),
         ("Microcrédit personnel", "Un petit prêt accompagné pour financer un permis, une "
          "voiture ou une formation quand la banque refuse.")),
        f"{_ID}, {_CAF}, {_INCOME}, relevés de compte",
    ),
    "apprendre-a-faire-ses-comptes": (
        (("Atelier budget", "Apprendre à suivre ses dépenses, à prévoir les grosses factures et "
          "à mettre un peu de côté, en petit groupe."),
         ("Rendez-vous budget personnalisé", "Une conseillère construit avec vous un tableau "
          "simple de vos entrées et sorties d'argent.")),
        "Relevés de compte récents (facultatif)",
    ),
    "ouvrir-un-compte-en-banque": (
        (("Aide au droit au compte", "La banque a refusé d'ouvrir votre compte ? Nous vous "
          "aidons à faire valoir le droit au compte auprès de la Banque de France."),
         ("Comprendre sa banque", "Frais bancaires, découvert, carte : savoir ce que l'on paie "
          "et comment réduire les frais.")),
        f"{_ID}, {_HOME}, lettre de refus de la banque",
    ),
    "tutelle-curatelle": (
        (("Information sur les mesures de protection", "Tutelle, curatelle, habilitation "
          "familiale : comprendre les différences et savoir comment faire la demande."),
         ("Soutien aux tuteurs familiaux", "Conseils pour les proches qui exercent une mesure de "
          "protection : comptes annuels, démarches, droits de la personne protégée.")),
        "Certificat médical circonstancié si vous l'avez déjà",
    ),
    # emploi-formation
    "trouver-un-travail": (
        (("Accompagnement vers l'emploi", "Un conseiller vous suit chaque semaine : offres, "
          "candidatures, contacts avec des entreprises qui recrutent."),
         ("Club de recherche d'emploi", "Un groupe qui se retrouve deux fois par semaine pour "
          "chercher, s'entraider et rencontrer des recruteurs.")),
        "CV si vous en avez un, identifiant France Travail",
    ),
    "cv-et-entretien-d-embauche": (
        (("Atelier CV et lettre de motivation", "On écrit ou on refait votre CV, on l'imprime "
          "et on l'envoie ensemble."),
         ("Simulation d'entretien d'embauche", "S'entraîner à se présenter devant un employeur, "
          "avec des conseils concrets.")),
        "Clé USB ou adresse mail, anciens contrats ou diplômes",
    ),
    "choisir-un-metier": (
        (("Découverte des métiers", "Visites d'entreprises, rencontres avec des professionnels et "
          "stages courts pour essayer un métier."),
         ("Bilan d'orientation", "Faire le point sur ce que l'on aime et ce que l'on sait faire "
          "pour choisir une piste.")),
        "",
    ),
    "trouver-une-formation": (
        (("Conseil en formation", "Trouver la formation qui correspond à votre projet et savoir "
          "qui peut la financer (CPF, Région, France Travail)."),
         ("Formation qualifiante accompagnée", "Des formations courtes dans les métiers qui "
          "recrutent, avec un accompagnement pendant et après.")),
        f"{_ID}, CV, identifiants de votre compte formation si vous les avez",
    ),
    "apprendre-le-francais": (
        (("Cours de français pour adultes", "Des cours en petits groupes selon votre niveau, "
          "pour parler, comprendre, lire et écrire."),
         ("Atelier de conversation", "Parler français dans des situations de tous les jours : "
          "chez le médecin, à l'école, au travail.")),
        "",
    ),
    "lire-ecrire-compter": (
        (("Atelier savoirs de base", "Reprendre la lecture, l'écriture et le calcul à son "
          "rythme, avec des exemples de la vie courante."),
         ("Remise à niveau", "Des séances individuelles ou en petit groupe pour préparer une "
          "formation ou un concours.")),
        "",
    ),
    "creer-mon-entreprise": (
        (("Accompagnement à la création d'entreprise", "Étudier votre idée, faire votre plan "
          "de financement et choisir le bon statut."),
         ("Permanence microentreprise", "Déclarer son activité, facturer, payer ses cotisations : "
          "les bases pour se lancer.")),
        f"{_ID}, description de votre projet",
    ),
    # famille
    "faire-garder-mon-enfant": (
        (("Halte-garderie", "Accueil des enfants de 3 mois à 4 ans quelques heures par semaine, "
          "même sans travailler."),
         ("Relais petite enfance", "Information sur les modes de garde et liste des assistantes "
          "maternelles disponibles près de chez vous.")),
        "Carnet de santé de l'enfant (vaccins), attestation CAF avec quotient familial",
    ),
    "aide-aux-parents": (
        (("Café des parents", "Un moment convivial entre parents pour échanger sur l'éducation, "
          "le sommeil, les écrans, l'école."),
         ("Écoute et conseil aux parents", "Une professionnelle vous reçoit pour parler d'une "
          "difficulté avec votre enfant ou votre adolescent.")),
        "",
    ),
    "aide-aux-devoirs": (
        (("Accompagnement scolaire", "Après l'école, des animateurs et des bénévoles aident les "
          "enfants à faire leurs devoirs et à apprendre leurs leçons."),
         ("Aide aux devoirs collège", "Méthodes de travail et soutien en français et en "
          "mathématiques pour les collégiens.")),
        "Inscription avec un parent",
    ),
    "loisirs-et-vacances-enfants": (
        (("Accueil de loisirs", "Le mercredi et pendant les vacances : jeux, sport, sorties et "
          "activités créatives pour les 3-12 ans."),
         ("Séjours et sorties familles", "Des sorties à la mer ou à la campagne à petit prix, "
          "et de l'aide pour partir en vacances.")),
        "Carnet de santé de l'enfant, attestation CAF avec quotient familial",
    ),
    "violences-dans-le-couple": (
        (("Écoute et accompagnement des victimes de violences", "Une professionnelle vous écoute, "
          "vous informe sur vos droits et vous aide à vous protéger, avec ou sans plainte."),
         ("Permanence violences conjugales", "Entretiens confidentiels, aide au dépôt de plainte "
          "et recherche d'une mise à l'abri si nécessaire.")),
        "Aucun document n'est nécessaire",
    ),
    "separation-divorce": (
        (("Médiation familiale", "Un médiateur aide les parents qui se séparent à s'entendre "
          "sur la garde des enfants et la pension."),
         ("Information séparation", "Comprendre les étapes d'un divorce ou d'une séparation et "
          "ce qui change pour les enfants.")),
        "Livret de famille, jugement s'il existe",
    ),
    "m-occuper-d-un-proche": (
        (("Soutien aux aidants", "Un groupe de parole et des conseils pour celles et ceux qui "
          "s'occupent d'un proche malade, âgé ou handicapé."),
         ("Temps de répit", "Une solution pour souffler quelques heures pendant qu'un "
          "professionnel prend le relais.")),
        "",
    ),
    # numerique
    "demarche-en-ligne-avec-quelqu-un": (
        (("Aide aux démarches en ligne", "Un médiateur fait avec vous vos démarches sur les "
          "sites de la CAF, d'Ameli, des impôts ou de France Travail."),
         ("Point numérique accompagné", "Ordinateur et accompagnement pour une démarche précise : "
          "créer un compte, envoyer un document, prendre un rendez-vous.")),
        "Pièce d'identité, identifiants et mots de passe si vous les avez, téléphone portable",
    ),
    "apprendre-a-utiliser-un-ordinateur": (
        (("Atelier ordinateur débutant", "Souris, clavier, internet, envoyer un mail : on "
          "apprend pas à pas, en petit groupe de six personnes."),
         ("Initiation informatique", "Un cycle de huit séances pour devenir autonome sur "
          "ordinateur.")),
        "",
    ),
    "apprendre-a-utiliser-son-telephone": (
        (("Atelier smartphone", "Appeler en vidéo, installer une application, envoyer une photo, "
          "régler son téléphone : venez avec votre appareil."),
         ("Mon téléphone au quotidien", "Des séances pour utiliser les applications utiles : "
          "banque, transports, santé, messagerie.")),
        "Votre téléphone chargé",
    ),
    "adresse-mail-et-mots-de-passe": (
        (("Créer et gérer son adresse mail", "Créer une adresse mail, retrouver un mot de passe "
          "oublié, ranger ses courriers électroniques."),
         ("Atelier « Éviter les arnaques en ligne »", "Reconnaître un faux message, protéger ses "
          "comptes et réagir en cas de problème.")),
        "Votre téléphone portable",
    ),
    "ordinateur-ou-telephone-pas-cher": (
        (("Matériel informatique reconditionné", "Ordinateurs, tablettes et téléphones révisés "
          "et garantis, à petit prix pour les personnes aux revenus modestes."),
         ("Forfaits et recharges solidaires", "Des cartes SIM et recharges à tarif solidaire, "
          "avec des conseils pour choisir son forfait.")),
        f"{_ID}, {_CAF} ou justificatif de ressources",
    ),
    "internet-et-impression": (
        (("Ordinateurs en libre accès", "Des ordinateurs, le wifi gratuit, une imprimante et un "
          "scanner à disposition ; une personne peut vous aider."),
         ("Point impression et scan", "Imprimer ou scanner un document pour un dossier, "
          "gratuitement dans la limite de vingt pages.")),
        "Clé USB ou adresse mail pour récupérer vos documents",
    ),
    # seniors
    "aide-a-domicile-menage-courses": (
        (("Aide à domicile", "Une aide à domicile vient chez vous pour le ménage, les courses, "
          "la préparation des repas ou la toilette."),
         ("Service de courses accompagnées", "Un bénévole vous accompagne faire vos courses ou "
          "les fait pour vous une fois par semaine.")),
        "Attestation de retraite, avis d'imposition, notification APA si vous l'avez",
    ),
    "repas-livres-a-domicile": (
        (("Portage de repas à domicile", "Des repas équilibrés livrés chez vous, adaptés à votre "
          "régime, du lundi au samedi."),
         ("Repas du midi livrés", "Livraison des repas pour les personnes qui ne peuvent plus "
          "cuisiner, même pour quelques semaines après une hospitalisation.")),
        "Avis d'imposition pour le calcul du tarif",
    ),
    "seul-voir-du-monde": (
        (("Visites et appels de convivialité", "Des bénévoles vous rendent visite ou vous "
          "appellent chaque semaine pour discuter."),
         ("Café rencontre", "Un après-midi par semaine pour partager un café, jouer aux cartes et "
          "faire connaissance.")),
        "",
    ),
    "sorties-activites-seniors": (
        (("Gym douce et marche", "Des séances adaptées pour garder la forme et l'équilibre, "
          "animées par un éducateur sportif."),
         ("Ateliers mémoire et sorties", "Jeux de mémoire, sorties culturelles et repas "
          "partagés tout au long de l'année.")),
        "Certificat médical pour les activités sportives",
    ),
    "retraite-et-droits-seniors": (
        (("Aide à la demande de retraite", "Vérifier sa carrière, demander sa retraite et les "
          "aides possibles, comme le minimum vieillesse."),
         ("Information APA et aides à l'autonomie", "Comprendre l'allocation personnalisée "
          "d'autonomie et faire la demande.")),
        f"{_ID}, relevé de carrière, {_INCOME}",
    ),
    "adapter-mon-logement": (
        (("Conseil adaptation du logement", "Un ergothérapeute visite votre logement et "
          "propose des aménagements (douche, barres d'appui) et leur financement."),
         ("Téléassistance", "Un bouton d'alerte à porter sur soi, relié à une centrale 24 h/24.")),
        "Avis d'imposition, titre de propriété ou bail",
    ),
    "maison-de-retraite": (
        (("Information résidences et EHPAD", "Comparer les résidences autonomie et les EHPAD, "
          "connaître les prix et les aides, déposer une demande."),
         ("Aide à l'entrée en établissement", "Nous accompagnons la personne et sa famille dans "
          "le choix et le dossier d'admission.")),
        "Avis d'imposition, certificat médical pour le dossier d'admission",
    ),
    # urgence-sociale
    "hebergement-ce-soir": (
        (("Mise à l'abri et orientation 115", "Nous vous aidons à joindre le 115 et à trouver "
          "une place pour dormir cette nuit."),
         ("Halte de nuit", "Un lieu chauffé pour passer la nuit à l'abri, avec une boisson "
          "chaude et un lit de camp.")),
        "Aucun document n'est nécessaire",
    ),
    "accueil-de-jour": (
        (("Accueil de jour", "Se poser au chaud, boire un café, recharger son téléphone et "
          "parler avec un travailleur social."),
         ("Espace de repos en journée", "Un lieu calme pour se reposer, lire le journal et "
          "rencontrer d'autres personnes.")),
        "Aucun document n'est nécessaire",
    ),
    "prendre-une-douche": (
        (("Douches gratuites", "Douche chaude avec savon, serviette et rasoir fournis ; "
          "consigne pour vos affaires pendant ce temps."),
         ("Espace hygiène", "Douches, produits d'hygiène et passage d'une infirmière une fois "
          "par semaine.")),
        "Aucun document n'est nécessaire",
    ),
    "laver-son-linge": (
        (("Laverie solidaire", "Machines à laver et sèche-linge à disposition, lessive "
          "fournie, sur inscription le matin."),
         ("Lavage du linge", "Déposez votre sac de linge le matin, reprenez-le propre et sec "
          "l'après-midi.")),
        "",
    ),
    "trouver-des-vetements": (
        (("Vestiaire solidaire", "Vêtements et chaussures pour adultes et enfants, donnés ou "
          "vendus à quelques euros."),
         ("Boutique de vêtements à petit prix", "Des vêtements triés et en bon état, pour toutes "
          "les tailles et toutes les saisons.")),
        "",
    ),
    "adresse-pour-le-courrier": (
        (("Domiciliation postale", "Une adresse pour recevoir votre courrier et faire valoir vos "
          "droits quand vous n'avez pas de logement stable."),
         ("Boîte aux lettres solidaire", "Réception et conservation de votre courrier ; vous "
          "le retirez aux heures d'ouverture.")),
        f"{_ID} ou tout document d'identité",
    ),
    # handicap
    "faire-mon-dossier-mdph": (
        (("Aide au dossier MDPH", "Nous remplissons avec vous le formulaire et le projet de vie, "
          "et vérifions que rien ne manque."),
         ("Permanence handicap et démarches", "Suivre un dossier en cours, faire un recours, "
          "préparer un renouvellement.")),
        f"{_ID}, {_HOME}, certificat médical de moins d'un an",
    ),
    "aah-et-aides-handicap": (
        (("Information AAH et aides", "Allocation adulte handicapé, prestation de compensation, "
          "carte mobilité inclusion : savoir à quoi vous avez droit."),
         ("Accompagnement aux droits des personnes handicapées", "Aide pour les demandes et les "
          "recours auprès de la CAF et de la MDPH.")),
        f"{_ID}, notification MDPH si vous l'avez, {_CAF}",
    ),
    "travailler-avec-un-handicap": (
        (("Emploi et handicap", "Un conseiller spécialisé vous aide à trouver un emploi adapté ou "
          "à garder votre poste grâce à des aménagements."),
         ("Atelier RQTH et emploi", "Comprendre la reconnaissance de travailleur handicapé et ce "
          "qu'elle peut vous apporter.")),
        "CV, notification RQTH si vous l'avez",
    ),
    "aide-au-quotidien-handicap": (
        (("Aide humaine à domicile", "Des auxiliaires de vie pour les gestes du quotidien : "
          "lever, repas, toilette, sorties."),
         ("Accompagnement à la vie sociale", "Un professionnel vous aide à organiser votre "
          "quotidien et à garder une vie sociale.")),
        "Notification MDPH ou de la prestation de compensation",
    ),
    "aider-un-proche-handicape": (
        (("Soutien aux familles", "Écoute, conseils et rencontres entre parents et proches de "
          "personnes handicapées."),
         ("Accueil de répit", "Quelques heures ou un week-end de répit pendant que votre proche "
          "est accueilli par une équipe formée.")),
        "",
    ),
    "sport-et-loisirs-adaptes": (
        (("Sport adapté", "Boccia, natation, marche nordique : des activités encadrées par des "
          "éducateurs formés au handicap."),
         ("Loisirs partagés", "Sorties culturelles, ateliers créatifs et jeux, ouverts à tous, "
          "avec ou sans handicap.")),
        "Certificat médical pour le sport",
    ),
    # mobilite
    "bus-et-metro-moins-cher": (
        (("Aide aux tarifs réduits des transports", "Nous vérifions votre droit à un tarif "
          "réduit ou à la gratuité et faisons la demande avec vous."),
         ("Point info transports", "Trouver l'abonnement le moins cher selon vos trajets et "
          "votre situation.")),
        f"{_ID}, {_CAF} ou attestation France Travail, photo d'identité",
    ),
    "apprendre-a-se-deplacer": (
        (("Atelier « Je prends le bus et le métro »", "Lire un plan, acheter un ticket, "
          "préparer son trajet : on apprend puis on fait le trajet ensemble."),
         ("Accompagnement aux déplacements", "Un bénévole vous accompagne sur un trajet "
          "jusqu'à ce que vous soyez à l'aise.")),
        "",
    ),
    "passer-le-permis-de-conduire": (
        (("Permis de conduire accompagné", "Code et conduite avec des moniteurs patients, pour "
          "les personnes qui en ont besoin pour travailler."),
         ("Aide au financement du permis", "Nous montons avec vous les demandes d'aide pour "
          "payer le permis.")),
        f"{_ID}, {_HOME}, attestation France Travail ou de la Mission locale",
    ),
    "avoir-un-velo": (
        (("Atelier de réparation de vélos", "On répare son vélo soi-même avec l'aide d'un "
          "mécanicien ; outils et pièces d'occasion à disposition."),
         ("Vélos d'occasion à petit prix", "Des vélos révisés vendus à petit prix, et du prêt "
          "pour quelques semaines.")),
        "",
    ),
    "louer-voiture-ou-scooter": (
        (("Location solidaire de véhicules", "Voitures et scooters loués quelques euros par "
          "jour pour aller travailler ou se former."),
         ("Prêt de scooter pour l'emploi", "Un scooter prêté le temps d'un contrat ou d'un stage, "
          "avec casque et assurance.")),
        f"{_ID}, permis de conduire, contrat de travail ou de formation",
    ),
    "reparer-ma-voiture": (
        (("Garage solidaire", "Entretien et réparations au prix des pièces, main-d'œuvre "
          "réduite, pour les personnes aux revenus modestes."),
         ("Atelier mécanique partagé", "Faire soi-même ses réparations avec les conseils d'un "
          "mécanicien.")),
        f"Carte grise, {_CAF} ou justificatif de ressources",
    ),
    "transport-adapte": (
        (("Transport accompagné", "Un véhicule vient vous chercher chez vous pour un rendez-vous "
          "médical ou des courses, sur réservation."),
         ("Navette seniors et handicap", "Des trajets adaptés aux fauteuils roulants dans Lille "
          "et les communes proches.")),
        "Carte mobilité inclusion si vous l'avez",
    ),
}

# Fees that differ from "gratuit": sub-need -> ((fees, detail), …), one is drawn per service.
FEES: dict[str, tuple[tuple[str, str], ...]] = {
    "epicerie-solidaire": (("gratuit-sous-conditions", "Accès selon le reste à vivre ; "
                            "produits à 10 à 30 % du prix habituel."),),
    "repas-chaud": (("gratuit", ""), ("payant", "1 € le repas")),
    "cuisiner-pas-cher": (("gratuit", ""), ("adhesion", "Adhésion au centre : 5 € par an")),
    "jardin-partage": (("adhesion", "Adhésion de 10 € par an, outils compris"), ("gratuit", "")),
    "meubles-electromenager-pas-chers": (("payant", "Prix solidaires, de 5 à 80 €"),),
    "faire-garder-mon-enfant": (("payant", "Tarif selon le quotient familial"),),
    "loisirs-et-vacances-enfants": (("payant", "Tarif selon le quotient familial"),
                                    ("adhesion", "Adhésion familiale : 10 € par an")),
    "ordinateur-ou-telephone-pas-cher": (("payant", "Ordinateur portable à partir de 90 €"),),
    "apprendre-a-utiliser-un-ordinateur": (("gratuit", ""), ("pass-numerique", "Pass numérique "
                                           "accepté"), ("adhesion", "Adhésion : 5 € par an")),
    "aide-a-domicile-menage-courses": (("payant", "Selon vos ressources ; l'APA peut en prendre "
                                        "une grande partie"),),
    "repas-livres-a-domicile": (("payant", "De 4 à 9 € le repas selon les revenus"),),
    "sorties-activites-seniors": (("adhesion", "Adhésion : 15 € par an"), ("gratuit", "")),
    "passer-le-permis-de-conduire": (("payant", "Environ le tiers du prix d'une auto-école "
                                      "classique"), ("gratuit-sous-conditions", "Pris en charge "
                                      "pour les demandeurs d'emploi orientés")),
    "avoir-un-velo": (("adhesion", "Adhésion à l'atelier : 10 € par an"),),
    "louer-voiture-ou-scooter": (("payant", "De 3 à 8 € par jour"),),
    "reparer-ma-voiture": (("payant", "Pièces au prix coûtant, main-d'œuvre à 15 € de l'heure"),),
    "transport-adapte": (("payant", "Prix d'un ticket de bus par trajet"),),
    "trouver-des-vetements": (("gratuit", ""), ("payant", "De 0,50 à 5 € la pièce")),
    "laver-son-linge": (("gratuit", ""), ("payant", "1 € la machine, lessive fournie")),
    "aide-aux-devoirs": (("gratuit", ""), ("adhesion", "Adhésion familiale : 10 € par an")),
    "apprendre-le-francais": (("gratuit", ""), ("adhesion", "Adhésion : 10 € par an")),
    "colis-alimentaire": (("gratuit-sous-conditions", "Selon les ressources du foyer"),
                          ("gratuit", "")),
    "aide-au-quotidien-handicap": (("payant", "Pris en charge par la prestation de "
                                   "compensation"),),
    "sport-et-loisirs-adaptes": (("adhesion", "Licence annuelle : 25 €"),),
}

# Access modes that a sub-need imposes whatever the partner usually does.
ACCESS_OVERRIDES: dict[str, tuple[str, ...]] = {
    "epicerie-solidaire": ("orientation",),
    "hebergement-ce-soir": ("sans-rdv", "telephone"),
    "accueil-de-jour": ("sans-rdv",),
    "prendre-une-douche": ("sans-rdv",),
    "dossier-de-surendettement": ("sur-rdv",),
    "conseil-juridique-gratuit": ("sur-rdv", "telephone"),
    "etre-suivi-par-une-assistante-sociale": ("sur-rdv",),
    "repas-livres-a-domicile": ("telephone",),
    "transport-adapte": ("telephone",),
}

# Sub-needs also offered at a distance (telephone or video).
REMOTE_FRIENDLY = frozenset({
    "parler-a-quelqu-un-sante-mentale", "seul-voir-du-monde", "violences-dans-le-couple",
    "demarche-en-ligne-avec-quelqu-un", "conseil-juridique-gratuit", "dettes-et-factures-impayees",
    "aide-aux-parents", "trouver-un-travail", "retraite-et-droits-seniors",
})

# Audiences by need; "tous-publics" is the usual answer.
AUDIENCES: dict[str, tuple[str, ...]] = {
    "acces-aux-droits": ("beneficiaires-rsa", "personnes-exilees", "familles-enfants"),
    "alimentation": ("familles-enfants", "etudiants", "sans-domicile"),
    "logement": ("familles-enfants", "jeunes-16-26", "seniors-65"),
    "sante": ("jeunes-16-26", "femmes", "sans-domicile"),
    "budget": ("beneficiaires-rsa", "familles-enfants"),
    "emploi-formation": ("demandeurs-emploi", "jeunes-16-26", "personnes-exilees",
                         "beneficiaires-rsa"),
    "famille": ("familles-enfants", "femmes"),
    "numerique": ("seniors-65", "demandeurs-emploi"),
    "seniors": ("seniors-65",),
    "urgence-sociale": ("sans-domicile", "personnes-exilees"),
    "handicap": ("personnes-handicapees",),
    "mobilite": ("demandeurs-emploi", "jeunes-16-26", "seniors-65"),
}

OTHER_LANGUAGES = ("ar", "en", "es", "ro", "uk", "tr", "pt", "ru", "ps", "ti", "it", "de", "zh")

EXCEPTION_LABELS = (
    "Fermé : journée de formation de l'équipe",
    "Fermé : assemblée générale de l'association",
    "Ouvert le matin seulement : fête de quartier l'après-midi",
    "Fermé : inventaire",
)

CLOSURE_MESSAGES = (
    "Fermeture pour travaux, réouverture le {reopening}.",
    "Fermeture annuelle, réouverture le {reopening}.",
    "Déménagement en cours : réouverture le {reopening} à la même adresse.",
    "Fermeture pour congés, réouverture le {reopening}.",
)

MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
    "octobre", "novembre", "décembre",
)
