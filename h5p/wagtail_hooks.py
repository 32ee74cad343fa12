"""The Wagtail admin of H5P: packages and the activities lessons place."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from lms.package_upload import ActivityViewSet

from . import admin_views as h5p_admin_views
from .models import H5PActivity

h5p_admin_views.packages.register()


class H5PActivityViewSet(ActivityViewSet):
    """Editors place a ready package in lessons as an activity (lesson block "H5P")."""

    model = H5PActivity
    icon = "code"
    menu_label = _("H5P activities")
    menu_order = 326


register_snippet(H5PActivityViewSet)
