"""Importing members from a CSV file: reading it, the preview, and confirming."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from coordination.imports import MAX_ROWS, read_rows
from coordination.models import Invitation, MemberImport
from courses.models import Enrolment
from lms.models import Membership
from tests.factories import (
    AssignmentFactory,
    MembershipFactory,
    OrganisationFactory,
    TeamFactory,
    VerifiedUserFactory,
    build_course,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    organisation = OrganisationFactory(name="Gemeente Lede")
    TeamFactory(organisation=organisation, name="Onthaal")
    TeamFactory(organisation=organisation, name="Sociaal huis")
    coordinator = MembershipFactory(
        organisation=organisation, role=Membership.Role.COORDINATOR
    )
    return organisation, coordinator.user


@pytest.fixture
def coordinator_client(client, town):
    client.force_login(town[1])
    return client


def upload(client, organisation, content: bytes, name="leden.csv"):
    return client.post(
        reverse("coordination:member_import", args=[organisation.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def preview_url(member_import):
    return reverse(
        "coordination:member_import_preview",
        args=[member_import.organisation_id, member_import.pk],
    )


def rows_of(page) -> dict[int, str]:
    """Line number → data-action of each preview row (invite, join, error...)."""
    import re

    return {
        int(line): action
        for line, action in re.findall(
            r'data-line="(\d+)" data-action="(\w+)"', page.content.decode()
        )
    }


GOOD_UTF8 = (
    "\ufeffNaam;E-mail;Team;Rol\r\n"
    "Ann Peeters;ann@example.be;Onthaal;leerling\r\n"
    "Jan Janssens;JAN@example.be;Onthaal|Sociaal huis;lesgever\r\n"
    "\r\n"
    "Zoë Maes;zoe@example.be;;\r\n"
).encode()


# --- Reading the file


def test_a_utf8_file_with_semicolons_is_read_row_by_row():
    rows = read_rows(GOOD_UTF8)
    assert [row["line"] for row in rows] == [2, 3, 5]
    assert rows[0] == {
        "line": 2,
        "first_name": "Ann",
        "last_name": "Peeters",
        "email": "ann@example.be",
        "teams": ["Onthaal"],
        "role": "leerling",
    }
    assert rows[1]["email"] == "jan@example.be"
    assert rows[1]["teams"] == ["Onthaal", "Sociaal huis"]
    assert rows[2]["first_name"] == "Zoë"


def test_a_cp1252_file_with_commas_and_french_headers_is_read():
    data = (
        "Prénom,Nom,Courriel,Équipe,Rôle\r\n"
        "Zoë,Dubois,zoe@example.be,Onthaal,coordinateur\r\n"
    ).encode("cp1252")
    [row] = read_rows(data)
    assert (row["first_name"], row["last_name"]) == ("Zoë", "Dubois")
    assert row["email"] == "zoe@example.be"
    assert row["teams"] == ["Onthaal"]
    assert row["role"] == "coordinateur"


def test_dutch_header_variants_with_separate_names_are_read():
    data = b"Voornaam;Achternaam;E-mailadres;Balie\nAn;Claes;an@example.be;Onthaal\n"
    [row] = read_rows(data)
    assert (row["first_name"], row["last_name"], row["email"]) == (
        "An",
        "Claes",
        "an@example.be",
    )
    assert row["role"] == ""


def test_a_good_upload_is_kept_for_the_preview_and_applies_nothing(
    coordinator_client, town
):
    organisation, _coordinator = town
    response = upload(coordinator_client, organisation, GOOD_UTF8)
    member_import = MemberImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == preview_url(member_import)
    assert member_import.organisation == organisation
    assert member_import.confirmed_at is None
    assert not Invitation.objects.exists()
    page = coordinator_client.get(preview_url(member_import))
    assert rows_of(page) == {2: "invite", 3: "invite", 5: "invite"}
    assert b'id="import-confirm"' in page.content


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"x" * 1_000_001, "big.csv"),
        (b"PK\x03\x04\x00\x00binary\x00", "leden.xlsx"),
        (b"", "empty.csv"),
        (b"naam;team\nAnn;Onthaal\n", "no-email.csv"),
        (b"email\n", "header-only.csv"),
    ],
    ids=["too-big", "not-text", "empty", "no-email-column", "no-rows"],
)
def test_an_unreadable_file_gets_one_form_error_and_creates_nothing(
    coordinator_client, town, content, name
):
    response = upload(coordinator_client, town[0], content, name=name)
    assert response.status_code == 200
    assert response.context["form"].has_error("file")
    assert not MemberImport.objects.exists()


def test_more_rows_than_allowed_is_refused():
    def listing(count: int) -> bytes:
        return ("email\n" + "".join(f"p{n}@e.be\n" for n in range(count))).encode()

    with pytest.raises(ValidationError, match=str(MAX_ROWS)):
        read_rows(listing(MAX_ROWS + 1))
    assert len(read_rows(listing(MAX_ROWS))) == MAX_ROWS


# --- The preview


def test_each_bad_row_is_named_with_its_line_and_confirm_is_absent(
    coordinator_client, town
):
    organisation, _coordinator = town
    member = MembershipFactory(organisation=organisation)
    data = (
        "naam;e-mail;team;rol\n"
        "Ann;ann@example.be;Onthaal;leerling\n"  # 2: fine
        "Bob;bob-at-example;;\n"  # 3: bad address
        "Cas;cas@example.be;Bibliotheek;\n"  # 4: unknown team
        "Ann twee;ANN@example.be;;\n"  # 5: duplicate of line 2
        f"Lid;{member.user.email};;\n"  # 6: already a member
        "Dirk;dirk@example.be;;baas\n"  # 7: unknown role
    ).encode()
    upload(coordinator_client, organisation, data)
    page = coordinator_client.get(preview_url(MemberImport.objects.get()))
    assert rows_of(page) == {
        2: "invite",
        3: "error",
        4: "error",
        5: "error",
        6: "error",
        7: "error",
    }
    preview = page.context["preview"]
    errors = {row.line: row.errors for row in preview.rows}
    assert "bob-at-example" in errors[3][0]
    assert "Bibliotheek" in errors[4][0]
    assert "Onthaal" in errors[4][0] and "Sociaal huis" in errors[4][0]
    assert " 2" in errors[5][0]
    assert len(errors[6]) == 1 and len(errors[7]) == 1
    assert preview.errors == 5
    assert b'id="import-confirm"' not in page.content
    assert b'id="import-blocked"' in page.content
    assert b'id="member-import-form"' in page.content  # upload a corrected file


def test_a_forced_confirm_of_a_list_with_errors_applies_nothing(
    coordinator_client, town
):
    organisation, _coordinator = town
    data = b"email;team\nann@example.be;Onthaal\nbob@example.be;Onbekend\n"
    upload(coordinator_client, organisation, data)
    member_import = MemberImport.objects.get()
    response = coordinator_client.post(preview_url(member_import))
    assert response.status_code == 302
    assert not Invitation.objects.exists()
    member_import.refresh_from_db()
    assert member_import.confirmed_at is None


def test_html_and_formulas_in_cells_stay_harmless_text(
    coordinator_client, town, django_capture_on_commit_callbacks
):
    organisation, _coordinator = town
    data = (
        b"voornaam;achternaam;email\n"
        b'"<script>alert(1)</script>";"=cmd|\' /C calc\'!A0";ann@example.be\n'
    )
    upload(coordinator_client, organisation, data)
    member_import = MemberImport.objects.get()
    page = coordinator_client.get(preview_url(member_import))
    assert b"<script>alert(1)</script>" not in page.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(preview_url(member_import))
    invitation = Invitation.objects.get()
    # Kept as typed: text in the database; exports make it spreadsheet-safe.
    assert invitation.first_name == "<script>alert(1)</script>"
    assert invitation.last_name == "=cmd|' /C calc'!A0"


# --- Confirming


def test_confirming_invites_everyone_in_one_go_and_only_once(
    coordinator_client, town, mailoutbox, django_capture_on_commit_callbacks
):
    organisation, _coordinator = town
    reception = organisation.teams.get(name="Onthaal")
    course = build_course()
    AssignmentFactory(organisation=organisation, team=reception, course=course)
    existing = VerifiedUserFactory(email="jan@example.be")
    upload(coordinator_client, organisation, GOOD_UTF8)
    member_import = MemberImport.objects.get()
    page = coordinator_client.get(preview_url(member_import))
    # The person with an account is invited like the others, and the preview says so.
    assert rows_of(page) == {2: "invite", 3: "invite_account", 5: "invite"}
    assert b"joins after accepting" in page.content or (
        b"na aanvaarden" in page.content
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(preview_url(member_import))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "coordination:members", args=[organisation.pk]
    )
    invitations = Invitation.objects.filter(organisation=organisation)
    assert sorted(invitations.values_list("email", flat=True)) == [
        "ann@example.be",
        "jan@example.be",
        "zoe@example.be",
    ]
    assert list(invitations.get(email="ann@example.be").teams.all()) == [reception]
    # Nothing of the account holder moves before they accept.
    assert not Membership.objects.filter(user=existing).exists()
    assert not Enrolment.objects.filter(user=existing).exists()
    theirs = invitations.get(email="jan@example.be")
    assert theirs.role == Membership.Role.TRAINER
    assert set(theirs.teams.values_list("name", flat=True)) == {
        "Onthaal",
        "Sociaal huis",
    }
    assert sorted(mail.to[0] for mail in mailoutbox) == [
        "ann@example.be",
        "jan@example.be",
        "zoe@example.be",
    ]
    member_import.refresh_from_db()
    assert member_import.confirmed_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        again = coordinator_client.post(preview_url(member_import))
    assert again.status_code == 302
    assert Invitation.objects.count() == 3
    assert len(mailoutbox) == 3
    page = coordinator_client.get(preview_url(member_import))
    assert b'id="import-done"' in page.content
    assert b'id="import-confirm"' not in page.content


def test_confirming_checks_again_against_the_organisation_as_it_is_now(
    coordinator_client, town, django_capture_on_commit_callbacks
):
    organisation, _coordinator = town
    upload(coordinator_client, organisation, GOOD_UTF8)
    member_import = MemberImport.objects.get()
    organisation.teams.filter(name="Sociaal huis").delete()  # after the upload
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(preview_url(member_import))
    assert not Invitation.objects.exists()
    member_import.refresh_from_db()
    assert member_import.confirmed_at is None


def test_confirm_needs_csrf(town):
    organisation, coordinator = town
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    client.force_login(coordinator)
    member_import = MemberImport.objects.create(
        organisation=organisation,
        created_by=coordinator,
        filename="x.csv",
        rows=read_rows(GOOD_UTF8),
    )
    assert client.post(preview_url(member_import)).status_code == 403
    assert not Invitation.objects.exists()
