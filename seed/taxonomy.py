"""The needs taxonomy of the directory.

Residents start from one of 12 fixed needs (the tiles of the home page), then
choose a sub-need worded the way a person in difficulty would say it. Slugs are
stable identifiers used in URLs and in the database; labels and descriptions
are plain French and go through translation.

Every sub-need is mapped to one to three thématiques of the data·inclusion v1
vocabulary, so that listings can be imported from and exported to the national
standard. Source of that vocabulary: the data·inclusion schema (thématiques
v1), published under the Licence Ouverte / Open Licence 2.0 (Etalab).
"""

from dataclasses import dataclass


def N_(text: str) -> str:
    """Mark a string for translation extraction (pybabel keyword ``N_``).

    The string is returned unchanged; it is translated later, at display time.
    """
    return text


@dataclass(frozen=True)
class SubNeedSpec:
    slug: str
    label: str
    thematiques: tuple[str, ...]
    description: str = ""


@dataclass(frozen=True)
class NeedSpec:
    slug: str
    label: str
    pictogram: str
    description: str
    subneeds: tuple[SubNeedSpec, ...]


# Short aliases for the data·inclusion categories, to keep the table readable.
_ADM = "difficultes-administratives-ou-juridiques--"
_FIN = "difficultes-financieres--"
_EQA = "equipement-et-alimentation--"
_FAM = "famille--"
_LEC = "lecture-ecriture-calcul--"
_LOG = "logement-hebergement--"
_MOB = "mobilite--"
_NUM = "numerique--"
_REM = "remobilisation--"
_SAN = "sante--"
_FOR = "se-former--"
_MET = "choisir-un-metier--"
_ENT = "creer-une-entreprise--"
_CAN = "preparer-sa-candidature--"
_EMP = "trouver-un-emploi--"


NEEDS: tuple[NeedSpec, ...] = (
    NeedSpec(
        slug="acces-aux-droits",
        label=N_("Accès aux droits et démarches"),
        pictogram="acces-aux-droits",
        description=N_("Papiers, allocations, courriers, conseils juridiques gratuits"),
        subneeds=(
            SubNeedSpec(
                slug="aide-caf-rsa-apl",
                label=N_("Aide pour la CAF, le RSA, les APL"),
                description=N_("Demander une allocation, la garder, comprendre ce que la CAF vous demande."),
                thematiques=(
                    _ADM + "accompagnement-pour-lacces-aux-droits",
                    _ADM + "accompagnement-aux-demarches-administratives",
                ),
            ),
            SubNeedSpec(
                slug="papiers-identite-titre-de-sejour",
                label=N_("Papiers d'identité, titre de séjour"),
                description=N_("Carte d'identité, passeport, titre de séjour, nationalité française."),
                thematiques=(
                    _ADM + "accompagnement-aux-demarches-administratives",
                    _ADM + "accompagnement-pour-lacces-a-la-citoyennete",
                ),
            ),
            SubNeedSpec(
                slug="comprendre-un-courrier-remplir-un-dossier",
                label=N_("Comprendre un courrier, remplir un dossier"),
                description=N_("Quelqu'un lit avec vous une lettre ou un formulaire et vous aide à répondre."),
                thematiques=(_ADM + "accompagnement-aux-demarches-administratives",),
            ),
            SubNeedSpec(
                slug="etre-suivi-par-une-assistante-sociale",
                label=N_("Être suivi par une assistante sociale"),
                description=N_("Avoir une personne qui fait le point avec vous et vous accompagne dans le temps."),
                thematiques=(
                    _ADM + "beneficier-dune-mesure-daccompagnement-adapte",
                    _ADM + "accompagnement-pour-lacces-aux-droits",
                ),
            ),
            SubNeedSpec(
                slug="conseil-juridique-gratuit",
                label=N_("Parler à un juriste ou un avocat"),
                description=N_("Conseil gratuit pour un litige, une amende, un procès ou un problème avec la justice."),
                thematiques=(
                    _ADM + "prendre-en-compte-une-problematique-judiciaire",
                    _ADM + "accompagnement-pour-lacces-aux-droits",
                ),
            ),
            SubNeedSpec(
                slug="victime-de-discrimination",
                label=N_("Victime de discrimination"),
                description=N_("Traité moins bien à cause de son origine, son sexe, son handicap : connaître ses droits."),
                thematiques=(_ADM + "connaitre-ses-droits-face-a-une-discrimination",),
            ),
        ),
    ),
    NeedSpec(
        slug="alimentation",
        label=N_("Se nourrir"),
        pictogram="alimentation",
        description=N_("Colis, repas, épiceries solidaires"),
        subneeds=(
            SubNeedSpec(
                slug="colis-alimentaire",
                label=N_("Colis alimentaire"),
                description=N_("Recevoir gratuitement un colis de nourriture à emporter."),
                thematiques=(_EQA + "alimentation",),
            ),
            SubNeedSpec(
                slug="repas-chaud",
                label=N_("Repas chaud"),
                description=N_("Manger un repas chaud sur place, gratuit ou à tout petit prix."),
                thematiques=(_EQA + "alimentation",),
            ),
            SubNeedSpec(
                slug="epicerie-solidaire",
                label=N_("Épicerie solidaire"),
                description=N_("Faire ses courses beaucoup moins cher dans une épicerie réservée."),
                thematiques=(_EQA + "alimentation",),
            ),
            SubNeedSpec(
                slug="lait-et-petits-pots-bebe",
                label=N_("Lait et petits pots pour bébé"),
                description=N_("Lait, couches et nourriture pour les tout-petits."),
                thematiques=(
                    _EQA + "alimentation",
                    _FAM + "soutien-a-la-parentalite-et-a-leducation",
                ),
            ),
            SubNeedSpec(
                slug="cuisiner-pas-cher",
                label=N_("Apprendre à cuisiner pas cher"),
                description=N_("Ateliers pour faire de bons repas avec peu d'argent."),
                thematiques=(
                    _EQA + "alimentation",
                    _FIN + "ameliorer-sa-gestion-budgetaire",
                ),
            ),
            SubNeedSpec(
                slug="jardin-partage",
                label=N_("Jardin partagé, cultiver ses légumes"),
                description=N_("Faire pousser des fruits et légumes avec d'autres habitants du quartier."),
                thematiques=(
                    _EQA + "alimentation",
                    _REM + "lien-social",
                ),
            ),
        ),
    ),
    NeedSpec(
        slug="logement",
        label=N_("Se loger"),
        pictogram="logement",
        description=N_("Trouver un logement, le garder, payer son loyer, s'équiper"),
        subneeds=(
            SubNeedSpec(
                slug="demander-un-logement-social",
                label=N_("Demander un logement social"),
                description=N_("Faire ou renouveler sa demande de HLM et savoir où elle en est."),
                thematiques=(
                    _LOG + "sinformer-sur-les-demarches-liees-a-lacces-au-logement",
                    _LOG + "louer-un-logement",
                ),
            ),
            SubNeedSpec(
                slug="trouver-un-logement-a-louer",
                label=N_("Trouver un appartement à louer"),
                description=N_("Chercher une location, monter son dossier, trouver un garant."),
                thematiques=(
                    _LOG + "louer-un-logement",
                    _LOG + "changer-de-logement",
                ),
            ),
            SubNeedSpec(
                slug="loyer-impaye-expulsion",
                label=N_("Loyer en retard, peur d'être expulsé"),
                description=N_("Trouver une solution avec le propriétaire avant qu'il ne soit trop tard."),
                thematiques=(
                    _LOG + "reduire-les-impayes-de-loyer",
                    _LOG + "se-maintenir-dans-le-logement",
                ),
            ),
            SubNeedSpec(
                slug="logement-en-mauvais-etat",
                label=N_("Logement en mauvais état, humide"),
                description=N_("Moisissures, froid, insectes, travaux non faits : faire valoir ses droits."),
                thematiques=(
                    _LOG + "se-maintenir-dans-le-logement",
                    _ADM + "accompagnement-pour-lacces-aux-droits",
                ),
            ),
            SubNeedSpec(
                slug="meubles-electromenager-pas-chers",
                label=N_("Meubles et électroménager pas chers"),
                description=N_("Frigo, machine à laver, lit, table : à petit prix ou donnés."),
                thematiques=(_EQA + "electromenager",),
            ),
            SubNeedSpec(
                slug="devenir-proprietaire",
                label=N_("Devenir propriétaire"),
                description=N_("Savoir si l'on peut acheter un logement et quelles aides existent."),
                thematiques=(_LOG + "acheter-un-logement",),
            ),
        ),
    ),
    NeedSpec(
        slug="sante",
        label=N_("Se soigner"),
        pictogram="sante",
        description=N_("Voir un médecin, être remboursé, santé mentale, addictions"),
        subneeds=(
            SubNeedSpec(
                slug="voir-un-medecin-gratuitement",
                label=N_("Voir un médecin gratuitement"),
                description=N_("Consultations sans avance de frais, même sans carte Vitale."),
                thematiques=(_SAN + "acces-aux-soins",),
            ),
            SubNeedSpec(
                slug="carte-vitale-complementaire-sante",
                label=N_("Carte Vitale, complémentaire santé"),
                description=N_("Ouvrir ses droits à l'Assurance maladie et à la complémentaire santé solidaire."),
                thematiques=(
                    _SAN + "acces-aux-soins",
                    _ADM + "accompagnement-pour-lacces-aux-droits",
                ),
            ),
            SubNeedSpec(
                slug="dentiste-lunettes",
                label=N_("Dentiste, lunettes"),
                description=N_("Se faire soigner les dents ou avoir des lunettes sans trop payer."),
                thematiques=(_SAN + "acces-aux-soins",),
            ),
            SubNeedSpec(
                slug="parler-a-quelqu-un-sante-mentale",
                label=N_("Parler à quelqu'un, aller mieux"),
                description=N_("Stress, tristesse, idées noires : être écouté par un professionnel."),
                thematiques=(
                    _SAN + "sante-mentale",
                    _REM + "bien-etre-confiance-en-soi",
                ),
            ),
            SubNeedSpec(
                slug="alcool-drogue-tabac-jeux",
                label=N_("Alcool, drogue, tabac, jeux"),
                description=N_("Réduire ou arrêter, sans jugement, avec une équipe qui connaît le sujet."),
                thematiques=(_SAN + "addictions",),
            ),
            SubNeedSpec(
                slug="contraception-grossesse-depistage",
                label=N_("Contraception, grossesse, dépistage"),
                description=N_("Pilule, test de grossesse, IVG, dépistage du VIH et des infections."),
                thematiques=(_SAN + "sante-sexuelle",),
            ),
        ),
    ),
    NeedSpec(
        slug="budget",
        label=N_("Gérer son budget"),
        pictogram="budget",
        description=N_("Dettes, factures, surendettement, aide pour faire ses comptes"),
        subneeds=(
            SubNeedSpec(
                slug="dettes-et-factures-impayees",
                label=N_("Dettes et factures impayées"),
                description=N_("Faire le point sur ce que l'on doit et trouver des solutions pour payer."),
                thematiques=(
                    _FIN + "situation-dendettement-surendettement",
                    _FIN + "prevenir-une-degradation-de-la-situation-financiere",
                ),
            ),
            SubNeedSpec(
                slug="dossier-de-surendettement",
                label=N_("Faire un dossier de surendettement"),
                description=N_("Être aidé pour remplir le dossier de la Banque de France."),
                thematiques=(_FIN + "situation-dendettement-surendettement",),
            ),
            SubNeedSpec(
                slug="factures-electricite-gaz-eau",
                label=N_("Payer l'électricité, le gaz, l'eau"),
                description=N_("Aides pour les factures d'énergie et conseils pour consommer moins."),
                thematiques=(
                    _FIN + "prevenir-une-degradation-de-la-situation-financiere",
                    _FIN + "ameliorer-sa-gestion-budgetaire",
                ),
            ),
            SubNeedSpec(
                slug="aide-financiere-urgente",
                label=N_("Aide d'argent en urgence"),
                description=N_("Un secours ou un petit prêt pour passer un moment difficile."),
                thematiques=(_FIN + "prevenir-une-degradation-de-la-situation-financiere",),
            ),
            SubNeedSpec(
                slug="apprendre-a-faire-ses-comptes",
                label=N_("Apprendre à faire ses comptes"),
                description=N_("Savoir ce qui rentre et ce qui sort chaque mois pour mieux s'organiser."),
                thematiques=(
                    _FIN + "ameliorer-sa-gestion-budgetaire",
                    _FIN + "acquerir-une-autonomie-budgetaire",
                ),
            ),
            SubNeedSpec(
                slug="ouvrir-un-compte-en-banque",
                label=N_("Ouvrir un compte en banque"),
                description=N_("Obtenir un compte, même après un refus, et comprendre les frais bancaires."),
                thematiques=(
                    _FIN + "acquerir-une-autonomie-budgetaire",
                    _ADM + "accompagnement-pour-lacces-aux-droits",
                ),
            ),
            SubNeedSpec(
                slug="tutelle-curatelle",
                label=N_("Être protégé : tutelle, curatelle"),
                description=N_("Mettre en place une mesure pour être aidé à gérer son argent."),
                thematiques=(
                    _FIN + "mettre-en-place-une-mesure-de-protection-financiere",
                    _ADM + "beneficier-dune-mesure-daccompagnement-adapte",
                ),
            ),
        ),
    ),
    NeedSpec(
        slug="emploi-formation",
        label=N_("Emploi, formation, apprendre le français"),
        pictogram="emploi-formation",
        description=N_("Trouver un travail, une formation, apprendre le français ou à lire"),
        subneeds=(
            SubNeedSpec(
                slug="trouver-un-travail",
                label=N_("Trouver un travail"),
                description=N_("Chercher des offres, envoyer des candidatures, être accompagné dans sa recherche."),
                thematiques=(
                    _EMP + "repondre-a-des-offres-demploi",
                    _EMP + "faire-des-candidatures-spontanees",
                    _CAN + "organiser-ses-demarches-de-recherche-demploi",
                ),
            ),
            SubNeedSpec(
                slug="cv-et-entretien-d-embauche",
                label=N_("Faire mon CV, préparer un entretien"),
                description=N_("Écrire son CV et sa lettre, s'entraîner à parler à un employeur."),
                thematiques=(
                    _CAN + "realiser-un-cv-et-ou-une-lettre-de-motivation",
                    _EMP + "convaincre-un-recruteur-en-entretien",
                    _CAN + "valoriser-ses-competences",
                ),
            ),
            SubNeedSpec(
                slug="choisir-un-metier",
                label=N_("Savoir quel métier faire"),
                description=N_("Découvrir des métiers, savoir ce que l'on sait faire, essayer en entreprise."),
                thematiques=(
                    _MET + "decouvrir-un-metier-ou-un-secteur-dactivite",
                    _MET + "identifier-ses-points-forts-et-ses-competences",
                    _MET + "confirmer-son-choix-de-metier",
                ),
            ),
            SubNeedSpec(
                slug="trouver-une-formation",
                label=N_("Trouver une formation"),
                description=N_("Apprendre un métier, avoir un diplôme, et savoir qui peut la payer."),
                thematiques=(
                    _FOR + "trouver-sa-formation",
                    _FOR + "monter-son-dossier-de-formation",
                ),
            ),
            SubNeedSpec(
                slug="apprendre-le-francais",
                label=N_("Apprendre le français"),
                description=N_("Cours de français pour parler, comprendre, lire et écrire, tous niveaux."),
                thematiques=(_LEC + "maitriser-le-francais",),
            ),
            SubNeedSpec(
                slug="lire-ecrire-compter",
                label=N_("Mieux lire, écrire, compter"),
                description=N_("Reprendre les bases à son rythme, en petit groupe, sans être jugé."),
                thematiques=(
                    _LEC + "maitriser-le-francais",
                    _LEC + "maitriser-le-calcul",
                ),
            ),
            SubNeedSpec(
                slug="creer-mon-entreprise",
                label=N_("Créer mon entreprise"),
                description=N_("Monter son projet, devenir auto-entrepreneur, trouver un financement."),
                thematiques=(
                    _ENT + "definir-son-projet-de-creation-dentreprise",
                    _ENT + "structurer-son-projet-de-creation-dentreprise",
                    _ENT + "developper-son-entreprise",
                ),
            ),
        ),
    ),
    NeedSpec(
        slug="famille",
        label=N_("Famille et enfants"),
        pictogram="famille",
        description=N_("Garde d'enfants, aide aux parents, violences, séparation, proches aidants"),
        subneeds=(
            SubNeedSpec(
                slug="faire-garder-mon-enfant",
                label=N_("Faire garder mon enfant"),
                description=N_("Crèche, assistante maternelle, halte-garderie, même pour quelques heures."),
                thematiques=(_FAM + "garde-denfants",),
            ),
            SubNeedSpec(
                slug="aide-aux-parents",
                label=N_("Être aidé comme parent"),
                description=N_("Conseils et écoute pour élever ses enfants, du bébé à l'adolescent."),
                thematiques=(_FAM + "soutien-a-la-parentalite-et-a-leducation",),
            ),
            SubNeedSpec(
                slug="aide-aux-devoirs",
                label=N_("Aide aux devoirs"),
                description=N_("Un accompagnement après l'école pour les devoirs et les leçons."),
                thematiques=(_FAM + "soutien-a-la-parentalite-et-a-leducation",),
            ),
            SubNeedSpec(
                slug="loisirs-et-vacances-enfants",
                label=N_("Loisirs et vacances pour les enfants"),
                description=N_("Centres de loisirs, sport, culture et séjours à petit prix."),
                thematiques=(
                    _REM + "activites-sportives-et-culturelles",
                    _FAM + "soutien-a-la-parentalite-et-a-leducation",
                ),
            ),
            SubNeedSpec(
                slug="violences-dans-le-couple",
                label=N_("Violences dans le couple"),
                description=N_("Être écouté, protégé, mis à l'abri et aidé pour porter plainte."),
                thematiques=(
                    _FAM + "surmonter-conflits-separation-violence",
                    _ADM + "prendre-en-compte-une-problematique-judiciaire",
                ),
            ),
            SubNeedSpec(
                slug="separation-divorce",
                label=N_("Séparation, divorce, garde des enfants"),
                description=N_("Médiation familiale et conseils pour s'organiser après une séparation."),
                thematiques=(
                    _FAM + "surmonter-conflits-separation-violence",
                    _ADM + "prendre-en-compte-une-problematique-judiciaire",
                ),
            ),
            SubNeedSpec(
                slug="m-occuper-d-un-proche",
                label=N_("M'occuper d'un proche malade ou âgé"),
                description=N_("Du soutien et du répit pour les personnes qui aident un proche."),
                thematiques=(
                    _FAM + "soutien-aidants",
                    _FAM + "prise-en-charge-personne-dependante",
                ),
            ),
        ),
    ),
    NeedSpec(
        slug="numerique",
        label=N_("Numérique : apprendre, s'équiper, être aidé"),
        pictogram="numerique",
        description=N_("Démarches en ligne, ordinateur, téléphone, accès à internet"),
        subneeds=(
            SubNeedSpec(
                slug="demarche-en-ligne-avec-quelqu-un",
                label=N_("Faire une démarche en ligne avec quelqu'un"),
                description=N_("Une personne vous aide sur le site de la CAF, des impôts, d'Ameli ou de France Travail."),
                thematiques=(
                    _NUM + "acceder-a-des-services-en-ligne",
                    _ADM + "accompagnement-aux-demarches-administratives",
                ),
            ),
            SubNeedSpec(
                slug="apprendre-a-utiliser-un-ordinateur",
                label=N_("Apprendre à utiliser un ordinateur"),
                description=N_("Ateliers pour débutants : souris, clavier, internet, à votre rythme."),
                thematiques=(_NUM + "maitriser-les-fondamentaux-du-numerique",),
            ),
            SubNeedSpec(
                slug="apprendre-a-utiliser-son-telephone",
                label=N_("Apprendre à utiliser mon téléphone"),
                description=N_("Appeler en vidéo, installer une application, envoyer une photo."),
                thematiques=(_NUM + "maitriser-les-fondamentaux-du-numerique",),
            ),
            SubNeedSpec(
                slug="adresse-mail-et-mots-de-passe",
                label=N_("Créer une adresse mail, gérer mes comptes"),
                description=N_("Avoir une adresse mail, retrouver ses mots de passe, éviter les arnaques."),
                thematiques=(
                    _NUM + "maitriser-les-fondamentaux-du-numerique",
                    _NUM + "acceder-a-des-services-en-ligne",
                ),
            ),
            SubNeedSpec(
                slug="ordinateur-ou-telephone-pas-cher",
                label=N_("Avoir un ordinateur ou un téléphone pas cher"),
                description=N_("Matériel reconditionné à petit prix, ou prêté, et forfaits solidaires."),
                thematiques=(_NUM + "acquerir-un-equipement",),
            ),
            SubNeedSpec(
                slug="internet-et-impression",
                label=N_("Aller sur internet, imprimer, scanner"),
                description=N_("Un lieu avec ordinateur, wifi gratuit, imprimante et scanner en libre accès."),
                thematiques=(_NUM + "acceder-a-une-connexion-internet",),
            ),
        ),
    ),
    NeedSpec(
        slug="seniors",
        label=N_("Seniors"),
        pictogram="seniors",
        description=N_("Aide à domicile, sortir de l'isolement, retraite, rester chez soi"),
        subneeds=(
            SubNeedSpec(
                slug="aide-a-domicile-menage-courses",
                label=N_("Aide à domicile : ménage, courses"),
                description=N_("Quelqu'un vient chez vous pour le ménage, les courses ou la toilette."),
                thematiques=(
                    _EQA + "aide-menagere",
                    _FAM + "prise-en-charge-personne-dependante",
                ),
            ),
            SubNeedSpec(
                slug="repas-livres-a-domicile",
                label=N_("Repas livrés à la maison"),
                description=N_("Le portage de repas pour celles et ceux qui ne peuvent plus cuisiner."),
                thematiques=(
                    _EQA + "alimentation",
                    _EQA + "aide-menagere",
                ),
            ),
            SubNeedSpec(
                slug="seul-voir-du-monde",
                label=N_("Je me sens seul, voir du monde"),
                description=N_("Visites, appels, cafés et clubs pour rompre la solitude."),
                thematiques=(_REM + "lien-social",),
            ),
            SubNeedSpec(
                slug="sorties-activites-seniors",
                label=N_("Sorties, activités, sport doux"),
                description=N_("Gym douce, marche, ateliers mémoire, sorties culturelles près de chez vous."),
                thematiques=(
                    _REM + "activites-sportives-et-culturelles",
                    _REM + "lien-social",
                ),
            ),
            SubNeedSpec(
                slug="retraite-et-droits-seniors",
                label=N_("Ma retraite, mes droits"),
                description=N_("Demander sa retraite, le minimum vieillesse ou l'aide pour rester autonome."),
                thematiques=(
                    _ADM + "accompagnement-pour-lacces-aux-droits",
                    _ADM + "accompagnement-aux-demarches-administratives",
                ),
            ),
            SubNeedSpec(
                slug="adapter-mon-logement",
                label=N_("Adapter mon logement pour y rester"),
                description=N_("Douche à l'italienne, barres d'appui, téléassistance : rester chez soi en sécurité."),
                thematiques=(_LOG + "se-maintenir-dans-le-logement",),
            ),
            SubNeedSpec(
                slug="maison-de-retraite",
                label=N_("Trouver une maison de retraite"),
                description=N_("Résidence autonomie ou EHPAD : choisir, faire la demande, payer."),
                thematiques=(
                    _FAM + "prise-en-charge-personne-dependante",
                    _LOG + "changer-de-logement",
                ),
            ),
        ),
    ),
    NeedSpec(
        slug="urgence-sociale",
        label=N_("Urgence : dormir, se laver, s'habiller"),
        pictogram="urgence-sociale",
        description=N_("Dormir ce soir, se poser au chaud, douche, vêtements, adresse"),
        subneeds=(
            SubNeedSpec(
                slug="hebergement-ce-soir",
                label=N_("Trouver un hébergement ce soir"),
                description=N_("Une place pour dormir à l'abri cette nuit. Numéro d'urgence : le 115."),
                thematiques=(_LOG + "rechercher-une-solution-dhebergement-temporaire",),
            ),
            SubNeedSpec(
                slug="accueil-de-jour",
                label=N_("Me poser au chaud la journée"),
                description=N_("Accueil de jour : se reposer, boire un café, parler avec quelqu'un."),
                thematiques=(
                    _REM + "lien-social",
                    _LOG + "rechercher-une-solution-dhebergement-temporaire",
                ),
            ),
            SubNeedSpec(
                slug="prendre-une-douche",
                label=N_("Prendre une douche"),
                description=N_("Douches gratuites, avec savon et serviette, et soins d'hygiène."),
                thematiques=(_SAN + "acces-aux-soins",),
            ),
            SubNeedSpec(
                slug="laver-son-linge",
                label=N_("Laver mon linge"),
                description=N_("Machines à laver gratuites ou à petit prix."),
                thematiques=(_EQA + "habillement",),
            ),
            SubNeedSpec(
                slug="trouver-des-vetements",
                label=N_("Trouver des vêtements"),
                description=N_("Vêtements et chaussures donnés ou à tout petit prix, pour tous les âges."),
                thematiques=(_EQA + "habillement",),
            ),
            SubNeedSpec(
                slug="adresse-pour-le-courrier",
                label=N_("Avoir une adresse pour mon courrier"),
                description=N_("Domiciliation : recevoir ses lettres quand on n'a pas de logement stable."),
                thematiques=(
                    _ADM + "accompagnement-aux-demarches-administratives",
                    _ADM + "accompagnement-pour-lacces-aux-droits",
                ),
            ),
        ),
    ),
    NeedSpec(
        slug="handicap",
        label=N_("Handicap"),
        pictogram="handicap",
        description=N_("Dossier MDPH, allocations, travail, aide au quotidien, loisirs"),
        subneeds=(
            SubNeedSpec(
                slug="faire-mon-dossier-mdph",
                label=N_("Faire mon dossier MDPH"),
                description=N_("Être aidé pour remplir le dossier et réunir les papiers demandés."),
                thematiques=(_SAN + "constituer-un-dossier-mdph-invalidite",),
            ),
            SubNeedSpec(
                slug="aah-et-aides-handicap",
                label=N_("Toucher l'AAH ou une autre aide"),
                description=N_("Allocation adulte handicapé, pension d'invalidité, carte mobilité inclusion."),
                thematiques=(
                    _SAN + "constituer-un-dossier-mdph-invalidite",
                    _ADM + "accompagnement-pour-lacces-aux-droits",
                ),
            ),
            SubNeedSpec(
                slug="travailler-avec-un-handicap",
                label=N_("Travailler avec un handicap"),
                description=N_("Trouver un emploi adapté ou garder son poste grâce à des aménagements."),
                thematiques=(
                    _EMP + "maintien-dans-lemploi",
                    _EMP + "repondre-a-des-offres-demploi",
                ),
            ),
            SubNeedSpec(
                slug="aide-au-quotidien-handicap",
                label=N_("Être aidé chez moi au quotidien"),
                description=N_("Aide humaine pour les gestes de tous les jours, à la maison."),
                thematiques=(
                    _FAM + "prise-en-charge-personne-dependante",
                    _EQA + "aide-menagere",
                ),
            ),
            SubNeedSpec(
                slug="aider-un-proche-handicape",
                label=N_("Aider un proche handicapé"),
                description=N_("Soutien, conseils et temps de répit pour la famille."),
                thematiques=(_FAM + "soutien-aidants",),
            ),
            SubNeedSpec(
                slug="sport-et-loisirs-adaptes",
                label=N_("Sport et loisirs adaptés"),
                description=N_("Activités sportives et culturelles ouvertes aux personnes handicapées."),
                thematiques=(
                    _REM + "activites-sportives-et-culturelles",
                    _REM + "lien-social",
                ),
            ),
        ),
    ),
    NeedSpec(
        slug="mobilite",
        label=N_("Se déplacer"),
        pictogram="mobilite",
        description=N_("Transports pas chers, permis, vélo, voiture, transport adapté"),
        subneeds=(
            SubNeedSpec(
                slug="bus-et-metro-moins-cher",
                label=N_("Payer moins cher le bus et le métro"),
                description=N_("Tarifs réduits ou gratuité selon vos ressources ou votre situation."),
                thematiques=(_MOB + "financer-ma-mobilite",),
            ),
            SubNeedSpec(
                slug="apprendre-a-se-deplacer",
                label=N_("Apprendre à prendre le bus, le métro"),
                description=N_("Être accompagné pour lire un plan, un horaire et faire le trajet."),
                thematiques=(_MOB + "etre-accompagne-dans-son-parcours-mobilite",),
            ),
            SubNeedSpec(
                slug="passer-le-permis-de-conduire",
                label=N_("Passer le permis de conduire"),
                description=N_("Auto-école sociale et aides pour payer le permis."),
                # The package's vocabulary (data-inclusion-schema 1.0.10) names this
                # "preparer-un-permis" (any licence, the driving one included).
                thematiques=(
                    _MOB + "preparer-un-permis",
                    _MOB + "financer-ma-mobilite",
                ),
            ),
            SubNeedSpec(
                slug="avoir-un-velo",
                label=N_("Avoir un vélo, le réparer"),
                description=N_("Vélos à petit prix, prêt de vélo, ateliers pour apprendre à le réparer."),
                thematiques=(
                    _MOB + "acceder-a-un-vehicule",
                    _MOB + "entretenir-reparer-son-vehicule",
                ),
            ),
            SubNeedSpec(
                slug="louer-voiture-ou-scooter",
                label=N_("Louer une voiture ou un scooter"),
                description=N_("Location solidaire ou autopartage à petit prix, pour le travail ou un stage."),
                # Shared mobility is "mobilite-douce-partagee-collective" in the package's
                # vocabulary ("Utiliser des services de mobilité douce, partagée ou collective").
                thematiques=(
                    _MOB + "acceder-a-un-vehicule",
                    _MOB + "mobilite-douce-partagee-collective",
                ),
            ),
            SubNeedSpec(
                slug="reparer-ma-voiture",
                label=N_("Réparer ma voiture pas cher"),
                description=N_("Garages solidaires pour l'entretien et les réparations."),
                thematiques=(_MOB + "entretenir-reparer-son-vehicule",),
            ),
            SubNeedSpec(
                slug="transport-adapte",
                label=N_("Transport adapté (handicap, âge)"),
                description=N_("Un véhicule vient vous chercher quand vous ne pouvez pas prendre le bus."),
                thematiques=(
                    _MOB + "mobilite-douce-partagee-collective",
                    _MOB + "etre-accompagne-dans-son-parcours-mobilite",
                ),
            ),
        ),
    ),
)


# Limits used by the self-check below.
NEED_COUNT = 12
SUBNEEDS_MIN, SUBNEEDS_MAX = 5, 7
THEMATIQUES_MIN, THEMATIQUES_MAX = 1, 3
SLUG_MAX = 60
LABEL_MAX = 45
NEED_DESCRIPTION_MAX = 90
SUBNEED_DESCRIPTION_MAX = 120


def _is_kebab_ascii(slug: str) -> bool:
    if not slug or slug.startswith("-") or slug.endswith("-") or "--" in slug:
        return False
    return all(c.isascii() and (c.islower() or c.isdigit() or c == "-") for c in slug)


def check_taxonomy(valid_thematiques: set[str]) -> list[str]:
    """Return a list of problems found in ``NEEDS`` (empty when all is well).

    ``valid_thematiques`` is the set of data·inclusion thématique codes
    (the ``value`` column of the vocabulary file).
    """
    problems: list[str] = []
    if len(NEEDS) != NEED_COUNT:
        problems.append(f"expected {NEED_COUNT} needs, found {len(NEEDS)}")

    need_slugs: set[str] = set()
    subneed_slugs: set[str] = set()
    for need in NEEDS:
        if need.slug in need_slugs:
            problems.append(f"duplicate need slug: {need.slug}")
        need_slugs.add(need.slug)
        if not _is_kebab_ascii(need.slug):
            problems.append(f"need slug is not ascii kebab-case: {need.slug}")
        if need.pictogram != need.slug:
            problems.append(f"{need.slug}: pictogram should be the need slug")
        if not need.description or len(need.description) > NEED_DESCRIPTION_MAX:
            problems.append(f"{need.slug}: description missing or longer than {NEED_DESCRIPTION_MAX}")

        count = len(need.subneeds)
        if not SUBNEEDS_MIN <= count <= SUBNEEDS_MAX:
            problems.append(
                f"{need.slug}: {count} sub-needs (expected {SUBNEEDS_MIN} to {SUBNEEDS_MAX})"
            )
        for sub in need.subneeds:
            where = f"{need.slug}/{sub.slug}"
            if sub.slug in subneed_slugs:
                problems.append(f"duplicate sub-need slug: {sub.slug}")
            subneed_slugs.add(sub.slug)
            if not _is_kebab_ascii(sub.slug) or len(sub.slug) > SLUG_MAX:
                problems.append(f"{where}: slug is not ascii kebab-case of at most {SLUG_MAX}")
            if not sub.label or len(sub.label) > LABEL_MAX:
                problems.append(f"{where}: label missing or longer than {LABEL_MAX}")
            if not sub.description or len(sub.description) > SUBNEED_DESCRIPTION_MAX:
                problems.append(
                    f"{where}: description missing or longer than {SUBNEED_DESCRIPTION_MAX}"
                )
            n_them = len(sub.thematiques)
            if not THEMATIQUES_MIN <= n_them <= THEMATIQUES_MAX:
                problems.append(
                    f"{where}: {n_them} thématiques (expected {THEMATIQUES_MIN} to {THEMATIQUES_MAX})"
                )
            if len(set(sub.thematiques)) != n_them:
                problems.append(f"{where}: repeated thématique")
            for code in sub.thematiques:
                if code not in valid_thematiques:
                    problems.append(f"{where}: unknown thématique {code}")
    return problems
