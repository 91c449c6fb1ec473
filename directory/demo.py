"""Demo territory, part two: the network's organisations, the partners' memberships and the
directory's services (some out of date, some with changes awaiting the pilot's approval)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from directory.models import Category, Condition, Membership, Organisation, Public, Service
from portal.demo import DemoContext

K = Organisation.Kind

# name, kind, INSEE code of the commune where it sits
ORGANISATIONS = [
    ("Centre hospitalier universitaire de Tours", K.HOSPITAL, "37261"),
    ("Centre hospitalier du Chinonais", K.HOSPITAL, "37072"),
    ("Centre hospitalier de Loches", K.HOSPITAL, "37132"),
    ("Centre hospitalier intercommunal d'Amboise – Château-Renault", K.HOSPITAL, "37003"),
    ("CLIC Touraine Nord-Ouest", K.CLIC, "37214"),
    ("CLIC du Lochois", K.CLIC, "37132"),
    ("CLIC Val d'Amboise", K.CLIC, "37003"),
    ("CCAS de Tours", K.CCAS, "37261"),
    ("CCAS de Joué-lès-Tours", K.CCAS, "37122"),
    ("CCAS de Chinon", K.CCAS, "37072"),
    ("CCAS de Saint-Pierre-des-Corps", K.CCAS, "37233"),
    ("SSIAD de l'agglomération tourangelle", K.SSIAD, "37261"),
    ("SSIAD du Véron et du Chinonais", K.SSIAD, "37072"),
    ("SSIAD du Sud Touraine", K.SSIAD, "37115"),
    ("HAD Touraine", K.HAD, "37050"),
    ("Service d'aide à domicile Touraine Services", K.HOME_HELP, "37208"),
    ("Aide à domicile en milieu rural du Lochois", K.HOME_HELP, "37132"),
    ("CSAPA Port-Bretagne", K.ADDICTION, "37261"),
    ("CSAPA du Chinonais", K.ADDICTION, "37072"),
    ("Centre de soins de suite et de réadaptation Bel-Air", K.REHAB, "37159"),
    ("Centre de rééducation fonctionnelle de Luynes", K.REHAB, "37139"),
    ("EHPAD Les Tilleuls", K.NURSING_HOME, "37027"),
    ("EHPAD Le Clos Saint-Martin", K.NURSING_HOME, "37123"),
    ("Pharmacie du Pont de Cher", K.PHARMACY, "37122"),
    ("Pharmacie de la Place du Marché", K.PHARMACY, "37132"),
    ("Pharmacie des Halles", K.PHARMACY, "37261"),
    ("Pharmacie de Bourgueil", K.PHARMACY, "37031"),
    ("Association des aidants de Touraine", K.COMMUNITY, "37261"),
    ("Entraide Alzheimer 37", K.COMMUNITY, "37208"),
    ("Épicerie solidaire du Chinonais", K.COMMUNITY, "37072"),
    ("Transport solidaire Sud Touraine", K.COMMUNITY, "37130"),
    ("Maison de santé pluriprofessionnelle de Monts", K.GP_PRACTICE, "37159"),
    ("Maison de santé du Richelais", K.GP_PRACTICE, "37196"),
    ("Dispositif d'appui à la coordination de Touraine", K.DAC, "37050"),
    ("Agence régionale de santé – délégation d'Indre-et-Loire", K.ARS, "37261"),
    ("Conseil départemental d'Indre-et-Loire – direction de l'autonomie", K.DEPARTMENT, "37261"),
    ("Ville de Tours", K.COMMUNE, "37261"),
    ("Caisse d'assurance retraite Centre-Val de Loire", K.FUNDER, "37261"),
    ("Union régionale des professionnels de santé infirmiers", K.UNION, "37261"),
    ("Collectif des usagers de santé de Touraine", K.USERS, "37261"),
]

# account key, organisation name, role, may edit the organisation's entries
MEMBERSHIPS = [
    ("pilot", "Dispositif d'appui à la coordination de Touraine", Membership.Role.STAFF, False),
    (
        "case_manager",
        "Dispositif d'appui à la coordination de Touraine",
        Membership.Role.CASE_MANAGER,
        False,
    ),
    ("partner", "CCAS de Tours", Membership.Role.STAFF, True),
    ("tactical_member", "CLIC Touraine Nord-Ouest", Membership.Role.STAFF, True),
    (
        "executive",
        "Conseil départemental d'Indre-et-Loire – direction de l'autonomie",
        Membership.Role.STAFF,
        False,
    ),
]


A = Service.AccessMode
DEMARCHES = (
    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"
)
# name, summary, description, categories, publics, age min, age max, access, conditions,
# who may refer, whole territory (else the organisation's commune and its neighbours)
SERVICES_BY_KIND = {
    K.HOSPITAL: [
        (
            "Consultation mémoire",
            "Diagnostic des troubles de la mémoire et suivi.",
            "Bilan neuropsychologique, annonce du diagnostic et orientation vers les aides. "
            "La consultation travaille avec les équipes spécialisées Alzheimer du territoire.",
            ["sante--acces-aux-soins"],
            ["seniors"],
            60,
            None,
            A.REFERRAL,
            ["prescription-medicale"],
            "Médecin traitant, neurologue",
            True,
        ),
        (
            "Équipe mobile de gériatrie",
            "Évaluation gériatrique au lit du patient et aux urgences.",
            "L'équipe intervient dans les services de l'hôpital et prépare la sortie des patients "
            "âgés fragiles avec les partenaires de ville.",
            ["sante--coordination-des-parcours"],
            ["seniors"],
            75,
            None,
            A.REFERRAL,
            ["sortie-hospitalisation"],
            "Services hospitaliers, urgences",
            True,
        ),
        (
            "Hôpital de jour gériatrique",
            "Bilans et rééducation sur une journée.",
            "Évaluation pluridisciplinaire (médecin, infirmier, kinésithérapeute, diététicien) "
            "pour prévenir la perte d'autonomie et les chutes.",
            ["sante--readaptation"],
            ["seniors"],
            70,
            None,
            A.REFERRAL,
            [],
            "Médecin traitant, médecins hospitaliers",
            True,
        ),
        (
            "Permanence d'accès aux soins de santé (PASS)",
            "Soins pour les personnes sans couverture.",
            "Consultations médicales et sociales pour les personnes sans droits ouverts à "
            "l'assurance maladie, délivrance de médicaments, ouverture des droits.",
            [
                "sante--acces-aux-soins",
                "difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits",
            ],
            ["personnes-en-situation-durgence", "personnes-exilees"],
            None,
            None,
            A.DIRECT,
            [],
            "",
            True,
        ),
        (
            "Centre médico-psychologique adultes",
            "Consultations de psychiatrie et de psychologie.",
            "Premier lieu de soins psychiatriques public : accueil, évaluation, suivi ambulatoire "
            "et visites à domicile. Délai de premier rendez-vous variable.",
            ["sante--sante-mentale"],
            ["tous-publics"],
            18,
            None,
            A.BOTH,
            [],
            "Médecin traitant",
            False,
        ),
    ],
    K.CLIC: [
        (
            "Accueil et information des personnes âgées",
            "Un guichet pour toutes les questions du vieillissement.",
            "Information sur les aides, les services à domicile, les établissements et les "
            "droits ; "
            "aide à la constitution des dossiers.",
            [
                DEMARCHES,
                "famille--maintien-a-domicile",
            ],
            ["seniors"],
            60,
            None,
            A.DIRECT,
            [],
            "",
            False,
        ),
        (
            "Évaluation à domicile et plan d'aide",
            "Visite à domicile et coordination des aides.",
            "Une coordinatrice évalue les besoins au domicile et met en place un plan d'aide avec "
            "les services du secteur.",
            ["famille--prise-en-charge-personne-dependante", "famille--maintien-a-domicile"],
            ["seniors"],
            60,
            None,
            A.BOTH,
            [],
            "Tout professionnel",
            False,
        ),
        (
            "Ateliers prévention des chutes",
            "Ateliers collectifs d'équilibre et de prévention.",
            "Cycles de douze séances animés par un éducateur en activité physique adaptée.",
            ["remobilisation--bien-etre-confiance-en-soi"],
            ["seniors"],
            60,
            None,
            A.DIRECT,
            [],
            "",
            False,
        ),
    ],
    K.CCAS: [
        (
            "Aide administrative et accès aux droits",
            "Accompagnement dans les démarches.",
            "Aide pour les dossiers de retraite, de complémentaire santé solidaire, d'aide "
            "sociale ; permanences sans rendez-vous le mardi matin.",
            ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
            ["tous-publics"],
            18,
            None,
            A.DIRECT,
            ["residence-stable"],
            "",
            False,
        ),
        (
            "Portage de repas à domicile",
            "Repas livrés à domicile, y compris les régimes.",
            "Livraison en liaison froide du lundi au samedi ; tarif selon les ressources.",
            ["equipement-et-alimentation--alimentation", "famille--maintien-a-domicile"],
            ["seniors", "personnes-en-situation-de-handicap"],
            60,
            None,
            A.DIRECT,
            [],
            "",
            False,
        ),
        (
            "Domiciliation administrative",
            "Une adresse pour recevoir son courrier.",
            "Élection de domicile pour les personnes sans domicile stable ayant un lien avec la "
            "commune.",
            [DEMARCHES],
            ["personnes-en-situation-durgence"],
            18,
            None,
            A.DIRECT,
            [],
            "",
            False,
        ),
        (
            "Aide alimentaire d'urgence",
            "Colis et bons alimentaires.",
            "Aide ponctuelle après entretien avec un travailleur social.",
            [
                "equipement-et-alimentation--alimentation",
                "difficultes-financieres--prevenir-une-degradation-de-la-situation-financiere",
            ],
            ["personnes-en-situation-durgence", "familles"],
            None,
            None,
            A.REFERRAL,
            ["ressources-modestes"],
            "Travailleurs sociaux",
            False,
        ),
        (
            "Accompagnement budgétaire",
            "Conseils pour équilibrer son budget.",
            "Entretiens individuels avec une conseillère en économie sociale et familiale.",
            ["difficultes-financieres--ameliorer-sa-gestion-budgetaire"],
            ["tous-publics"],
            18,
            None,
            A.DIRECT,
            [],
            "",
            False,
        ),
    ],
    K.SSIAD: [
        (
            "Soins infirmiers à domicile pour personnes âgées",
            "Soins d'hygiène et soins techniques à domicile.",
            "Interventions d'aides-soignants et d'infirmiers, sept jours sur sept, sur "
            "prescription médicale.",
            ["sante--soins-a-domicile"],
            ["seniors"],
            60,
            None,
            A.REFERRAL,
            ["prescription-medicale", "gir-1-a-4"],
            "Médecin traitant",
            False,
        ),
        (
            "Équipe spécialisée Alzheimer à domicile",
            "Réhabilitation à domicile, 12 à 15 séances.",
            "Séances d'ergothérapie et de psychomotricité pour maintenir l'autonomie au début de "
            "la maladie.",
            ["sante--soins-a-domicile", "sante--readaptation"],
            ["seniors"],
            None,
            None,
            A.REFERRAL,
            ["prescription-medicale", "maladie-neuro-evolutive"],
            "Médecin traitant, consultation mémoire",
            False,
        ),
        (
            "Soins infirmiers à domicile pour personnes handicapées",
            "Soins à domicile avant 60 ans.",
            "Prise en charge des adultes en situation de handicap ou atteints de maladie "
            "chronique.",
            ["sante--soins-a-domicile"],
            ["personnes-en-situation-de-handicap"],
            18,
            59,
            A.REFERRAL,
            ["prescription-medicale"],
            "Médecin traitant",
            False,
        ),
    ],
    K.HAD: [
        (
            "Hospitalisation à domicile",
            "Des soins hospitaliers à la maison.",
            "Pansements complexes, nutrition artificielle, chimiothérapie, soins palliatifs ; "
            "astreinte médicale jour et nuit.",
            ["sante--hospitalisation-a-domicile"],
            ["tous-publics"],
            None,
            None,
            A.REFERRAL,
            ["prescription-medicale"],
            "Médecin hospitalier ou médecin traitant",
            True,
        ),
        (
            "Soins palliatifs à domicile",
            "Accompagnement de fin de vie à domicile.",
            "Prise en charge de la douleur et soutien des proches, en lien avec l'équipe mobile de "
            "soins palliatifs.",
            ["sante--hospitalisation-a-domicile"],
            ["tous-publics"],
            None,
            None,
            A.REFERRAL,
            ["prescription-medicale"],
            "Médecin traitant",
            True,
        ),
    ],
    K.HOME_HELP: [
        (
            "Aide à domicile",
            "Ménage, courses, préparation des repas, aide au lever.",
            "Intervenants formés, financement possible par l'APA ou les caisses de retraite.",
            ["famille--maintien-a-domicile", "equipement-et-alimentation--aide-menagere"],
            ["seniors", "personnes-en-situation-de-handicap"],
            None,
            None,
            A.DIRECT,
            [],
            "",
            False,
        ),
        (
            "Garde de nuit itinérante",
            "Passages la nuit pour le coucher et la sécurité.",
            "Deux passages par nuit, de 20 h à 6 h, pour les personnes dépendantes vivant seules.",
            ["famille--prise-en-charge-personne-dependante"],
            ["seniors"],
            60,
            None,
            A.BOTH,
            ["gir-1-a-4"],
            "CLIC, service social",
            False,
        ),
        (
            "Relais des aidants à domicile",
            "Un professionnel prend le relais de l'aidant.",
            "Relayage de quelques heures à plusieurs jours pour permettre à l'aidant de souffler.",
            ["famille--soutien-aidants"],
            ["familles"],
            None,
            None,
            A.DIRECT,
            ["aidant-familial"],
            "",
            False,
        ),
    ],
    K.ADDICTION: [
        (
            "Consultation jeunes consommateurs",
            "Écoute et conseils pour les jeunes et leurs parents.",
            "Consultations gratuites et anonymes autour des consommations de cannabis, d'alcool, "
            "d'écrans ; accueil des familles.",
            ["sante--addictions"],
            ["jeunes", "familles"],
            12,
            25,
            A.DIRECT,
            [],
            "",
            False,
        ),
        (
            "Accompagnement en addictologie",
            "Soins et accompagnement des addictions.",
            "Suivi médical, psychologique et social ; traitements de substitution ; réduction des "
            "risques. Prise en charge de la toxicomanie et de l'alcoolodépendance.",
            ["sante--addictions"],
            ["tous-publics"],
            18,
            None,
            A.DIRECT,
            [],
            "",
            True,
        ),
        (
            "Hébergement temporaire thérapeutique",
            "Appartements de coordination thérapeutique.",
            "Hébergement temporaire de quelques mois avec accompagnement médico-social après un "
            "sevrage.",
            [
                "logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
                "sante--addictions",
            ],
            ["personnes-en-situation-durgence"],
            18,
            None,
            A.REFERRAL,
            [],
            "Équipes de soins en addictologie",
            True,
        ),
    ],
    K.REHAB: [
        (
            "Soins de suite et de réadaptation gériatrique",
            "Réadaptation après une hospitalisation.",
            "Séjour de quelques semaines pour retrouver l'autonomie avant le retour à domicile.",
            ["sante--readaptation"],
            ["seniors"],
            75,
            None,
            A.REFERRAL,
            ["sortie-hospitalisation"],
            "Services hospitaliers",
            True,
        ),
        (
            "Rééducation fonctionnelle en hôpital de jour",
            "Kinésithérapie et ergothérapie sur la journée.",
            "Programmes de rééducation après un accident vasculaire, une fracture ou une "
            "chirurgie.",
            ["sante--readaptation"],
            ["tous-publics"],
            16,
            None,
            A.REFERRAL,
            ["prescription-medicale"],
            "Médecin traitant, médecin spécialiste",
            True,
        ),
    ],
    K.NURSING_HOME: [
        (
            "Hébergement permanent",
            "Maison de retraite médicalisée.",
            "Chambres individuelles, soins et animation ; unité protégée pour les personnes "
            "désorientées.",
            ["famille--hebergement-en-etablissement"],
            ["seniors"],
            60,
            None,
            A.DIRECT,
            ["gir-1-a-4"],
            "",
            False,
        ),
        (
            "Hébergement temporaire",
            "Séjours de quelques jours à trois mois.",
            "Pour préparer une entrée, soulager les aidants ou après une hospitalisation.",
            [
                "logement-hebergement--rechercher-une-solution-dhebergement-temporaire",
                "famille--soutien-aidants",
            ],
            ["seniors"],
            60,
            None,
            A.DIRECT,
            [],
            "",
            False,
        ),
        (
            "Accueil de jour Alzheimer",
            "Une à plusieurs journées par semaine.",
            "Activités thérapeutiques pour les personnes atteintes de maladie d'Alzheimer vivant à "
            "domicile ; transport possible.",
            ["famille--soutien-aidants", "famille--prise-en-charge-personne-dependante"],
            ["seniors"],
            60,
            None,
            A.DIRECT,
            ["maladie-neuro-evolutive"],
            "",
            False,
        ),
    ],
    K.PHARMACY: [
        (
            "Préparation des doses à administrer",
            "Piluliers préparés par le pharmacien.",
            "Préparation hebdomadaire des traitements pour les personnes polymédiquées à domicile.",
            ["sante--medicaments-et-pharmacie"],
            ["seniors"],
            None,
            None,
            A.DIRECT,
            ["prescription-medicale"],
            "",
            False,
        ),
        (
            "Bilan partagé de médication",
            "Revue des traitements avec le pharmacien.",
            "Entretien pour les patients de plus de 65 ans ayant au moins cinq médicaments.",
            ["sante--medicaments-et-pharmacie"],
            ["seniors"],
            65,
            None,
            A.DIRECT,
            [],
            "",
            False,
        ),
        (
            "Vaccination à l'officine",
            "Vaccins grippe, covid et rappels sans rendez-vous.",
            "Vaccination des adultes par le pharmacien, sans ordonnance pour la plupart des "
            "vaccins.",
            ["sante--acces-aux-soins"],
            ["tous-publics"],
            16,
            None,
            A.DIRECT,
            [],
            "",
            False,
        ),
    ],
    K.GP_PRACTICE: [
        (
            "Consultations de soins non programmés",
            "Consultations le jour même.",
            "Plages réservées chaque jour aux demandes urgentes des patients du secteur.",
            ["sante--acces-aux-soins"],
            ["tous-publics"],
            None,
            None,
            A.DIRECT,
            [],
            "",
            False,
        ),
        (
            "Éducation thérapeutique du patient diabétique",
            "Ateliers pour vivre avec son diabète.",
            "Programme autorisé par l'ARS : diététique, activité physique, traitements.",
            ["sante--acces-aux-soins"],
            ["tous-publics"],
            18,
            None,
            A.REFERRAL,
            ["prescription-medicale"],
            "Médecin traitant",
            False,
        ),
    ],
    K.DAC: [
        (
            "Appui à la coordination des parcours complexes",
            "Un appui aux professionnels pour les situations complexes.",
            "Information, orientation, appui à l'organisation des parcours, coordination des "
            "interventions autour des situations complexes, quel que soit l'âge ou la pathologie.",
            ["sante--coordination-des-parcours"],
            ["tous-publics"],
            None,
            None,
            A.REFERRAL,
            ["situation-complexe"],
            "Tout professionnel",
            True,
        ),
        (
            "Gestion de cas",
            "Un gestionnaire de cas suit la personne dans la durée.",
            "Pour les personnes de 60 ans et plus en situation complexe à domicile : évaluation "
            "multidimensionnelle, plan de services individualisé et suivi intensif.",
            ["sante--coordination-des-parcours", "famille--maintien-a-domicile"],
            ["seniors"],
            60,
            None,
            A.REFERRAL,
            ["situation-complexe"],
            "Professionnels du réseau (guichet intégré)",
            True,
        ),
    ],
    K.DEPARTMENT: [
        (
            "Allocation personnalisée d'autonomie à domicile",
            "Financement des aides à domicile.",
            "Évaluation par une équipe médico-sociale et plan d'aide financé selon la perte "
            "d'autonomie et les ressources.",
            ["famille--prise-en-charge-personne-dependante", "famille--maintien-a-domicile"],
            ["seniors"],
            60,
            None,
            A.DIRECT,
            ["gir-1-a-4"],
            "",
            True,
        ),
        (
            "Prestation de compensation du handicap",
            "Aide financière pour compenser le handicap.",
            "Demande auprès de la maison départementale des personnes handicapées.",
            ["sante--constituer-un-dossier-mdph-invalidite"],
            ["personnes-en-situation-de-handicap"],
            None,
            59,
            A.DIRECT,
            ["reconnaissance-mdph"],
            "",
            True,
        ),
    ],
    K.COMMUNE: [
        (
            "Registre des personnes fragiles",
            "Inscription au registre canicule et grand froid.",
            "Appels réguliers et visites en cas d'alerte pour les personnes isolées inscrites.",
            ["remobilisation--lien-social"],
            ["seniors", "personnes-en-situation-de-handicap"],
            65,
            None,
            A.DIRECT,
            [],
            "",
            False,
        ),
    ],
    K.FUNDER: [
        (
            "Aide au retour à domicile après hospitalisation",
            "Aides ponctuelles après une hospitalisation.",
            "Aide ménagère, portage de repas et aménagements pendant trois mois pour les "
            "retraités du "
            "régime général.",
            ["famille--maintien-a-domicile"],
            ["seniors"],
            60,
            None,
            A.REFERRAL,
            ["sortie-hospitalisation"],
            "Service social de l'hôpital",
            True,
        ),
        (
            "Plan d'actions personnalisé",
            "Aides pour bien vieillir chez soi.",
            "Évaluation globale et financement d'aides pour les retraités autonomes (GIR 5 et 6).",
            ["famille--maintien-a-domicile"],
            ["seniors"],
            60,
            None,
            A.DIRECT,
            [],
            "",
            True,
        ),
    ],
    K.USERS: [
        (
            "Représentation des usagers",
            "Des représentants des usagers à votre écoute.",
            "Information sur les droits des patients, aide pour une réclamation auprès d'un "
            "établissement.",
            ["difficultes-administratives-ou-juridiques--accompagnement-pour-lacces-aux-droits"],
            ["tous-publics"],
            None,
            None,
            A.DIRECT,
            [],
            "",
            True,
        ),
    ],
}

SERVICES_BY_ORGANISATION = {
    "Association des aidants de Touraine": [
        (
            "Café des aidants",
            "Rencontres mensuelles entre aidants.",
            "Échanges animés par un psychologue et un travailleur social, dans un café du "
            "centre-ville.",
            ["famille--soutien-aidants"],
            ["familles"],
            None,
            None,
            A.DIRECT,
            ["aidant-familial"],
            "",
            True,
        ),
        (
            "Formation des aidants",
            "Cinq modules pour comprendre et s'organiser.",
            "Formation gratuite : la maladie, les aides, prendre soin de soi.",
            ["famille--soutien-aidants"],
            ["familles"],
            None,
            None,
            A.DIRECT,
            ["aidant-familial"],
            "",
            True,
        ),
    ],
    "Entraide Alzheimer 37": [
        (
            "Halte-répit Alzheimer",
            "Un après-midi par semaine pour souffler.",
            "Accueil des personnes malades par des bénévoles formés pendant que les aidants se "
            "reposent.",
            ["famille--soutien-aidants"],
            ["seniors", "familles"],
            None,
            None,
            A.DIRECT,
            ["maladie-neuro-evolutive"],
            "",
            False,
        ),
    ],
    "Épicerie solidaire du Chinonais": [
        (
            "Épicerie solidaire",
            "Produits à petit prix et ateliers cuisine.",
            "Accès pour six mois renouvelables après orientation par un travailleur social.",
            ["equipement-et-alimentation--alimentation"],
            ["beneficiaires-des-minimas-sociaux", "familles"],
            18,
            None,
            A.REFERRAL,
            ["ressources-modestes"],
            "Travailleurs sociaux du secteur",
            False,
        ),
    ],
    "Transport solidaire Sud Touraine": [
        (
            "Transport solidaire accompagné",
            "Des chauffeurs bénévoles pour les rendez-vous.",
            "Accompagnement aux rendez-vous médicaux et aux courses pour les personnes sans moyen "
            "de transport ; participation aux frais kilométriques.",
            ["mobilite--etre-accompagne-dans-son-parcours-mobilite"],
            ["seniors"],
            60,
            None,
            A.DIRECT,
            [],
            "",
            False,
        ),
    ],
}

PENDING_EDITS = [
    # organisation, service name prefix, account that proposes the change, new summary
    (
        "CCAS de Tours",
        "Portage de repas à domicile",
        "partner",
        "Repas livrés à domicile sept jours sur sept, y compris les régimes.",
    ),
    (
        "CCAS de Tours",
        "Aide alimentaire d'urgence",
        "partner",
        "Colis, bons alimentaires et orientation vers les épiceries solidaires.",
    ),
    (
        "CLIC Touraine Nord-Ouest",
        "Ateliers prévention des chutes",
        "tactical_member",
        "Ateliers d'équilibre en petits groupes, à Saint-Cyr-sur-Loire et à Fondettes.",
    ),
]


def _neighbours(commune_code: str, communes: dict) -> list:
    codes = sorted(communes)
    i = codes.index(commune_code) if commune_code in codes else 0
    return [communes[codes[(i + k) % len(codes)]] for k in (0, 1, 2, 5)]


def _seed_services(context: DemoContext) -> None:
    categories = {c.value: c for c in Category.objects.all()}
    publics = {p.value: p for p in Public.objects.all()}
    conditions = {c.value: c for c in Condition.objects.all()}
    existing = set(Service.objects.values_list("slug", flat=True))
    today = timezone.localdate()
    n = 0
    for name, kind, code in ORGANISATIONS:
        organisation = context.organisations[name]
        templates = SERVICES_BY_ORGANISATION.get(name) or SERVICES_BY_KIND.get(kind, [])
        for template in templates:
            (title, summary, description, cats, pubs, age_min, age_max, access, conds,
             referrers, whole) = template  # fmt: skip
            n += 1
            place = organisation.commune.name if organisation.commune else ""
            full_name = title if whole or not place else f"{title} – {place}"
            slug = slugify(f"{title} {organisation.name}")[:200]
            if slug in existing:
                continue
            recent = n % 6 != 0  # one entry in six has not been verified for over a year
            service = Service.objects.create(
                organisation=organisation,
                name=full_name,
                slug=slug,
                summary=summary,
                description=description,
                age_min=age_min,
                age_max=age_max,
                access_mode=access,
                referrers=referrers,
                serves_whole_territory=whole,
                phone=organisation.phone
                or f"02 47 {20 + n % 70:02d} {10 + n % 80:02d} {n % 100:02d}",
                email=f"contact@{slugify(organisation.name)[:30]}.example.org",
                professional_contact="Secrétariat de coordination",
                professional_phone=f"02 47 {30 + n % 60:02d} {n % 100:02d} 00",
                hours="Du lundi au vendredi, de 9 h à 12 h 30 et de 13 h 30 à 17 h.",
                fee=Service.Fee.FREE if n % 3 else Service.Fee.PAID,
                languages="français" if n % 4 else "français, anglais",
                waiting_time="" if n % 5 else "Environ trois semaines",
                last_verified_on=today - timedelta(days=(30 + n * 7) % 300 if recent else 400 + n),
                last_verified_by=context.users["pilot"],
            )
            service.categories.set([categories[v] for v in cats if v in categories])
            service.publics.set([publics[v] for v in pubs if v in publics])
            service.required_conditions.set([conditions[v] for v in conds])
            if not whole and organisation.commune:
                service.communes_served.set(_neighbours(code, context.communes))
            service.save()  # index with its categories and publics


def _seed_pending_edits(context: DemoContext) -> None:
    from directory.services import service_create, service_propose_changes

    for organisation_name, prefix, user_key, summary in PENDING_EDITS:
        service = (
            Service.objects.filter(
                organisation=context.organisations[organisation_name], name__startswith=prefix
            )
            .order_by("pk")
            .first()
        )
        if service is None or service.workflow_states.exists():
            continue
        service_propose_changes(actor=context.users[user_key], service=service, summary=summary)
    organisation = context.organisations["CCAS de Tours"]
    if not Service.objects.filter(organisation=organisation, live=False).exists():
        service_create(
            actor=context.users["partner"],
            organisation=organisation,
            name="Atelier numérique seniors",
            summary="Apprendre à utiliser une tablette et les services en ligne.",
            description="Ateliers de deux heures en petit groupe à la maison des seniors.",
            categories=[
                Category.objects.get(value="numerique--maitriser-les-fondamentaux-du-numerique")
            ],
            publics=[Public.objects.get(value="seniors")],
            age_min=60,
            communes_served=[context.communes["37261"]],
        )


def seed(context: DemoContext) -> None:
    for name, kind, code in ORGANISATIONS:
        organisation, _ = Organisation.objects.get_or_create(
            slug=slugify(name)[:200],
            defaults={
                "name": name,
                "kind": kind,
                "territory": context.territory,
                "commune": context.communes[code],
            },
        )
        context.organisations[name] = organisation
    for user_key, organisation_name, role, can_edit in MEMBERSHIPS:
        Membership.objects.get_or_create(
            user=context.users[user_key],
            organisation=context.organisations[organisation_name],
            defaults={"role": role, "can_edit_directory": can_edit},
        )
    _seed_services(context)
    _seed_pending_edits(context)
