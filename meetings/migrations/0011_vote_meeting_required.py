import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from 0010, so that PostgreSQL has checked the filled rows before the column is
    made required."""

    dependencies = [("meetings", "0010_vote_meeting")]

    operations = [
        migrations.AlterField(
            model_name="decisionvote",
            name="meeting",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="votes",
                to="meetings.meeting",
                verbose_name="meeting",
            ),
        ),
    ]
