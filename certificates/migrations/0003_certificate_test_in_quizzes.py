import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """The certifying test moved to the quizzes app. Its table was renamed in place,
    and the database's foreign key follows a renamed table by itself: only Django's
    state changes here."""

    dependencies = [
        ('certificates', '0002_private_pdf'),
        ('quizzes', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='certificate',
                    name='test',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='certificates', to='quizzes.testpage', verbose_name='certifying test'),
                ),
            ],
        ),
    ]
