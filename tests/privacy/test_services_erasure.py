"""Erasing a person: nothing that refers to them survives in the database or in
private storage; what others rely on stays, naming nobody."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.db import models
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditLogEntry
from certificates.models import Certificate
from forums.models import Post, Thread
from library.models import Favourite, LibraryItem
from lms.models import User
from privacy.services import user_erase
from quizzes.models import Attempt
from quizzes.reports import report_csv, report_for_test
from training.models import Registration

from .life import EMAIL, FIRST_NAME, LAST_NAME, a_full_life

pytestmark = pytest.mark.django_db

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def user_foreign_keys():
    """(model, field) for every field of every model that points at a user, local
    fields only (a page type inherits Page's `owner` from the Page table)."""
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.local_fields:
            if field.is_relation and field.related_model is user_model:
                yield model, field


def rows_naming(word: str) -> list[str]:
    """Every model.field whose stored text contains `word` (any case)."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.local_fields:
            if isinstance(field, TEXT_FIELDS):
                lookup = {f"{field.name}__icontains": word}
                if model._base_manager.filter(**lookup).exists():
                    found.append(f"{model._meta.label}.{field.name}")
    return found


@pytest.fixture
def life(django_capture_on_commit_callbacks):
    return a_full_life(django_capture_on_commit_callbacks)


@pytest.fixture
def erased(life, django_capture_on_commit_callbacks):
    attempts_before = Attempt.objects.filter(test=life.final_test).count()
    assert all(Path(path).exists() for path in life.private_files)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=life.person, reason="request")
    return life, attempts_before


def test_nothing_in_the_database_points_at_the_erased_person(erased):
    life, _ = erased
    pk = life.person.pk
    assert not User.objects.filter(pk=pk).exists()
    pointing = [
        f"{model._meta.label}.{field.name}"
        for model, field in user_foreign_keys()
        if model._base_manager.filter(**{field.attname: pk}).exists()
    ]
    assert pointing == []


@pytest.mark.parametrize("word", [FIRST_NAME, LAST_NAME, EMAIL, "203.0.113.9"])
def test_no_stored_text_names_the_erased_person(erased, word):
    assert rows_naming(word) == []


def test_their_private_files_are_gone_and_others_stay(erased):
    life, _ = erased
    assert [path for path in life.private_files if Path(path).exists()] == []
    other = Certificate.objects.get(user=life.other)
    assert Path(other.pdf.path).exists()


def test_what_others_rely_on_stays_without_a_name(erased, client):
    life, attempts_before = erased
    thread = Thread.objects.get(title="Hoe werkt itsme?")
    assert thread.author is None
    own = Post.objects.get(pk=life.own_post.pk)
    assert (own.author, own.image.name, own.source) == (None, "", "Hallo")
    assert Post.objects.filter(pk=life.reply.pk, author=life.other).exists()
    # What they shared in the databank stays when published, without their name;
    # what was still waiting goes, with its file; their stars go.
    assert LibraryItem.objects.get(title="Stappenplan bibliotheek").submitted_by is None
    assert not LibraryItem.objects.filter(title="Mijn concept").exists()
    assert not Favourite.objects.exists()
    client.force_login(life.other)
    page = client.get(reverse("forums:forum_thread", args=[thread.pk]))
    assert "Verwijderde gebruiker" in page.content.decode()
    # The test's statistics count the attempt, without anyone's answers.
    assert Attempt.objects.filter(test=life.final_test).count() == attempts_before
    nameless = Attempt.objects.get(test=life.final_test, user=None)
    assert nameless.responses == {} and nameless.passed
    report = report_for_test(life.final_test)
    assert len(report.attempts) == attempts_before
    assert "Verwijderde gebruiker" in report_csv(report)


def test_their_certificate_says_no_longer_valid_and_shows_no_name(erased, client):
    life, _ = erased
    certificate = Certificate.objects.get(pk=life.certificate.pk)
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.user is None and not certificate.pdf
    page = client.get(
        reverse("certificates:verify", args=[certificate.verification_code])
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="no-longer-valid"' in html
    assert FIRST_NAME not in html and LAST_NAME not in html


def test_their_seat_goes_to_the_first_on_the_waiting_list(erased):
    life, _ = erased
    waiting = Registration.objects.get(pk=life.waiting.pk)
    assert waiting.status == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [[life.other.email]]


def test_the_logs_keep_what_happened_naming_nobody(erased, client):
    life, _ = erased
    acted = AuditLogEntry.objects.get(action="coordination.assign")
    assert (acted.user_id, acted.ip_address, acted.actor_erased) == (None, None, True)
    invited = AuditLogEntry.objects.get(action="coordination.invite")
    assert invited.subject_id is None and invited.about == "Verwijderde gebruiker"
    # The coordinator of their organisation sees that a member's account was erased.
    client.force_login(life.coordinator)
    page = client.get(reverse("coordination:log", args=[life.organisation.pk]))
    html = page.content.decode()
    assert 'data-action="privacy.erase"' in html
    assert FIRST_NAME not in html


def test_a_failure_in_the_middle_erases_nothing(
    life, django_capture_on_commit_callbacks, monkeypatch
):
    from forums import privacy as forums_privacy

    def broken(self, user, erasure):
        raise RuntimeError("disk full")

    monkeypatch.setattr(forums_privacy.Forums, "erase", broken)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
    ):
        user_erase(user=life.person, reason="request")
    assert User.objects.filter(pk=life.person.pk).exists()
    assert Certificate.objects.get(pk=life.certificate.pk).status == "valid"
    assert all(Path(path).exists() for path in life.private_files)
    assert not AuditLogEntry.objects.filter(action="privacy.erase").exists()


def test_an_erasure_of_someone_without_anything_works(
    django_capture_on_commit_callbacks,
):
    from tests.factories import UserFactory

    nobody = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        user_erase(user=nobody, reason="command")
    assert not User.objects.filter(pk=nobody.pk).exists()
    entry = AuditLogEntry.objects.get(action="privacy.erase")
    assert entry.data == {"reason": "command"} and entry.subject_id is None
    assert entry.timestamp <= timezone.now()
