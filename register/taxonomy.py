"""The starting taxonomy of dysfunctions (domain.md), as seeded by migration 0002. The
administrator edits the categories afterwards; the demo recreates any that are missing."""

STARTING_CATEGORIES = [
    ("acces-service", "Accès à un service"),
    ("delai-attente", "Délai d'attente"),
    ("absence-offre", "Absence de service pour le besoin"),
    ("criteres-exclusion", "Critères qui excluent"),
    ("information-orientation", "Défaut d'information ou d'orientation"),
    ("sortie-hospitalisation", "Sortie d'hospitalisation et retour à domicile"),
    ("coordination", "Coordination entre services"),
    ("logement", "Logement"),
    ("transport", "Transport"),
    ("administratif-financier", "Obstacles administratifs et financiers"),
    ("soutien-aidants", "Soutien aux aidants"),
    ("autre", "Autre"),
]
