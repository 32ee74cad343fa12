"""The translators' report: a translated page turns out of date when its Dutch page
is published again, and shows the texts still to translate after a sync."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from home.services import home_page_ensure
from languages.selectors import translation_statuses
from tests.factories import StandardPageFactory, UserFactory, translate_tree

pytestmark = pytest.mark.django_db

REPORT = "/admin/translations/"


@pytest.fixture
def page():
    page = StandardPageFactory(parent=home_page_ensure(), title="Over ons")
    translate_tree(home_page_ensure())
    return page


@pytest.fixture
def translator(client):
    user = UserFactory()
    # As wagtail-localize's migration makes it (a transactional test may flush it).
    submit, _ = Permission.objects.get_or_create(
        content_type=ContentType.objects.get_or_create(
            app_label="wagtail_localize", model="translation"
        )[0],
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    user.user_permissions.add(Permission.objects.get(codename="access_admin"), submit)
    client.force_login(user)
    return user


def status_of(page):
    return next(s for s in translation_statuses() if s.source.pk == page.pk)


def test_a_translation_is_up_to_date_until_its_dutch_page_changes(
    client, translator, page
):
    status = status_of(page)
    assert (status.language, status.up_to_date) == ("fr", True)
    assert (
        status.target.pk
        == page.get_translation(Locale.objects.get(language_code="fr")).pk
    )
    assert "Bijgewerkt" in client.get(REPORT).content.decode()

    page.title = "Over het programma"
    page.save_revision().publish()

    status = status_of(page)
    assert status.source_changed and not status.up_to_date
    html = client.get(REPORT).content.decode()
    assert "Verouderd: de Nederlandse pagina is gewijzigd" in html
    assert status.sync_url in html


def test_after_a_sync_the_changed_texts_are_still_to_translate(page):
    page.title = "Over het programma"
    page.save_revision().publish()
    with TestCase.captureOnCommitCallbacks(execute=True):
        TranslationSource.objects.get(object_id=page.translation_key).update_from_db()
    status = status_of(page)
    assert not status.source_changed
    assert status.translated == status.total - 1  # the new title


def test_the_report_is_for_translators(client, page):
    client.force_login(UserFactory())
    assert client.get(REPORT).status_code in (302, 403)
