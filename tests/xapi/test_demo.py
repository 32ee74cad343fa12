"""With an LRS configured when the demo loads, the demo learner's journey fills the
outbox with statements of every kind, none naming anyone by address, and loading the
demo again records nothing new."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from courses.demo import ACCOUNTS
from lms.models import User
from tests.conftest import content_locales_ensure
from xapi.models import Statement

pytestmark = pytest.mark.django_db

VERBS = "http://adlnet.gov/expapi/verbs/"
ADL = "http://adlnet.gov/expapi/activities/"
LRS = "http://127.0.0.1:9/xAPI/"


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(autouse=True)
def _isolated(settings, media):
    """Overrides the suite's fixture: the demo's files stay for the whole module."""
    settings.MEDIA_ROOT = media / "media"
    settings.PRIVATE_MEDIA_ROOT = media / "private"
    settings.LRS_ENDPOINT = LRS


@pytest.fixture(scope="module")
def demo_database(django_db_setup, django_db_blocker, media):
    """The demo, loaded once for this module with an LRS configured, flushed after."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            DEBUG=True,
            LRS_ENDPOINT=LRS,
            MEDIA_ROOT=media / "media",
            PRIVATE_MEDIA_ROOT=media / "private",
        ),
    ):
        content_locales_ensure()
        call_command("load_demo", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(demo_database, db, settings):
    settings.DEBUG = True  # so a test may run load_demo again


def test_the_demo_learner_s_journey_has_statements_of_every_kind(demo):
    learner = User.objects.get(email=ACCOUNTS[0].email)
    mine = list(Statement.objects.filter(user=learner))
    kinds = {
        (row.verb.removeprefix(VERBS), row.payload["object"]["definition"]["type"])
        for row in mine
    }
    for kind in [
        ("registered", ADL + "course"),
        ("experienced", "http://id.tincanapi.com/activitytype/section"),
        ("attempted", ADL + "assessment"),
        ("passed", ADL + "assessment"),
        ("completed", ADL + "module"),
        ("completed", ADL + "course"),
        ("attended", ADL + "meeting"),
    ]:
        assert kind in kinds, f"no {kind} in the demo"
    for row in mine:
        assert row.payload["actor"]["account"]["name"] == str(learner.pk)


def test_no_demo_statement_names_anyone_by_address(demo):
    text = json.dumps(list(Statement.objects.values_list("payload", flat=True)))
    assert Statement.objects.exists()
    for email in User.objects.values_list("email", flat=True):
        assert email not in text
    assert "mailto:" not in text


def test_the_french_reader_s_statements_are_in_french(demo):
    apprenant = User.objects.get(email="apprenant@demo.digitaalmeedoen.be")
    (registered,) = Statement.objects.filter(user=apprenant, verb=VERBS + "registered")
    assert registered.payload["context"]["language"] == "fr"
    assert list(registered.payload["object"]["definition"]["name"]) == ["fr"]


def test_loading_the_demo_again_records_nothing_new(demo):
    before = Statement.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert Statement.objects.count() == before
