"""Public trainer kits in the databank: listed while live, public and open to
visitors without an account; gone when made trainers-only, unpublished or restricted."""

import pytest
from django.urls import reverse
from wagtail.models import BaseViewRestriction, PageViewRestriction

from library.models import LibraryItem
from library.services import kit_item_sync
from tests.factories import kit

pytestmark = pytest.mark.django_db


def test_a_public_kit_is_in_the_databank_and_opens_without_an_account(client):
    page = kit(trainers_only=False)
    item = LibraryItem.objects.get(kit=page)
    assert (item.title, item.type.slug, item.is_public) == (
        page.title,
        "opleidingspakket",
        True,
    )
    assert item.description == "Alles voor de opleidingsdag."
    listing = client.get("/databank/?type=opleidingspakket").content.decode()
    assert page.title in listing
    detail = client.get(reverse("library:item", args=[item.pk])).content.decode()
    assert f'href="{page.url}"' in detail
    assert client.get(page.url).status_code == 200


def test_a_trainers_only_kit_is_not_in_the_databank():
    assert not LibraryItem.objects.filter(kit=kit(trainers_only=True)).exists()


def test_a_kit_made_trainers_only_or_unpublished_leaves_the_databank():
    page = kit(trainers_only=False)
    page.trainers_only = True
    page.save_revision().publish()
    assert not LibraryItem.objects.filter(kit=page).exists()
    page.trainers_only = False
    page.save_revision().publish()
    assert LibraryItem.objects.filter(kit=page).exists()
    page.unpublish()
    assert not LibraryItem.objects.filter(kit=page).exists()


def test_a_kit_behind_a_view_restriction_is_not_listed():
    page = kit(trainers_only=False)
    PageViewRestriction.objects.create(
        page=page.get_parent(), restriction_type=BaseViewRestriction.LOGIN
    )
    kit_item_sync(page)
    assert not LibraryItem.objects.filter(kit=page).exists()
