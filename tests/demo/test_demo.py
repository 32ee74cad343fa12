"""The demo content: three real courses, accounts that can log in, idempotent loading."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.models import Page

from badges.keys import generate_key_file
from courses.demo import ACCOUNTS, CONTENT_DIR, COURSE_FILES, DEMO_PASSWORD
from courses.models import CoursePage, LessonPage, ModulePage
from courses.selectors import dashboard_course_states
from forums.models import Forum, Post, Thread
from library.models import Favourite, ItemType, LibraryItem, TargetGroup
from lms.models import User
from tests.badges.conftest import published
from tests.badges.verifier import verify_with_node
from tests.conftest import cache_clear, content_locales_ensure
from xapi.models import Statement

pytestmark = pytest.mark.django_db

VERBS = "http://adlnet.gov/expapi/verbs/"
ADL = "http://adlnet.gov/expapi/activities/"
LRS = "http://127.0.0.1:9/xAPI/"  # nothing listens: statements wait in the outbox


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(autouse=True)
def _isolated(settings, media):
    """Overrides the suite's fixture: the demo's files (kit PDFs, the certificate) stay
    for the whole module, like its rows."""
    settings.MEDIA_ROOT = media / "media"
    settings.PRIVATE_MEDIA_ROOT = media / "private"
    settings.OPEN_BADGES_KEY_FILE = str(media / "open-badges-key.json")
    settings.LRS_ENDPOINT = LRS
    cache_clear()


@pytest.fixture(scope="module")
def demo_database(django_db_setup, django_db_blocker, media):
    """The demo, loaded once for this module (it takes a quarter of a minute) and
    flushed after it; each test still runs in its own rolled-back transaction."""
    # The key `make run` makes first (generate_badge_key --if-missing).
    generate_key_file(media / "open-badges-key.json")
    with (
        django_db_blocker.unblock(),
        override_settings(
            DEBUG=True,
            MEDIA_ROOT=media / "media",
            PRIVATE_MEDIA_ROOT=media / "private",
            OPEN_BADGES_KEY_FILE=str(media / "open-badges-key.json"),
            # An LRS configured: the demo journey fills the outbox (nothing is sent
            # without a broker).
            LRS_ENDPOINT=LRS,
        ),
    ):
        # An earlier transactional test in this process may have flushed the
        # locales the migrations made.
        content_locales_ensure()
        # load_demo commits, so the certificate's render runs on commit, eagerly.
        call_command("load_demo", stdout=StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def demo(demo_database, db, settings):
    """The demo content; what a test changes is rolled back."""
    settings.DEBUG = True  # so a test may run load_demo again


def test_demo_builds_four_courses_with_real_modules(demo):
    courses = {
        course.slug: course
        for course in CoursePage.objects.filter(locale__language_code="nl")
    }
    assert set(courses) == {
        "connectoo",
        "connectoo-plus",
        "digihelper",
        "train-de-trainer",
    }
    assert courses["train-de-trainer"].requires_attendance
    connectoo = ModulePage.objects.child_of(courses["connectoo"]).order_by("path")
    assert [module.number for module in connectoo] == [0, 1, 2, 3, 4, 5]
    assert [m.app_focus.slug for m in connectoo[1:]] == [
        "csam",
        "itsme",
        "mypension",
        "myminfin",
        "mijngezondheid",
    ]
    plus = ModulePage.objects.child_of(courses["connectoo-plus"]).order_by("path")
    # The introduction first, then the six attitude modules (and three webinars).
    assert [module.number for module in plus] == [0, 1, 2, 3, 4, 5, 6]
    assert plus[0].title == "Ik ontdek mijn opleiding"
    assert courses["connectoo-plus"].requires_webinars
    for module in ModulePage.objects.all():
        lessons = LessonPage.objects.child_of(module)
        assert 3 <= lessons.count() <= 5, module.title
        for lesson in lessons:
            assert 2 <= len(lesson.section_ids) <= 5, lesson.title


def test_demo_has_french_modules_and_a_learner_who_reads_french(demo):
    french = {
        page.url: page.title
        for page in Page.objects.filter(locale__language_code="fr").live()
    }
    assert french["/fr/opleidingen/"] == "Formations"
    connectoo = [url for url in french if url.startswith("/fr/opleidingen/connectoo/m")]
    modules = {url.split("/")[4] for url in connectoo}
    assert modules == {"module-0-digitale-overheid", "module-1-csam"}
    assert len(connectoo) == 2 + 4 + 3 + 2  # modules, lessons, tests
    assert french["/fr/opleidingen/connectoo/module-1-csam/wat-is-csam/"] == (
        "CSAM, c'est quoi ?"
    )
    assert any(url.startswith("/fr/opleidingen/digihelper/module-1") for url in french)
    intro = "/fr/opleidingen/connectoo-plus/module-0-ik-ontdek-mijn-opleiding/"
    assert french[intro] == "Je découvre ma formation"
    assert french[intro + "drie-webinars/"] == "Trois webinaires"
    # The questions of those three modules' tests, in French too.
    from quizzes.models import Question

    assert Question.objects.filter(locale__language_code="fr").count() == 37
    apprenant = User.objects.get(email="apprenant@demo.digitaalmeedoen.be")
    assert apprenant.preferred_language == "fr"
    assert [s.course.slug for s in dashboard_course_states(apprenant)] == ["connectoo"]
    client = Client(HTTP_HOST="localhost")
    client.force_login(apprenant)
    html = client.get("/", follow=True).content.decode()
    assert "Continuer à apprendre" in html and "Nos formations" in html
    lesson = client.get(
        "/fr/opleidingen/connectoo/module-1-csam/wat-is-csam/onderdeel/1/"
    )
    assert "Une seule porte d&#x27;entrée vers les services publics" in (
        lesson.content.decode()
    )


def test_demo_content_is_real_dutch_text():
    for filename in COURSE_FILES:
        text = (CONTENT_DIR / filename).read_text(encoding="utf-8")
        assert "lorem" not in text.lower()
        data = json.loads(text)
        words = sum(
            len(block.get("html", "").split())
            for module in data["modules"]
            for lesson in module["lessons"]
            for section in lesson["sections"]
            for block in section["blocks"]
        )
        assert words > 3000, filename
        assert " de " in text and " je " in text


def test_loading_twice_changes_nothing(demo):
    def counts():
        return (
            Page.objects.count(),
            User.objects.count(),
            Post.objects.count(),
            LibraryItem.objects.count(),
        )

    before = counts()
    statements = Statement.objects.count()
    call_command("load_demo", stdout=StringIO())
    assert counts() == before
    assert Statement.objects.count() == statements  # the same facts, the same ids


def test_demo_accounts_can_log_in(demo):
    for account in ACCOUNTS:
        client = Client(HTTP_HOST="localhost")
        response = client.post(
            reverse("account_login"),
            {"login": account.email, "password": DEMO_PASSWORD},
        )
        assert response.status_code == 302, account.email
        assert client.get(reverse("courses:dashboard")).status_code == 200
    admin = User.objects.get(email=ACCOUNTS[-1].email)
    assert admin.is_superuser


def test_demo_learner_has_progress_to_continue(demo):
    learner = User.objects.get(email=ACCOUNTS[0].email)
    (state,) = [
        s for s in dashboard_course_states(learner) if s.course.slug == "connectoo"
    ]
    assert 0 < state.percent < 100
    assert state.next_step.resumed


def test_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    users = User.objects.count()  # the module's demo may be loaded already
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert User.objects.count() == users


def test_every_demo_module_has_a_test_with_at_least_ten_questions_of_every_type(demo):
    from quizzes.models import Question, TestPage

    for module in ModulePage.objects.all():
        test = TestPage.objects.child_of(module).get()
        (category,) = test.categories.all()
        types = set(
            Question.objects.filter(category=category).values_list("type", flat=True)
        )
        count = Question.objects.filter(category=category).count()
        assert count >= 10, module.title
        # A cloze question too, in Connectoo's module 1 (Dutch and French).
        assert types - {"cloze"} == {
            "single", "multiple", "truefalse", "matching",
            "ordering", "shortanswer", "numerical", "gaps",
        }, module.title  # fmt: skip
    cloze = Question.objects.get(
        type="cloze",
        category__name="connectoo/module-1-csam",
        locale__language_code="nl",
    )
    assert "{1:SHORTANSWER:=kaartlezer" in cloze.stem
    french = Question.objects.get(
        translation_key=cloze.translation_key, locale__language_code="fr"
    )
    assert "{1:SHORTANSWER:=lecteur de carte" in french.stem
    for course in CoursePage.objects.filter(locale__language_code="nl"):
        final = TestPage.objects.child_of(course).get()
        assert final.title == "Algemene evaluatie"
        assert not final.categories.exists()  # draws from the whole course bank


def test_demo_learner_passed_the_first_module_test(demo):
    from courses.selectors import course_state

    learner = User.objects.get(email=ACCOUNTS[0].email)
    state = course_state(
        CoursePage.objects.get(slug="connectoo", locale__language_code="nl"), learner
    )
    assert state.modules[0].complete
    assert not state.modules[1].complete


def test_demo_learner_holds_a_valid_certificate(demo, client):
    from certificates.models import Certificate

    learner = User.objects.get(email=ACCOUNTS[0].email)
    certificate = Certificate.objects.get(user=learner)
    assert (
        certificate.state == "valid" and certificate.printed["course"] == "Connectoo+"
    )
    html = client.get(
        reverse("certificates:verify", args=[certificate.verification_code])
    )
    assert "Geldig" in html.content.decode()
    # Its Open Badges credential, issued by the same render, verifies independently.
    document = certificate.open_badge.document
    result = verify_with_node(document, published(client, document))
    assert result["verified"] and result["status"] == {"revoked": False}, result


def test_demo_forums_hold_dutch_threads_and_answered_questions(demo, client):
    assert (
        Forum.objects.filter(module__isnull=False).count()
        == ModulePage.objects.filter(locale__language_code="nl").count()
    )
    community = Forum.objects.get(title="Kennisdeling digihelpers")
    assert community.threads.exclude(answer=None).count() >= 3
    module_threads = Thread.objects.filter(forum__module__isnull=False)
    assert module_threads.count() >= 9
    assert module_threads.exclude(answer=None).exists()
    csam = ModulePage.objects.get(slug="module-1-csam", locale__language_code="nl")
    assert csam.requires_forum_post
    # The demo digihelper reads the community forum and an answered thread in it.
    client.force_login(User.objects.get(email="digihelper@demo.digitaalmeedoen.be"))
    thread = community.threads.exclude(answer=None).first()
    response = client.get(reverse("forums:forum_thread", args=[thread.pk]))
    assert response.status_code == 200
    assert thread.answer.body in response.content.decode()


def test_demo_kits_hold_real_pdfs_and_the_sessions_tell_their_stories(demo, client):
    from training.models import Registration, TrainerKitPage, TrainingSession

    digihelper_kit = TrainerKitPage.objects.get(slug="trainerskit")
    assert not digihelper_kit.trainers_only  # public, and in the databank
    kinds = set(digihelper_kit.materials.values_list("kind", flat=True))
    assert {"script", "presentation"} <= kinds
    for material in digihelper_kit.materials.select_related("document"):
        with material.document.file.open("rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
    assert TrainerKitPage.objects.filter(trainers_only=True).exists()

    full = TrainingSession.objects.get(title="Digihelperopleiding Leuven")
    statuses = list(full.registrations.values_list("status", flat=True))
    assert statuses.count("confirmed") == full.capacity
    assert statuses.count("waiting") == 2
    short = TrainingSession.objects.get(title="Digihelperopleiding Herzele")
    assert short.registrations.count() < short.minimum
    assert TrainingSession.objects.filter(status="confirmed").exists()
    digihelper = User.objects.get(email="digihelper@demo.digitaalmeedoen.be")
    assert Registration.objects.get(session=full, user=digihelper).status == "waiting"

    client.force_login(User.objects.get(email="trainer@demo.digitaalmeedoen.be"))
    assert client.get(digihelper_kit.url).status_code == 200
    assert client.get(reverse("training:trainer_dashboard")).status_code == 200


def test_demo_has_a_lesson_with_the_true_false_exercise(demo):
    from h5p.models import H5PActivity

    lesson = LessonPage.objects.get(slug="oefening-je-code")
    activity = H5PActivity.objects.get()
    assert activity.package.status == "ready"
    assert activity.package.main_library == "H5P.TrueFalse"
    content = lesson.body.raw_data[0]["value"]["content"]
    assert [item["value"] for item in content if item["type"] == "h5p"] == [activity.pk]


def test_demo_municipalities_have_teams_assignments_and_progress(demo, client):
    from django.utils import timezone

    from coordination.selectors import Status, progress_table
    from lms.models import Organisation

    mechelen = Organisation.objects.get(name="Stad Mechelen")
    herzele = Organisation.objects.get(name="Gemeente Herzele")
    assert {t.name for t in mechelen.teams.all()} == {
        "Onthaal",
        "Sociaal huis",
        "Burgerzaken",
    }
    assert herzele.teams.count() == 2
    statuses = {
        cell.status
        for organisation in (mechelen, herzele)
        for row in progress_table(organisation).rows
        for cell in row.cells.values()
    }
    assert statuses == {
        Status.NOT_STARTED,
        Status.IN_PROGRESS,
        Status.COMPLETED,
        Status.OVERDUE,
    }
    overdue = mechelen.assignments.get(mandatory=True, course__slug="connectoo-plus")
    assert overdue.due_date < timezone.localdate()
    # Connectoo+ is mandatory in Mechelen and voluntary in Herzele.
    assert not herzele.assignments.get(course__slug="connectoo-plus").mandatory
    for email, mine, theirs in [
        ("coordinator@demo.digitaalmeedoen.be", mechelen, herzele),
        ("coordinator.herzele@demo.digitaalmeedoen.be", herzele, mechelen),
    ]:
        client.force_login(User.objects.get(email=email))
        assert (
            client.get(reverse("coordination:progress", args=[mine.pk])).status_code
            == 200
        )
        assert (
            client.get(reverse("coordination:progress", args=[theirs.pk])).status_code
            == 404
        )
    assert mechelen.sessions.filter(kind="follow_up", team__name="Onthaal").count() == 2


def test_demo_shows_consent_both_ways_the_people_log_and_the_privacy_page(demo, client):
    from audit.models import AuditLogEntry
    from coordination.models import Invitation
    from home.models import PrivacyPage
    from lms.models import JoinRequest, Organisation

    mechelen = Organisation.objects.get(name="Stad Mechelen")
    herzele = Organisation.objects.get(name="Gemeente Herzele")
    learner = User.objects.get(email=ACCOUNTS[0].email)
    # Herzele invited the demo learner, who has not answered: not a member there.
    assert Invitation.objects.get(organisation=herzele, email=learner.email).is_open
    assert not learner.memberships.filter(organisation=herzele).exists()
    client.force_login(learner)
    dashboard = client.get(reverse("courses:dashboard")).content.decode()
    assert 'id="my-invitations"' in dashboard and "Gemeente Herzele" in dashboard
    # The digihelper asked to join Mechelen; its coordinator decides.
    waiting = JoinRequest.objects.get(organisation=mechelen, status="pending")
    assert waiting.user.email == "digihelper@demo.digitaalmeedoen.be"
    assert mechelen.join_domain_list == ["mechelen.be"]
    client.force_login(User.objects.get(email="coordinator@demo.digitaalmeedoen.be"))
    members = client.get(reverse("coordination:members", args=[mechelen.pk]))
    assert f'data-join-request="{waiting.pk}"'.encode() in members.content
    log = client.get(reverse("coordination:log", args=[mechelen.pk]))
    assert b'data-action="coordination.assign"' in log.content
    assert AuditLogEntry.objects.filter(organisation=herzele).exists()
    # The privacy statement lists what is kept, for everyone.
    page = PrivacyPage.objects.live().get(locale__language_code="nl")
    client.logout()
    html = client.get(page.url).content.decode()
    assert 'id="privacy-categories"' in html and "30 dagen" in html


def test_demo_home_is_the_front_door_and_about_explains_the_programme(demo, client):
    from courses.demo import DEMO_PICTOGRAMS
    from home.demo import SUPERSEDED_BODIES
    from home.models import HomePage, StandardPage

    home = HomePage.objects.get(locale__language_code="nl")
    assert [block.block_type for block in home.body] == [
        "next_step",
        "section",
        "courses",
        "sessions",
        "how_to_start",
    ]
    assert {c.slug: c.pictogram for c in CoursePage.objects.all()} == DEMO_PICTOGRAMS
    # Anyone: the four courses as cards, how a municipality starts, no next step.
    html = client.get("/nl/").content.decode()
    assert html.count('<li class="course-card">') == 4
    assert "Baliemedewerkers" in html and "12 uur" in html and "6 modules" in html
    assert "/static/img/pictograms/conversation.svg" in html
    assert "Hoe start je gemeente?" in html and "home-next" not in html
    # The demo learner goes on in Connectoo: module 1, first lesson, third section.
    client.force_login(User.objects.get(email=ACCOUNTS[0].email))
    html = client.get("/nl/").content.decode()
    lesson = LessonPage.objects.get(slug="wat-is-csam", locale__language_code="nl")
    assert f'href="{lesson.url}onderdeel/3/"' in html
    assert f"Les 1 van 3: {lesson.title}" in html
    # The about page explains the programme, section by section.
    about = StandardPage.objects.get(slug="over")
    html = client.get(about.url).content.decode()
    assert len(about.body) >= 8
    for words in [
        "Connectoo: voor baliemedewerkers",
        "Connectoo+: een stap verder",
        "<b>verplicht</b>",
        "<b>vrijwillig</b>",
        "Digihelper worden",
        "Train-de-trainer",
        "Wat doet een coördinator?",
        "Zo wijst een coördinator opleidingen toe",
    ]:
        assert words in html, words

    # A demo made before: the old one-paragraph about page and a home without blocks
    # get today's content when the demo loads again…
    about.body = SUPERSEDED_BODIES["over"]
    about.save_revision().publish()
    home.body = []
    home.save_revision().publish()
    call_command("load_demo", stdout=StringIO())
    about.refresh_from_db()
    home.refresh_from_db()
    assert len(about.body) >= 8 and len(home.body) == 5
    # …but what an editor changed stays as they left it.
    about.body = [("text", "<p>Onze eigen tekst.</p>")]
    about.save_revision().publish()
    home.body = [("text", "<p>Welkom in Mechelen.</p>")]
    home.save_revision().publish()
    CoursePage.objects.filter(slug="connectoo-plus").update(pictogram="smartphone")
    call_command("load_demo", stdout=StringIO())
    about.refresh_from_db()
    home.refresh_from_db()
    assert [block.value.source for block in about.body] == ["<p>Onze eigen tekst.</p>"]
    assert [block.value.source for block in home.body] == ["<p>Welkom in Mechelen.</p>"]
    plus = CoursePage.objects.get(slug="connectoo-plus", locale__language_code="nl")
    assert plus.pictogram == "smartphone"


def test_demo_databank_has_the_networks_examples_across_every_type_and_group(
    demo, client
):
    published = LibraryItem.objects.filter(status="published")
    assert published.count() >= 40
    titles = set(published.values_list("title", flat=True))
    assert {
        "(Video)bellen met Facebook",
        "123digit interactieve oefeningen",
        "itsme: veelvoorkomende problemen en oplossingen",
    } <= titles
    facebook = published.get(title="(Video)bellen met Facebook")
    assert (facebook.organisation, facebook.type.slug) == ("District09", "handleiding")
    for model, lookup in ((ItemType, "type"), (TargetGroup, "target_groups")):
        used = set(published.values_list(f"{lookup}__slug", flat=True))
        listed = set(
            model.objects.filter(locale__language_code="nl").values_list(
                "slug", flat=True
            )
        )
        assert listed <= used, f"{model.__name__} without demo items: {listed - used}"
    # Links stay on the platform: a placeholder page, never an outside site.
    for link in published.exclude(link="").values_list("link", flat=True):
        assert "/voorbeeldmateriaal/" in link
    assert client.get("/nl/voorbeeldmateriaal/").status_code == 200
    # The public digihelper kit is in the databank, downloadable without an account.
    kit_item = published.get(kit__slug="trainerskit")
    assert client.get(f"/databank/{kit_item.pk}/").status_code == 200
    # The demo learner has favourites; a digihelper's material waits for the editors.
    learner = User.objects.get(email=ACCOUNTS[0].email)
    assert Favourite.objects.filter(user=learner).count() >= 3
    waiting = LibraryItem.objects.get(status="submitted")
    assert waiting.submitted_by.email == "digihelper@demo.digitaalmeedoen.be"
    with waiting.document.open_file() as pdf:
        assert pdf.read(5) == b"%PDF-"


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
