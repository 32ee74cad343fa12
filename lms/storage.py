"""Where files live: local folders, or S3-compatible object storage when S3_BUCKET is
set (the settings choose; `STORAGES["default"]` and `STORAGES["private"]`).

Private files (certificates, kit zips, H5P packages, forum images, data downloads,
documents) are handed out only by Django, after an access check: they have no URL of
their own. Models name `private_storage`, which passes every call to the configured
private backend at the moment of the call, so settings (and tests) can point it at a
folder or a bucket without a migration.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.deconstruct import deconstructible
from storages.backends.s3 import S3Storage


class _NoURL:
    def url(self, name: str) -> str:
        raise ValueError("Private files have no URL; serve them through a view.")


class LocalPrivateStorage(_NoURL, FileSystemStorage):
    """Private files in PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, so the web server's
    /media/ never serves them. The location is read from the settings at each use,
    so tests and workers can point it elsewhere."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)


class PrivateS3Storage(_NoURL, S3Storage):
    """Private files in the bucket (under `private/`): no public URL, no signed URL."""


@deconstructible
class PrivateStorage(Storage):
    """Whatever `STORAGES["private"]` is, asked at each call."""

    @property
    def backend(self) -> Storage:
        return storages["private"]

    def _open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def _save(self, name, content):
        return self.backend.save(name, content)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def delete(self, name):
        self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def size(self, name):
        return self.backend.size(name)

    def path(self, name):
        return self.backend.path(name)

    def url(self, name):
        return self.backend.url(name)

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)


private_storage = PrivateStorage()
