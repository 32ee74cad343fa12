"""The Wagtail admin asks no third party anything: no Gravatar, no release check."""

import pytest
from django.urls import reverse

from home.services import home_page_ensure
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_admin_loads_nothing_from_outside(client):
    home_page_ensure()  # a transactional test before may have flushed the page tree
    editor = UserFactory(is_staff=True, is_superuser=True, email="ann@example.be")
    client.force_login(editor)
    for url in ("/admin/", reverse("wagtailusers_users:index")):
        html = client.get(url).content.decode()
        assert "gravatar.com" not in html, url
        assert "releases.wagtail.org" not in html, url
