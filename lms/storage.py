import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files Django hands out only after an access check (certificates).

    They live in PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, so the web server's /media/
    never serves them by a bare URL. The location is read from the settings at each use,
    so tests and workers can point it elsewhere.
    """

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str) -> str:
        raise ValueError("Private files have no URL; serve them through a view.")


private_storage = PrivateStorage()
