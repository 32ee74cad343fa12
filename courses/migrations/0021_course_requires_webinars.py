"""A course can ask for its webinars (issue 20): attended, or their recording watched
and the reflection question answered."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0020_digital_service_translatable"),
    ]

    operations = [
        migrations.AddField(
            model_name="coursepage",
            name="requires_webinars",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "The course is complete only after the learner attended each of "
                    "its webinars, or watched its recording and answered the "
                    "reflection question."
                ),
                verbose_name="requires its webinars",
            ),
        ),
    ]
