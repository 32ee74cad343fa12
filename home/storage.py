from django.urls import reverse
from django.utils.deconstruct import deconstructible
from wagtail.documents import get_document_model

from lms.storage import PrivateStorage


@deconstructible
class DocumentStorage(PrivateStorage):
    """Documents (trainer kits, lesson downloads) live outside MEDIA_ROOT and are only
    served by Wagtail's document view, after the `before_serve_document` checks.

    A file's URL is therefore that view's address, never a bare media URL.
    """

    def url(self, name: str) -> str:
        document = get_document_model().objects.filter(file=name).first()
        if document is None:
            raise ValueError(f"No document stores {name!r}.")
        return reverse("wagtaildocs_serve", args=[document.pk, document.filename])


document_storage = DocumentStorage()
