"""H5P packages in the Wagtail admin: the list with each package's state, and the
upload form (`lms.package_upload`). Uploading needs its own permission: a package
carries JavaScript."""

from django.utils.translation import gettext_lazy as _

from h5p.models import H5PPackage
from h5p.services import package_import
from lms.package_upload import PackageAdmin

PERMISSION = "h5p.upload_h5p"

packages = PackageAdmin(
    app="h5p",
    model=H5PPackage,
    package_import=package_import,
    permission=PERMISSION,
    menu_label=_("H5P packages"),
    icon="code",
    order=325,
    file_label=_("H5P file (.h5p)"),
    accept=".h5p",
)
