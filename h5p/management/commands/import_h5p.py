"""python manage.py import_h5p FILE [--title T]: check and add an H5P package."""

from h5p.services import package_import
from lms.package_upload import PackageImportCommand


class Command(PackageImportCommand):
    help = "Check an .h5p file and add it as a package; prints its id or the reasons it was refused."

    def package_import(self, **kwargs):
        return package_import(**kwargs)
