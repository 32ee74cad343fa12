"""python manage.py import_scorm FILE [--title T]: check and add a SCORM package."""

from lms.package_upload import PackageImportCommand
from scorm.services import package_import


class Command(PackageImportCommand):
    help = "Check a SCORM 1.2 or 2004 zip and add it as a package; prints its id or the reasons it was refused."

    def package_import(self, **kwargs):
        return package_import(**kwargs)

    def details(self, package) -> list[str]:
        return [f"SCORM {package.version}, {len(package.scos)} SCO(s)"]
