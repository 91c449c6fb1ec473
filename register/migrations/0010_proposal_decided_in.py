import django.db.models.deletion
from django.db import migrations, models

DECIDED = ["approved", "approved_with_changes", "rejected", "deferred", "implemented"]


def decided_where_scheduled(apps, schema_editor):
    """Proposals decided before the meeting was recorded were decided where they were on the
    agenda."""
    Proposal = apps.get_model("register", "Proposal")
    for proposal in Proposal.objects.filter(
        state__in=DECIDED, decided_in__isnull=True, scheduled_in__isnull=False
    ).only("pk", "scheduled_in_id"):
        Proposal.objects.filter(pk=proposal.pk).update(decided_in_id=proposal.scheduled_in_id)


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0008_regional_tables"),
        ("register", "0009_detachable_filers"),
    ]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="decided_in",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="proposals_decided",
                to="meetings.meeting",
                verbose_name="decided in the strategic meeting",
            ),
        ),
        migrations.RunPython(decided_where_scheduled, migrations.RunPython.noop),
    ]
