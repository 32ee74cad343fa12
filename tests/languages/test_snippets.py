"""Digital services are translatable snippets: a French module points at the
service's French version, made before the module's translation where needed."""

from copy import deepcopy

import pytest
from django.db import IntegrityError
from wagtail.models import Locale

from courses.models import DigitalService, ModulePage
from home.services import home_page_ensure
from languages.services import translation_publish
from tests.factories import DigitalServiceFactory, build_course, translate_tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def module():
    service = DigitalServiceFactory(
        name="MijnGezondheid", slug="mijngezondheid", website="https://example.be/"
    )
    course = build_course(modules=1)
    module = ModulePage.objects.child_of(course).get()
    module.app_focus = service
    module.save_revision().publish()
    translate_tree(home_page_ensure())
    return module


def test_a_module_translated_before_its_service_points_at_a_copy_in_french(module):
    french = translate_tree(module.get_parent())
    french_module = ModulePage.objects.child_of(french).get()
    service = french_module.app_focus
    assert service.locale.language_code == "fr"
    assert service.translation_key == module.app_focus.translation_key
    assert service.name == "MijnGezondheid"  # the Dutch text until translated
    assert DigitalService.objects.filter(locale__language_code="nl").count() == 1


def test_the_french_module_shows_the_services_french_name(module, client):
    translated = deepcopy(module.app_focus)
    translated.name = "MaSanté"
    translation_publish(module.app_focus, "fr", translated)
    french = translate_tree(module.get_parent())
    french_module = ModulePage.objects.child_of(french).get()
    assert french_module.app_focus.name == "MaSanté"
    assert "MaSanté" in client.get(french_module.url).content.decode()
    assert ">MijnGezondheid<" in client.get(module.url).content.decode()


def test_a_services_name_is_unique_within_its_language(module):
    with pytest.raises(IntegrityError):
        DigitalService.objects.create(
            name="MijnGezondheid", slug="other", locale=Locale.get_default()
        )
