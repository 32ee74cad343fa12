"""The Wagtail admin of SCORM: packages and the activities lessons place."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from lms.package_upload import ActivityViewSet

from . import admin_views as scorm_admin_views
from .models import ScormActivity

scorm_admin_views.packages.register()


class ScormActivityViewSet(ActivityViewSet):
    """Editors place a ready package in lessons as an activity (lesson block
    "SCORM")."""

    model = ScormActivity
    icon = "desktop"
    menu_label = _("SCORM activities")
    menu_order = 328


register_snippet(ScormActivityViewSet)
