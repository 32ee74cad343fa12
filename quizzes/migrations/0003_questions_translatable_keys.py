"""Questions and answers become translatable (issue 18): every existing one gets the
source locale and a translation key of its own; nothing else changes."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0002_questions_translatable_fields"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [
        BootstrapTranslatableModel("quizzes.Question"),
        BootstrapTranslatableModel("quizzes.Answer"),
    ]
