"""Digital services become translatable (issue 18), step 2: every existing one gets
the source locale and a translation key of its own; nothing else changes."""

from django.db import migrations
from wagtail.models import BootstrapTranslatableModel


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0018_digital_service_translatable_fields"),
        ("wagtailcore", "0054_initial_locale"),
    ]

    operations = [BootstrapTranslatableModel("courses.DigitalService")]
