import uuid

import factory
import wagtail_factories
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission

from home.models import StandardPage
from home.services import home_page_ensure
from lms.models import User

from .people import UserFactory


def document_block(document) -> dict:
    """Raw StreamField data for a "downloadable document" block."""
    return {
        "type": "document",
        "id": str(uuid.uuid4()),
        "value": {"document": document.pk, "description": ""},
    }


def document_link(document) -> dict:
    """Raw StreamField data for a paragraph of rich text linking to `document`."""
    link = f'<a linktype="document" id="{document.pk}">de brochure</a>'
    return {"type": "text", "id": str(uuid.uuid4()), "value": f"<p>Lees {link}.</p>"}


class StandardPageFactory(wagtail_factories.PageFactory):
    """A published text page under the home page (about, privacy…)."""

    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Over ons {n}")
    slug = factory.Sequence(lambda n: f"over-ons-{n}")
    parent = factory.LazyFunction(home_page_ensure)
    body = factory.LazyFunction(list)


def editor() -> User:
    """An editor as Wagtail's own "Editors" group makes one: admin access, and the
    documents of the root collection to choose, add and change. The group is built
    here, not read from Wagtail's data migration: a transactional test before this
    one may have flushed it."""
    home_page_ensure()  # and with it the root collection
    group, _ = Group.objects.get_or_create(name="Document editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_document", "change_document", "choose_document"):
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=Collection.get_first_root_node(),
            permission=Permission.objects.get(
                content_type__app_label="wagtaildocs", codename=codename
            ),
        )
    user = UserFactory()
    user.groups.add(group)
    return user
