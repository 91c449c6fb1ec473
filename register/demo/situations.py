"""Demo register: the situations case managers report (anonymous, realistic, French)."""

# title, category, public, age band, severity, what happened, workaround, suggestion, organisations
SITUATIONS = [
    (
        "Sortie d'hospitalisation le vendredi soir sans relais infirmier",
        "sortie-hospitalisation", "older_people", "85_plus", "serious",
        "Une personne de plus de 85 ans, vivant seule, sort du service de médecine un vendredi "
        "à 18 h. Le SSIAD n'est prévenu que le lundi et ne peut intervenir avant le mercredi.",
        "L'infirmière libérale du bourg passe bénévolement le samedi.",
        "Prévenir le SSIAD 48 heures avant toute sortie programmée ; éviter les sorties du "
        "vendredi soir sans relais organisé.",
        ["Centre hospitalier universitaire de Tours", "SSIAD de l'agglomération tourangelle"],
    ),
    (
        "Plus de trois mois d'attente pour une place en accueil de jour Alzheimer",
        "delai-attente", "older_people", "75_84", "serious",
        "Un couple âgé dont l'épouse présente des troubles cognitifs avancés attend une place "
        "en accueil de jour depuis plus de trois mois ; l'aidant s'épuise.",
        "Heures d'aide à domicile supplémentaires financées en urgence par la caisse de retraite.",
        "Créer des places d'accueil de jour temporaire, ou une liste d'attente partagée.",
        ["Entraide Alzheimer 37", "EHPAD Les Tilleuls"],
    ),
    (
        "Aucun transport pour les consultations de suivi en dehors de l'agglomération",
        "transport", "older_people", "75_84", "moderate",
        "Des personnes sans véhicule vivant dans le Lochois renoncent à leurs consultations au "
        "CHU faute de transport ; le transport sanitaire n'est pas prescrit.",
        "Covoiturage par des voisins, au cas par cas.",
        "Étendre le transport solidaire aux consultations hospitalières.",
        ["Transport solidaire Sud Touraine", "Centre hospitalier de Loches"],
    ),
    (
        "Refus du SAAD pour les interventions de moins d'une heure",
        "criteres-exclusion", "disabled_adults", "18_59", "moderate",
        "Un adulte en situation de handicap a besoin d'une aide de trente minutes matin et soir "
        "pour les transferts ; le service d'aide à domicile refuse les interventions de moins "
        "d'une heure.",
        "La famille assure les transferts du soir.",
        "Revoir les critères d'intervention minimale ou mutualiser entre deux services.",
        ["Service d'aide à domicile Touraine Services"],
    ),
    (
        "Orientation vers le CLIC alors que la personne relève du CSAPA",
        "information-orientation", "precarious", "18_59", "moderate",
        "Une personne ayant une consommation d'alcool à risque est orientée par les urgences "
        "vers le CLIC, qui n'est pas compétent ; trois semaines sont perdues.",
        "Appel direct de la gestionnaire de cas au CSAPA.",
        "Mettre à jour l'annuaire commun et former les urgences à l'orientation.",
        ["CLIC Touraine Nord-Ouest", "CSAPA Port-Bretagne"],
    ),
    (
        "Logement insalubre sans solution d'hébergement temporaire",
        "logement", "older_people", "75_84", "critical",
        "Une personne âgée vit dans un logement sans chauffage ; aucune solution d'hébergement "
        "temporaire n'existe le temps des travaux.",
        "Hébergement chez un proche pendant deux semaines.",
        "Réserver des places d'hébergement temporaire en EHPAD pour ces situations.",
        ["CCAS de Tours", "EHPAD Le Clos Saint-Martin"],
    ),
    (
        "Dossier APA bloqué faute de justificatif de ressources",
        "administratif-financier", "older_people", "85_plus", "moderate",
        "Le dossier d'allocation personnalisée d'autonomie reste incomplet pendant deux mois "
        "faute d'un avis d'imposition que la personne ne sait pas obtenir.",
        "Le CCAS accompagne la démarche en ligne.",
        "Permettre au CCAS de transmettre les justificatifs avec l'accord de la personne.",
        ["Conseil départemental d'Indre-et-Loire – direction de l'autonomie", "CCAS de Chinon"],
    ),
    (
        "Les informations de sortie n'arrivent pas au médecin traitant",
        "coordination", "chronic", "60_74", "serious",
        "Après une hospitalisation pour insuffisance cardiaque, le compte rendu n'arrive au "
        "médecin traitant qu'après trois semaines ; le traitement n'est pas adapté.",
        "La pharmacie transmet l'ordonnance de sortie au médecin.",
        "Envoi systématique du compte rendu de sortie par messagerie sécurisée le jour même.",
        ["Centre hospitalier du Chinonais", "Maison de santé du Richelais"],
    ),
    (
        "Aucune offre de répit pour les aidants le week-end",
        "soutien-aidants", "carers", "all", "serious",
        "Des aidants de personnes atteintes de maladie neuro-évolutive n'ont aucune solution "
        "de répit le week-end sur le sud du territoire.",
        "Hospitalisation de répit demandée aux urgences, inadaptée.",
        "Ouvrir une offre de répit à domicile le week-end, mutualisée entre deux services.",
        ["Association des aidants de Touraine", "Aide à domicile en milieu rural du Lochois"],
    ),
    (
        "Pas de psychiatre pour les personnes âgées à domicile",
        "absence-offre", "older_people", "75_84", "serious",
        "Aucune équipe de psychiatrie du sujet âgé n'intervient à domicile sur le Chinonais ; "
        "les situations de crise finissent aux urgences.",
        "Téléconsultation ponctuelle avec le CHU.",
        "Créer une équipe mobile de psychogériatrie couvrant tout le territoire.",
        ["Centre hospitalier du Chinonais"],
    ),
    (
        "Matériel médical livré une semaine après le retour à domicile",
        "sortie-hospitalisation", "older_people", "85_plus", "serious",
        "Le lit médicalisé prescrit à la sortie est livré sept jours après le retour ; la "
        "personne dort dans un fauteuil.",
        "Prêt d'un lit par l'EHPAD voisin.",
        "Prescrire et commander le matériel dès la décision de sortie.",
        ["Centre hospitalier universitaire de Tours", "Pharmacie des Halles"],
    ),
    (
        "Accès impossible au portage de repas au-delà de quinze kilomètres",
        "acces-service", "older_people", "75_84", "moderate",
        "Le portage de repas ne dessert pas les hameaux situés à plus de quinze kilomètres du "
        "bourg-centre.",
        "Repas préparés par une voisine.",
        "Étendre la tournée ou conventionner avec un second prestataire.",
        ["CCAS de Joué-lès-Tours"],
    ),
    (
        "Personne de moins de 60 ans exclue de l'accueil de jour malgré une maladie jeune",
        "criteres-exclusion", "chronic", "18_59", "serious",
        "Une personne de 56 ans atteinte d'une maladie d'Alzheimer jeune est refusée par "
        "l'accueil de jour au motif de l'âge.",
        "Aucune solution : maintien à domicile avec l'époux.",
        "Ouvrir une dérogation d'âge pour les malades jeunes.",
        ["EHPAD Les Tilleuls"],
    ),
    (
        "Numéro du service d'appui introuvable pour les pharmaciens",
        "information-orientation", "all", "all", "minor",
        "Les pharmacies d'officine ne connaissent pas le numéro unique du dispositif d'appui ; "
        "elles appellent le CHU.",
        "La gestionnaire de cas a distribué des cartes dans trois officines.",
        "Campagne d'information auprès des officines et mise à jour de l'annuaire.",
        ["Pharmacie du Pont de Cher", "Dispositif d'appui à la coordination de Touraine"],
    ),
    (
        "Deux services interviennent sans se connaître chez la même personne",
        "coordination", "disabled_adults", "18_59", "moderate",
        "Le SSIAD et le SAAD interviennent chez la même personne aux mêmes heures sans cahier "
        "de liaison commun.",
        "Cahier de liaison papier mis en place par la famille.",
        "Un cahier de liaison partagé, numérique, entre services à domicile.",
        ["SSIAD du Sud Touraine", "Service d'aide à domicile Touraine Services"],
    ),
    (
        "Hébergement d'urgence refusé à une personne avec un animal",
        "logement", "precarious", "18_59", "serious",
        "Une personne sans domicile, accompagnée de son chien, refuse l'hébergement d'urgence "
        "qui n'accepte pas les animaux.",
        "Nuitées d'hôtel payées par une association.",
        "Prévoir des places acceptant les animaux dans l'hébergement d'urgence.",
        ["CCAS de Saint-Pierre-des-Corps"],
    ),
    (
        "Documents de liaison rédigés uniquement en français",
        "autre", "all", "all", "minor",
        "Des familles non francophones ne comprennent pas les documents de sortie et de liaison "
        "remis à domicile ; aucune version traduite ni interprétariat n'est prévu.",
        "Traduction improvisée par un voisin ou un enfant.",
        "Recourir à l'interprétariat professionnel et traduire les documents les plus courants.",
        ["Centre hospitalier universitaire de Tours", "CCAS de Tours"],
    ),
]  # fmt: skip
