"""Error pages: 404, 403, 500 and a refused form get the site's own page, in the
visitor's language, with the header and a way back, and keep their status codes."""

import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.lms.urls_errors")]

SKIP_LINK = {"nl": "Naar de hoofdinhoud", "fr": "Aller au contenu principal"}
LEARNING_PATH = {"nl": "Mijn leertraject", "fr": "Mon parcours"}


@pytest.fixture(autouse=True)
def production_like(settings):
    settings.DEBUG = False  # Django's own debug pages never show in production


def visitor(language: str) -> Client:
    """An anonymous visitor whose browser (language cookie) asks for `language`."""
    client = Client(HTTP_HOST="localhost", raise_request_exception=False)
    client.cookies["lms_language"] = language
    return client


def assert_site_page(html: str, language: str, heading: str) -> None:
    """The site's own page: language, skip link, header, footer and the heading."""
    assert f'<html lang="{language}">' in html
    assert f'<a class="skip-link" href="#main">{SKIP_LINK[language]}</a>' in html
    assert '<header class="site-header">' in html
    assert '<footer class="site-footer">' in html
    with translation.override(language):
        expected = translation.gettext(heading)
    assert re.search(rf"<h1>\s*{re.escape(expected)}\s*</h1>", html), heading
    assert '<a class="button" href="/">' in html  # the way home


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_an_unknown_address_gets_the_sites_404_page(language):
    response = visitor(language).get(f"/{language}/bestaat-niet/")
    assert response.status_code == 404
    assert_site_page(response.content.decode(), language, "We cannot find this page")


def test_the_404_page_keeps_a_logged_in_users_menu_and_learning_path():
    client = visitor("nl")
    client.force_login(UserFactory(preferred_language="fr"))
    # An address without a language is taken to the user's own (and still not found).
    response = client.get("/opleidingen/bestaat-niet/", follow=True)
    assert response.redirect_chain == [("/fr/opleidingen/bestaat-niet/", 302)]
    assert response.status_code == 404
    html = response.content.decode()
    # The user's own language wins over the browser's, as on every page.
    assert_site_page(html, "fr", "We cannot find this page")
    main = html[html.index('<main id="main"') :]
    assert f'href="/mijn-leertraject/">{LEARNING_PATH["fr"]}</a>' in main
    assert 'action="/account/logout/"' in html  # the menu, with the way out


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_forbidden_page_gets_the_sites_403_page(language):
    client = visitor(language)
    client.force_login(UserFactory(preferred_language=language))
    response = client.get("/test/verboden/")
    assert response.status_code == 403
    html = response.content.decode()
    assert_site_page(html, language, "You cannot open this page")
    assert 'href="/mijn-leertraject/"' in html


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_failing_view_gets_the_sites_500_page(language):
    response = visitor(language).get("/test/kapot/")
    assert response.status_code == 500
    html = response.content.decode()
    assert_site_page(html, language, "Something went wrong")
    main = html[html.index('<main id="main"') :]
    assert f'href="/mijn-leertraject/">{LEARNING_PATH[language]}</a>' in main
    assert "a bug in a view" not in html
    assert "Traceback" not in html


def test_the_500_page_needs_neither_the_request_context_nor_the_database(
    django_assert_num_queries,
):
    """Django renders 500.html without context processors; whatever failed (the
    database too), the page itself asks nothing of it."""
    request = RequestFactory().get("/")
    with translation.override("fr"), django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert_site_page(response.content.decode(), "fr", "Something went wrong")


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_a_refused_form_gets_the_sites_page_with_a_way_back(language):
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    client.cookies["lms_language"] = language
    client.get(reverse("account_login"))  # the form page sets the CSRF cookie
    response = client.post(
        reverse("account_login"),
        {"login": "iemand@example.be", "password": "x", "csrfmiddlewaretoken": "old"},
        HTTP_REFERER="http://localhost/account/login/",
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert_site_page(html, language, "Your form was not sent")
    assert 'class="button" href="http://localhost/account/login/"' in html
    # A fresh token comes with the page, so the next try can succeed.
    assert 'name="csrfmiddlewaretoken"' in html


def test_a_refused_form_without_cookies_says_so_and_links_back_only_to_this_site():
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    response = client.post(
        reverse("account_login"),
        {"login": "iemand@example.be", "password": "x"},
        HTTP_REFERER="https://elders.example.com/formulier/",
    )
    assert response.status_code == 403
    html = response.content.decode()
    with translation.override("nl"):
        cookies = translation.gettext(
            "Your browser refuses cookies from this site. Allow them and try again: "
            "we need one to know that you are the one sending the form."
        )
    assert cookies in html
    assert "elders.example.com" not in html
