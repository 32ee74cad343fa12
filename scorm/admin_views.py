"""SCORM packages in the Wagtail admin: the list with each package's state, and the
upload form (`lms.package_upload`). Uploading needs its own permission: a package
carries JavaScript that runs for learners."""

from django.utils.translation import gettext_lazy as _

from lms.package_upload import PackageAdmin
from scorm.models import ScormPackage
from scorm.services import package_import

PERMISSION = "scorm.upload_scorm"

packages = PackageAdmin(
    app="scorm",
    model=ScormPackage,
    package_import=package_import,
    permission=PERMISSION,
    menu_label=_("SCORM packages"),
    icon="desktop",
    order=327,
    file_label=_("SCORM package (.zip)"),
    accept=".zip",
)
