import django.db.models.deletion
from django.db import migrations, models


def fill_meeting(apps, schema_editor):
    """A vote recorded so far was on a decision: it was taken in the decision's meeting."""
    DecisionVote = apps.get_model("meetings", "DecisionVote")
    for vote in DecisionVote.objects.select_related("decision").iterator():
        vote.meeting_id = vote.decision.meeting_id
        vote.save(update_fields=["meeting"])


class Migration(migrations.Migration):
    dependencies = [("meetings", "0009_minutes_approved_in")]

    operations = [
        migrations.AddField(
            model_name="decisionvote",
            name="meeting",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="votes",
                to="meetings.meeting",
                verbose_name="meeting",
            ),
        ),
        migrations.AlterField(
            model_name="decisionvote",
            name="decision",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="vote",
                to="meetings.decision",
                verbose_name="decision",
            ),
        ),
        migrations.RunPython(fill_meeting, migrations.RunPython.noop),
    ]
