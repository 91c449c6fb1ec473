"""Reference lists (data·inclusion's thématiques and publics, the network's conditions and a few
health thématiques data·inclusion lacks), the pilot's moderation workflow for services, and on
PostgreSQL a French text search configuration that folds accents."""

from django.db import migrations

# Thématiques of the health and social network that data·inclusion does not list (yet).
NETWORK_CATEGORIES = [
    ("sante--soins-a-domicile", "Soins à domicile", "Santé"),
    ("sante--hospitalisation-a-domicile", "Hospitalisation à domicile", "Santé"),
    ("sante--readaptation", "Rééducation et réadaptation", "Santé"),
    ("sante--coordination-des-parcours", "Coordination des parcours complexes", "Santé"),
    ("sante--medicaments-et-pharmacie", "Médicaments et pharmacie", "Santé"),
    ("famille--maintien-a-domicile", "Aide au maintien à domicile", "Famille"),
    ("famille--hebergement-en-etablissement", "Hébergement en établissement", "Famille"),
]

CONDITIONS = [
    ("gir-1-a-4", "Perte d'autonomie évaluée en GIR 1 à 4"),
    ("prescription-medicale", "Prescription médicale"),
    ("maladie-neuro-evolutive", "Maladie d'Alzheimer ou maladie neuro-évolutive diagnostiquée"),
    ("reconnaissance-mdph", "Handicap reconnu par la MDPH"),
    ("sortie-hospitalisation", "Sortie d'hospitalisation récente"),
    ("situation-complexe", "Situation complexe (plusieurs problèmes intriqués)"),
    ("aidant-familial", "Être l'aidant d'un proche"),
    ("ressources-modestes", "Ressources sous plafond"),
    ("residence-stable", "Résidence stable sur le territoire"),
]


def seed_reference_lists(apps, schema_editor):
    from data_inclusion.schema import v1

    Category = apps.get_model("directory", "Category")
    Public = apps.get_model("directory", "Public")
    Condition = apps.get_model("directory", "Condition")
    groups = {c.value: c.label for c in v1.Categorie}
    for thematique in v1.Thematique:
        group = groups.get(thematique.value.split("--")[0], "")
        Category.objects.get_or_create(
            value=thematique.value, defaults={"label": thematique.label, "group": group}
        )
    for value, label, group in NETWORK_CATEGORIES:
        Category.objects.get_or_create(value=value, defaults={"label": label, "group": group})
    for public in v1.Public:
        Public.objects.get_or_create(value=public.value, defaults={"label": public.label})
    for value, label in CONDITIONS:
        Condition.objects.get_or_create(value=value, defaults={"label": label})


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    PilotApprovalTask = apps.get_model("directory", "PilotApprovalTask")

    task_type, _ = ContentType.objects.get_or_create(
        app_label="directory", model="pilotapprovaltask"
    )
    service_type, _ = ContentType.objects.get_or_create(app_label="directory", model="service")
    task = PilotApprovalTask.objects.filter(name="Validation par le pilote").first()
    if task is None:
        task = PilotApprovalTask.objects.create(
            name="Validation par le pilote", content_type=task_type, active=True
        )
    workflow, _ = Workflow.objects.get_or_create(
        name="Annuaire : validation par le pilote", defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowContentType.objects.get_or_create(
        content_type=service_type, defaults={"workflow": workflow}
    )


FRENCH_UNACCENT = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""


def create_french_unaccent(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FRENCH_UNACCENT)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_service_details_taxonomies_moderation"),
        ("wagtailcore", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(seed_reference_lists, migrations.RunPython.noop),
        migrations.RunPython(create_workflow, migrations.RunPython.noop),
        migrations.RunPython(create_french_unaccent, migrations.RunPython.noop),
    ]
