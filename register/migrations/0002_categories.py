"""The starting taxonomy of dysfunctions (editable afterwards by the administrator)."""

from django.db import migrations

CATEGORIES = [
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


def create_categories(apps, schema_editor):
    Category = apps.get_model("register", "Category")
    for order, (value, label) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(value=value, defaults={"label": label, "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("register", "0001_initial")]

    operations = [migrations.RunPython(create_categories, migrations.RunPython.noop)]
