"""The site's search page (`/zoeken/?q=…`): courses, lessons, databank items and
forum threads, each labelled by its kind, only as far as the visitor may open them;
a fixed number of queries whatever the number of hits."""

from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from wagtail.models import BaseViewRestriction, PageViewRestriction

from forums.models import Forum
from lms.models import Membership
from sitesearch.selectors import PER_KIND, site_search
from tests.factories import (
    CoursePageFactory,
    EnrolmentFactory,
    ForumFactory,
    LessonPageFactory,
    MembershipFactory,
    ModulePageFactory,
    PostFactory,
    ThreadFactory,
    UserFactory,
    library_item,
    translate_tree,
)

pytestmark = pytest.mark.django_db

URL = "/zoeken/"
# The kinds as a Dutch reader sees them (locale/nl/LC_MESSAGES/django.po). "Forum
# threads" has no Dutch translation yet: threads are recognised by their URL.
COURSES = "Opleidingen"
LESSONS = "Lessen"
LIBRARY = "Databank digitale inclusie"


@dataclass(frozen=True)
class Found:
    kind: str  # the heading of the hit's section
    title: str
    url: str
    meta: str  # "(kind)" or "(kind · where)" next to the link


def search(client, text: str) -> list[Found]:
    """The hits the results page shows for `text`, in page order."""
    response = client.get(URL, {"q": text})
    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    found = []
    for section in page.select("main section"):
        kind = section.h2.get_text(strip=True)
        for item in section.select("ul.search-hits > li"):
            found.append(
                Found(
                    kind=kind,
                    title=item.a.get_text(strip=True),
                    url=item.a["href"],
                    meta=item.select_one(".meta").get_text(strip=True),
                )
            )
    return found


def titles(client, text: str) -> set[str]:
    return {hit.title for hit in search(client, text)}


def course_with_lesson(course_title: str, lesson_title: str):
    """A live course with one module and one lesson; (course, module, lesson)."""
    course = CoursePageFactory(title=course_title)
    module = ModulePageFactory(parent=course)
    lesson = LessonPageFactory(parent=module, title=lesson_title)
    return course, module, lesson


def thread_url(thread) -> str:
    return reverse("forums:forum_thread", args=[thread.pk])


def learner_of(course, client=None):
    user = UserFactory()
    EnrolmentFactory(user=user, course=course)
    if client is not None:
        client.force_login(user)
    return user


# --- Courses and databank items: what anyone may open ------------------------------


def test_an_anonymous_visitor_finds_a_live_course_and_a_published_item_with_their_kind(
    client,
):
    course = CoursePageFactory(title="Werken met itsme")
    item = library_item("Handleiding itsme", organisation="District09")
    CoursePageFactory(title="Videobellen met de tablet")

    hits = search(client, "itsme")

    assert {(hit.kind, hit.title, hit.url) for hit in hits} == {
        (COURSES, "Werken met itsme", course.url),
        (LIBRARY, "Handleiding itsme", reverse("library:item", args=[item.pk])),
    }
    by_title = {hit.title: hit for hit in hits}
    assert by_title["Werken met itsme"].meta == f"({COURSES})"
    # A databank item says who published it.
    assert by_title["Handleiding itsme"].meta == f"({LIBRARY} · District09)"


def test_the_databank_section_links_to_the_databank_search_for_the_same_words(client):
    library_item("Handleiding itsme")

    html = client.get(URL, {"q": "itsme"}).content.decode()

    assert f'href="{reverse("library:list")}?q=itsme"' in html


def test_unpublished_courses_and_items_not_yet_published_are_not_found(client):
    CoursePageFactory(title="Itsme voor beginners")
    withdrawn = CoursePageFactory(title="Itsme voor gevorderden")
    withdrawn.unpublish()
    library_item("Handleiding itsme")
    library_item("Itsme stap voor stap", status="submitted")

    assert titles(client, "itsme") == {"Itsme voor beginners", "Handleiding itsme"}


def test_a_course_behind_a_password_is_found_by_nobody(client):
    course = CoursePageFactory(title="Itsme voor de proefgroep")
    PageViewRestriction.objects.create(
        page=course, restriction_type=BaseViewRestriction.PASSWORD, password="geheim"
    )

    assert titles(client, "itsme") == set()
    client.force_login(UserFactory())
    assert titles(client, "itsme") == set()


def test_restricted_courses_do_not_crowd_out_the_open_ones(client):
    # The open course ranks last: the word once, in a long title.
    CoursePageFactory(title="Werken met de app itsme aan de balie van de gemeente")
    for n in range(PER_KIND):
        course = CoursePageFactory(title=f"Itsme itsme {n}")
        PageViewRestriction.objects.create(
            page=course, restriction_type=BaseViewRestriction.PASSWORD, password="x"
        )

    assert titles(client, "itsme") == {
        "Werken met de app itsme aan de balie van de gemeente"
    }


def test_a_course_for_logged_in_users_is_found_only_after_logging_in(client):
    course = CoursePageFactory(title="Itsme voor medewerkers")
    PageViewRestriction.objects.create(
        page=course, restriction_type=BaseViewRestriction.LOGIN
    )

    assert titles(client, "itsme") == set()
    client.force_login(UserFactory())
    assert titles(client, "itsme") == {"Itsme voor medewerkers"}


def test_a_course_intro_is_shown_as_text_escaped_once(client):
    CoursePageFactory(title="Itsme", intro="<p>Tips &amp; <b>trucs</b></p>")

    html = client.get(URL, {"q": "itsme"}).content.decode()

    assert "<p>Tips &amp; trucs</p>" in html
    assert "&amp;amp;" not in html


# --- Lessons: for the learners of their course -------------------------------------


def test_a_lesson_is_found_only_by_a_learner_enrolled_in_its_course(client):
    course, _module, lesson = course_with_lesson(
        "Digitale overheid", "Inloggen met itsme"
    )
    other_course = CoursePageFactory(title="Veilig online")

    assert search(client, "itsme") == []  # anonymous
    learner_of(other_course, client)
    assert search(client, "itsme") == []
    learner_of(course, client)
    assert [(hit.kind, hit.title, hit.url) for hit in search(client, "itsme")] == [
        (LESSONS, "Inloggen met itsme", lesson.url)
    ]


def test_a_learner_finds_only_the_lessons_of_their_own_courses(client):
    course, _module, _lesson = course_with_lesson("Digitale overheid", "Itsme thuis")
    course_with_lesson("Zorg online", "Itsme bij de dokter")
    learner_of(course, client)

    assert titles(client, "itsme") == {"Itsme thuis"}


def test_an_editor_finds_every_lesson(client):
    course_with_lesson("Digitale overheid", "Inloggen met itsme")
    client.force_login(UserFactory(is_superuser=True))

    assert titles(client, "itsme") == {"Inloggen met itsme"}


def test_a_french_reader_finds_the_lessons_of_the_translation_of_their_course(client):
    """Enrolments are on the Dutch source course; a French reader searches its
    translation."""
    course, _module, _lesson = course_with_lesson("Digitale overheid", "Les over itsme")
    translate_tree(course)
    user = UserFactory(preferred_language="fr")
    EnrolmentFactory(user=user, course=course)
    client.force_login(user)

    hits = search(client, "itsme")

    assert [hit.title for hit in hits] == ["FR Les over itsme"]
    assert hits[0].url.startswith("/fr/")


# --- Forum threads: for those who may read the forum -------------------------------


def test_a_module_forum_thread_is_found_only_by_the_learners_of_its_course(client):
    course, module, _lesson = course_with_lesson("Digitale overheid", "Les 1")
    forum = Forum.objects.get(module=module)
    thread = ThreadFactory(forum=forum, title="Hoe installeer ik itsme?")
    other_course = CoursePageFactory(title="Veilig online")

    assert search(client, "itsme") == []  # anonymous
    learner_of(other_course, client)
    assert search(client, "itsme") == []
    learner_of(course, client)
    hits = search(client, "itsme")
    assert [(hit.title, hit.url) for hit in hits] == [
        ("Hoe installeer ik itsme?", thread_url(thread))
    ]
    # Labelled as a thread, with the forum it sits in.
    assert hits[0].meta.endswith(f" · {forum.title})")


def test_a_thread_is_found_by_the_text_of_a_post_but_not_of_a_hidden_post(client):
    forum = ForumFactory()
    shown = ThreadFactory(forum=forum, title="Aanmelden lukt niet")
    PostFactory(thread=shown, source="Probeer het eens met itsme.")
    hidden_answer = ThreadFactory(forum=forum, title="Een andere vraag")
    PostFactory(thread=hidden_answer, source="Spam over itsme", is_hidden=True)
    client.force_login(UserFactory())

    assert [hit.url for hit in search(client, "itsme")] == [thread_url(shown)]


def test_a_hidden_thread_is_found_by_a_moderator_but_not_by_a_learner(client):
    forum = ForumFactory()
    ThreadFactory(forum=forum, title="Itsme werkt", is_hidden=False)
    hidden = ThreadFactory(forum=forum, title="Itsme spam", is_hidden=True)

    client.force_login(UserFactory())
    assert titles(client, "itsme") == {"Itsme werkt"}
    client.force_login(MembershipFactory(role=Membership.Role.TRAINER).user)
    assert titles(client, "itsme") == {"Itsme werkt", "Itsme spam"}
    assert thread_url(hidden) in {hit.url for hit in search(client, "itsme")}


# --- The form ----------------------------------------------------------------------


@pytest.mark.parametrize("query", [None, "", "   "])
def test_an_empty_query_shows_the_form_and_no_results(client, query):
    CoursePageFactory(title="Werken met itsme")

    response = client.get(URL, {} if query is None else {"q": query})

    assert response.status_code == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.select_one('main form[role="search"] input[name="q"]') is not None
    assert page.select("main section") == []
    assert page.select_one('main [role="status"]') is None
    assert response.context["sections"] == []


def test_the_header_search_box_sends_its_words_to_the_search_page(client):
    # Any page but the search page itself, which has its own box instead.
    page = BeautifulSoup(client.get("/databank/").content.decode(), "html.parser")

    form = page.select_one("form.site-search")
    assert form["action"] == URL
    search_page = BeautifulSoup(client.get(URL).content.decode(), "html.parser")
    assert len(search_page.select('[role="search"]')) == 1
    assert form["method"] == "get"
    assert form.select_one('input[name="q"]') is not None


def test_a_long_query_is_cut_not_an_error(client):
    CoursePageFactory(title="Werken met itsme")

    response = client.get(URL, {"q": "itsme " + "woord" * 2000})

    assert response.status_code == 200
    assert len(response.context["text"]) == 200
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert len(page.select_one("#id_search_page_q")["value"]) == 200


def test_a_query_with_a_nul_character_is_searched_without_it(client):
    CoursePageFactory(title="Werken met itsme")

    assert titles(client, "its\x00me") == {"Werken met itsme"}


def test_words_that_mean_something_to_the_search_engine_are_searched_as_text(client):
    CoursePageFactory(title="Werken met itsme")

    for text in ["'", '"', "&", "|", "!", "(", "\\", "a:*", "%", "_", "itsme & |"]:
        response = client.get(URL, {"q": text})
        assert response.status_code == 200, text


# --- The selector ------------------------------------------------------------------


def test_the_kinds_with_hits_come_first_and_each_kind_shows_at_most_a_page():
    for n in range(PER_KIND + 2):
        library_item(f"Handleiding itsme {n}")
    CoursePageFactory(title="Werken met itsme")

    sections = site_search(UserFactory(), "itsme")

    assert [(s.kind, len(s.hits)) for s in sections[:2]] == [
        ("course", 1),
        ("library", PER_KIND),
    ]
    assert [s.hits for s in sections[2:]] == [[], []]


# --- Queries -----------------------------------------------------------------------


def test_a_learner_s_search_costs_the_same_queries_for_1_and_10_hits_of_each_kind(
    client, django_assert_num_queries
):
    forum = ForumFactory()
    learner = UserFactory()
    client.force_login(learner)

    def add(n: int) -> None:
        course, _module, _lesson = course_with_lesson(f"Itsme {n}", f"Les itsme {n}")
        EnrolmentFactory(user=learner, course=course)
        ThreadFactory(forum=forum, title=f"Vraag over itsme {n}")
        library_item(f"Handleiding itsme {n}")

    add(0)
    url = f"{URL}?q=itsme"
    # Each count after a first GET: publishing empties the cached site paths, menu
    # and list names, which a running server fills once.
    client.get(url)
    with django_assert_num_queries(14) as small:
        response = client.get(url)
    assert response.context["found"] == 4
    # Read now: a request empties the connection's query log.
    count = len(small.captured_queries)
    for n in range(1, 10):
        add(n)
    client.get(url)
    with django_assert_num_queries(count):
        response = client.get(url)
    assert response.context["found"] == 4 * PER_KIND
