"""The databank's pages: browsing without an account, an item and its file, stars
with and without JavaScript, sharing material (files checked before anything is
stored), the editors' decisions with mails, the feed and the CSV."""

import csv
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model

from library.models import Favourite, ItemType, LibraryItem, TargetGroup, Theme
from tests.factories import UserFactory, document, entry, library_item

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\x00" * 64


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def superuser():
    return UserFactory(is_superuser=True, is_staff=True)


# --- Browsing


def test_anyone_browses_searches_and_filters_with_a_shareable_url(client):
    library_item(
        "(Video)bellen met Facebook", type="handleiding", organisation="District09"
    )
    library_item(
        "123digit interactieve oefeningen",
        type="meetinstrument",
        organisation="WeTechCare",
    )
    library_item("Niet gepubliceerd", status="submitted")

    page = html(client.get("/databank/"))
    assert "(Video)bellen met Facebook" in page and "123digit" in page
    assert "Niet gepubliceerd" not in page
    # The seed's columns: Titel – Organisatie – Type – Doelgroep.
    for column in ("Titel", "Organisatie", "Type", "Doelgroep"):
        assert f'role="columnheader">{column}</th>' in page

    shared = html(client.get("/databank/?q=bellen&type=handleiding&sorteren=titel"))
    assert "(Video)bellen met Facebook" in shared and "123digit" not in shared
    assert 'value="bellen"' in shared  # the words stay in the box
    assert 'name="type" value="handleiding" checked' in shared
    assert '<option value="titel" selected>' in shared
    # The CSV link keeps the search.
    assert "lijst.csv?q=bellen&amp;type=handleiding&amp;sorteren=titel" in shared


def test_results_come_in_pages_of_twenty(client):
    for number in range(25):
        library_item(f"Oefening {number:02d}")
    first = html(client.get("/databank/?sorteren=titel"))
    second = html(client.get("/databank/?sorteren=titel&pagina=2"))
    assert (
        "Oefening 00" in first and "Oefening 19" in first and "Oefening 20" not in first
    )
    assert "Oefening 20" in second and "Oefening 24" in second
    assert "25 items gevonden" in first


def test_nonsense_in_the_url_is_ignored_not_an_error(client):
    library_item("Handleiding itsme")
    response = client.get(
        "/databank/?sorteren=x&pagina=abc&type=bestaat-niet&taal=%00&q=%00" + "a" * 500
    )
    assert response.status_code == 200


def test_an_item_page_shows_its_details_link_and_related_items(client):
    item = library_item(
        "itsme: veelvoorkomende problemen en oplossingen",
        groups=("baliemedewerkers", "digihelpers"),
        themes=("itsme",),
        keywords="itsme, problemen",
    )
    library_item("itsme installeren", themes=("itsme",))
    page = html(client.get(reverse("library:item", args=[item.pk])))
    assert "Digihelpers, Baliemedewerkers" in page
    assert 'href="https://example.org/materiaal"' in page
    assert "Verwant materiaal" in page and "itsme installeren" in page


def test_a_file_is_downloaded_without_an_account_once_published(client):
    doc = document("Handleiding", PDF, name="handleiding.pdf")
    item = library_item("Handleiding", document=doc, status="submitted")
    assert client.get(reverse("library:file", args=[item.pk])).status_code == 404
    assert client.get(doc.url).status_code == 404
    item.status = LibraryItem.Status.PUBLISHED
    item.save()
    response = client.get(reverse("library:file", args=[item.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert client.get(doc.url).status_code == 200


def test_material_not_yet_published_is_404_to_others_but_open_to_its_submitter(client):
    submitter = UserFactory()
    item = library_item("Mijn stappenplan", status="submitted", submitted_by=submitter)
    url = reverse("library:item", args=[item.pk])
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(submitter)
    assert "Enkel jij en de redactie" in html(client.get(url))
    client.force_login(superuser())
    assert client.get(url).status_code == 200


def test_a_reader_of_french_is_taken_to_the_french_version(client):
    dutch = library_item("Handleiding itsme")
    french = dutch.copy_for_translation(
        entry(TargetGroup, "iedereen", language="fr").locale
    )
    french.title = "Mode d'emploi itsme"
    french.save()
    client.cookies["lms_language"] = "fr"
    response = client.get(reverse("library:item", args=[dutch.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("library:item", args=[french.pk])


# --- Favourites


def test_a_star_without_javascript_posts_and_comes_back(client):
    user = UserFactory()
    item = library_item("Handleiding itsme")
    client.force_login(user)
    url = reverse("library:favourite", args=[item.pk])
    response = client.post(url, {"next": "/databank/?q=itsme"})
    assert response.status_code == 302 and response["Location"] == "/databank/?q=itsme"
    assert Favourite.objects.filter(user=user, item=item).exists()
    page = html(client.get("/databank/favorieten/"))
    assert "Handleiding itsme" in page and "Bij mijn favorieten" in page
    # Off again; a "next" to another site is not followed.
    response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("library:item", args=[item.pk])
    assert not Favourite.objects.filter(user=user).exists()


def test_a_star_with_javascript_answers_json(client):
    user = UserFactory()
    item = library_item("Handleiding itsme")
    client.force_login(user)
    url = reverse("library:favourite", args=[item.pk])
    response = client.post(url, HTTP_ACCEPT="application/json")
    assert response.json() == {
        "starred": True,
        "message": "“Handleiding itsme” staat bij je favorieten.",
    }
    assert client.post(url, HTTP_ACCEPT="application/json").json()["starred"] is False


def test_stars_need_an_account_a_post_and_a_published_item(client):
    item = library_item("Handleiding itsme")
    url = reverse("library:favourite", args=[item.pk])
    assert client.post(url).status_code == 302  # to log in
    client.force_login(UserFactory())
    assert client.get(url).status_code == 405
    draft = library_item("Concept", status="submitted")
    assert client.post(reverse("library:favourite", args=[draft.pk])).status_code == 404
    assert not Favourite.objects.exists()


def test_a_star_on_the_french_version_is_a_star_on_the_item(client):
    user = UserFactory()
    dutch = library_item("Handleiding itsme")
    french = dutch.copy_for_translation(
        entry(TargetGroup, "iedereen", language="fr").locale
    )
    french.save()
    client.force_login(user)
    client.post(reverse("library:favourite", args=[french.pk]))
    assert "Bij mijn favorieten" in html(
        client.get(reverse("library:item", args=[dutch.pk]))
    )
    client.post(reverse("library:favourite", args=[dutch.pk]))  # off, on both
    assert not Favourite.objects.filter(user=user).exists()


# --- Sharing material


def _form(**changes):
    data = {
        "title": "Stappenplan dokter",
        "description": "Een afspraak maken via de app.",
        "keywords": "dokter, app",
        "organisation": "Digicafé Zottegem",
        "type": entry(ItemType, "handleiding").pk,
        "target_groups": [entry(TargetGroup, "senioren").pk],
        "themes": [entry(Theme, "itsme").pk],
        "language": "nl",
        "level": "basic",
        "licence": "cc-by",
        "link": "",
        "confirm": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_sharing_a_file_stores_it_for_moderation_and_mails_the_submitter(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(first_name="Ahmed")
    client.force_login(user)
    upload = SimpleUploadedFile("stappenplan.pdf", PDF, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("library:submit"), _form(file=upload))
    assert response.status_code == 302
    item = LibraryItem.objects.get(title="Stappenplan dokter")
    assert item.status == LibraryItem.Status.SUBMITTED
    assert item.submitted_by == user and item.sharing_confirmed_at is not None
    with item.document.open_file() as stored:
        assert stored.read() == PDF
    assert [g.slug for g in item.target_groups.all()] == ["senioren"]
    assert [t.slug for t in item.themes.all()] == ["itsme"]
    assert [m.subject for m in mail.outbox] == [
        "We ontvingen je materiaal voor de databank"
    ]
    # Not public yet, but in "Material I shared".
    assert "Stappenplan dokter" not in html(client.get("/databank/"))
    assert "Wacht op beoordeling" in html(client.get(reverse("library:submissions")))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100, "kan je hier niet delen"),
        ("foto.pdf", PNG, "maar de inhoud is een .png-bestand"),
        (
            "pagina.html",
            b"<html><script>alert(1)</script></html>",
            "kan je hier niet delen",
        ),
        ("leeg.pdf", b"", "leeg"),
    ],
)
def test_a_file_that_is_not_accepted_is_refused_before_anything_is_stored(
    client, name, content, message
):
    client.force_login(UserFactory())
    documents = get_document_model().objects.count()
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("library:submit"), _form(file=upload))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LibraryItem.objects.exists()
    assert get_document_model().objects.count() == documents
    # What was typed is still there.
    assert 'value="Stappenplan dokter"' in response.content.decode()


def test_a_file_over_the_size_limit_is_refused(client, settings):
    settings.LIBRARY_UPLOAD_MAX_SIZE = 100
    client.force_login(UserFactory())
    upload = SimpleUploadedFile("groot.pdf", PDF + b"0" * 200)
    response = client.post(reverse("library:submit"), _form(file=upload))
    assert "Het bestand is te groot" in response.content.decode()
    assert not LibraryItem.objects.exists()


def test_sharing_needs_a_link_or_a_file_and_the_confirmation(client):
    client.force_login(UserFactory())
    page = html(client.post(reverse("library:submit"), _form()))
    assert "Geef het webadres van het materiaal of voeg een bestand toe." in page
    page = html(
        client.post(
            reverse("library:submit"), _form(link="https://example.org", confirm=None)
        )
    )
    assert "Dit is een verplicht veld." in page
    assert not LibraryItem.objects.exists()


def test_sharing_needs_an_account_and_the_csrf_token(client):
    response = client.get(reverse("library:submit"))
    assert response.status_code == 302 and "/account/login/" in response["Location"]
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(UserFactory())
    response = strict.post(reverse("library:submit"), _form(link="https://example.org"))
    assert response.status_code == 403
    assert not LibraryItem.objects.exists()


# --- Moderation


def _submitted(user):
    return library_item(
        "Stappenplan dokter",
        status="submitted",
        submitted_by=user,
        link="https://example.org/stappenplan",
    )


def test_an_editor_publishes_a_submission_and_the_submitter_is_mailed(
    client, django_capture_on_commit_callbacks
):
    submitter = UserFactory(first_name="Ahmed")
    item = _submitted(submitter)
    client.force_login(superuser())
    queue = html(client.get(reverse("library_review_queue")))
    assert "Stappenplan dokter" in queue
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("library_review", args=[item.pk]), {"decision": "approve"}
        )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == LibraryItem.Status.PUBLISHED
    assert "Stappenplan dokter" in html(client.get("/databank/?q=stappenplan"))
    (message,) = mail.outbox
    assert message.to == [submitter.email]
    assert message.subject == "Je materiaal staat in de databank"
    assert f"/databank/{item.pk}/" in message.body


def test_asking_for_changes_needs_a_message_and_lets_the_submitter_change_it(
    client, django_capture_on_commit_callbacks
):
    submitter = UserFactory()
    item = _submitted(submitter)
    client.force_login(superuser())
    url = reverse("library_review", args=[item.pk])
    page = html(client.post(url, {"decision": "changes", "message": ""}))
    assert "Zeg de indiener wat er moet veranderen of waarom." in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url, {"decision": "changes", "message": "Voeg de bron van de fotos toe."}
        )
    item.refresh_from_db()
    assert item.status == LibraryItem.Status.CHANGES_REQUESTED
    assert "Voeg de bron van de fotos toe." in mail.outbox[0].body

    client.force_login(submitter)
    change = reverse("library:submission_change", args=[item.pk])
    assert "Voeg de bron van de fotos toe." in html(client.get(change))
    response = client.post(
        change,
        _form(
            title="Stappenplan dokter (met bronnen)",
            link="https://example.org/v2",
            target_groups=[entry(TargetGroup, "digihelpers").pk],
        ),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == LibraryItem.Status.SUBMITTED
    assert item.title == "Stappenplan dokter (met bronnen)"
    assert [g.slug for g in item.target_groups.all()] == ["digihelpers"]
    # Once sent again it cannot be changed until the editors ask.
    assert client.get(change).status_code == 404


def test_refusing_gives_the_reason_to_the_submitter_and_keeps_it_private(
    client, django_capture_on_commit_callbacks
):
    submitter = UserFactory()
    item = _submitted(submitter)
    client.force_login(superuser())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("library_review", args=[item.pk]),
            {"decision": "refuse", "message": "Dit is reclame voor een product."},
        )
    item.refresh_from_db()
    assert item.status == LibraryItem.Status.REFUSED
    assert mail.outbox[0].subject == "Je materiaal werd niet opgenomen in de databank"
    assert "Dit is reclame voor een product." in mail.outbox[0].body
    client.logout()
    assert client.get(reverse("library:item", args=[item.pk])).status_code == 404


def test_only_editors_reach_the_review_pages(client):
    item = _submitted(UserFactory())
    client.force_login(UserFactory())
    for url in (
        reverse("library_review_queue"),
        reverse("library_review", args=[item.pk]),
    ):
        assert client.get(url).status_code in (302, 403)
    assert client.post(
        reverse("library_review", args=[item.pk]), {"decision": "approve"}
    ).status_code in (302, 403)
    item.refresh_from_db()
    assert item.status == LibraryItem.Status.SUBMITTED


# --- Feed and CSV


def test_the_atom_feed_lists_the_newest_published_items(client):
    library_item("Handleiding itsme", organisation="District09")
    library_item("Concept", status="submitted")
    response = client.get(reverse("library:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<title>Handleiding itsme</title>" in body and "Concept" not in body
    assert "<name>District09</name>" in body


def test_the_csv_holds_the_filtered_list_safely(client):
    library_item('=HYPERLINK("x")', type="video")
    library_item(
        "Handleiding itsme", type="handleiding", groups=("senioren", "digihelpers")
    )
    response = client.get(reverse("library:csv") + "?type=handleiding")
    assert response["Content-Disposition"].startswith('attachment; filename="databank-')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Titel", "Organisatie", "Type", "Doelgroep"]
    assert [row[0] for row in rows[1:]] == ["Handleiding itsme"]
    assert rows[1][3] == "Senioren, Digihelpers"
    everything = client.get(reverse("library:csv")).content.decode()
    assert "'=HYPERLINK" in everything  # never a formula in a spreadsheet


# --- The editors' own items


def _admin_form(**changes):
    data = {
        "title": "Handleiding MyMinfin",
        "description": "Je belastingaangifte nakijken.",
        "keywords": "",
        "organisation": "FOD Financiën",
        "type": entry(ItemType, "handleiding").pk,
        "language": "nl",
        "target_groups": [entry(TargetGroup, "iedereen").pk],
        "level": "basic",
        "licence": "cc-by",
        "published_on": "2026-12-01",
        "document": "",
        "link": "",
        "video_url": "",
        "h5p_activity": "",
        "status": "published",
    }
    data.update(changes)
    return data


def test_an_editors_item_leads_to_exactly_one_thing(client):
    client.force_login(superuser())
    url = reverse("wagtailsnippets_library_libraryitem:add")
    page = html(client.post(url, _admin_form()))
    assert "Geef één van deze: een bestand, een externe link" in page
    both = _admin_form(link="https://example.org", video_url="https://example.org/v")
    assert "Geef één van deze" in html(client.post(url, both))
    assert not LibraryItem.objects.exists()
    response = client.post(url, _admin_form(link="https://example.org/myminfin"))
    assert response.status_code == 302
    item = LibraryItem.objects.get()
    assert item.is_public and item.locale.language_code == "nl"
    assert "Handleiding MyMinfin" in html(client.get("/databank/?q=myminfin"))


def test_a_decision_is_taken_once(client, django_capture_on_commit_callbacks):
    item = _submitted(UserFactory())
    client.force_login(superuser())
    url = reverse("library_review", args=[item.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "approve"})
        # A second tab, a double click: nothing changes, nobody is mailed again.
        response = client.post(
            url, {"decision": "refuse", "message": "Toch niet."}, follow=True
        )
    item.refresh_from_db()
    assert item.status == LibraryItem.Status.PUBLISHED
    assert len(mail.outbox) == 1
    assert "Dit materiaal wacht niet op een beslissing." in html(client.get(url))
    assert response.status_code == 200


def test_a_replaced_file_goes(client, django_capture_on_commit_callbacks):
    submitter = UserFactory()
    old = document("Oud", PDF, name="oud.pdf")
    item = library_item(
        "Stappenplan", status="changes", submitted_by=submitter, document=old
    )
    client.force_login(submitter)
    upload = SimpleUploadedFile("nieuw.pdf", PDF + b"% nieuw\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("library:submission_change", args=[item.pk]), _form(file=upload)
        )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.document.filename.startswith("nieuw")
    assert not get_document_model().objects.filter(pk=old.pk).exists()


def test_a_french_submitter_chooses_from_french_names(client):
    entry(TargetGroup, "senioren", "Seniors", language="fr")
    client.force_login(UserFactory(preferred_language="fr"))
    client.cookies["lms_language"] = "fr"
    page = html(client.get(reverse("library:submit")))
    assert "Seniors" in page
    assert ">Senioren<" not in page.replace("\n", "")


def test_the_organisation_filter_lists_the_most_frequent_and_the_chosen(client):
    for n in range(20):
        library_item(f"Materiaal {n}", organisation=f"Organisatie {n:02d}")
    library_item("Nog een", organisation="Organisatie 03")
    values = client.get("/databank/?organisatie=Organisatie 19").context["facets"][3][2]
    shown = [v.value for v in values]
    assert shown[0] == "Organisatie 03" and len(shown) == 16
    assert "Organisatie 19" in shown  # chosen, so it stays to be unchosen
