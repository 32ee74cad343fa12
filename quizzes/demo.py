"""Demo content of the quizzes app: a question bank per course (through the real
Moodle XML importer, from `demo_content/questions/`), the tests, and learners who pass
them."""

from copy import deepcopy
from pathlib import Path

from courses.models import CoursePage, LessonPage, ModulePage
from courses.services import enrolment_create, section_progress_record
from languages.demo import copy_with_texts, translated_once
from languages.selectors import in_source_language
from languages.services import translation_publish
from lms.models import User
from quizzes.grading import right_response
from quizzes.importing import (
    HTML_ANSWER_TYPES,
    clean_html,
    parse_questions,
    questions_import,
)
from quizzes.models import Question, QuestionBank, QuestionCategory, TestPage
from quizzes.services import attempt_start, attempt_submit

QUESTIONS_DIR = Path(__file__).resolve().parent / "demo_content" / "questions"


def load_tests(course: CoursePage) -> None:
    """A question bank for the course (through the real Moodle XML importer), a test
    per module drawing from the module's category, and the final evaluation."""
    bank = QuestionBank.objects.filter(name=course.title).first()
    if bank is None:
        data = (QUESTIONS_DIR / f"{course.slug}.xml").read_bytes()
        bank = questions_import(
            bank_name=course.title, data=data, file_format="moodlexml"
        ).bank
    for module in ModulePage.objects.child_of(course).order_by("path"):
        category = QuestionCategory.objects.get(
            bank=bank, name=f"{course.slug}/{module.slug}"
        )
        if not TestPage.objects.child_of(module).exists():
            test = TestPage(
                title=f"Test module {module.number}",
                slug="test",
                bank=bank,
                question_count=6,
                pass_mark=70,
                max_attempts=3,
                intro="<p>Zes vragen over deze module. Je slaagt met 70%.</p>",
                # Right after a try: what you answered and whether it was right; the
                # right answers and explanations once you passed or used your tries.
                review_attempt_correct_answers=False,
                review_attempt_feedback=False,
            )
            module.add_child(instance=test)
            test.categories.add(category)
            test.save()
    if not TestPage.objects.child_of(course).exists():
        course.add_child(
            instance=TestPage(
                title="Algemene evaluatie",
                slug="algemene-evaluatie",
                bank=bank,
                question_count=12,
                pass_mark=70,
                max_attempts=2,
                time_limit_minutes=30,
                intro="<p>Twaalf vragen over de hele opleiding, in 30 minuten.</p>",
            )
        )


def demo_pass_test(user: User, test: TestPage) -> None:
    if test.attempts.filter(user=user, passed=True).exists():
        return
    attempt = attempt_start(user=user, test=test)
    attempt_submit(
        attempt=attempt,
        responses={str(q["slot"]): right_response(q) for q in attempt.draw},
    )


def demo_complete_course(user: User, course: CoursePage) -> None:
    """Every lesson opened and every test passed: the course is complete."""
    enrolment_create(user=user, course=course)
    for lesson in LessonPage.objects.live().descendant_of(course):
        for section_id in lesson.section_ids:
            section_progress_record(user=user, lesson=lesson, section_id=section_id)
    for test in TestPage.objects.live().descendant_of(course).order_by("-depth"):
        demo_pass_test(user, test)


def demo_learner_progress(learner: User, course: CoursePage) -> None:
    """`learner` has finished module 0 of `course` (and passed its test) and is halfway
    through module 1."""
    enrolment_create(user=learner, course=course)
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path"))
    modules = list(ModulePage.objects.live().child_of(course).order_by("path"))
    first, second = modules[0], modules[1]
    for lesson in lessons:
        if lesson.path.startswith(first.path):
            for section_id in lesson.section_ids:
                section_progress_record(
                    user=learner, lesson=lesson, section_id=section_id
                )
    demo_pass_test(learner, TestPage.objects.child_of(first).get())
    second_lessons = [
        lesson for lesson in lessons if lesson.path.startswith(second.path)
    ]
    for section_id in second_lessons[0].section_ids[:2]:
        section_progress_record(
            user=learner, lesson=second_lessons[0], section_id=section_id
        )


def translate_demo_tests(courses: list[CoursePage]) -> None:
    """The tests of the modules translated into French, in French too (through
    wagtail-localize). They draw from the same bank, in French where a question has
    its translation (`translate_demo_questions`)."""
    for course in courses:
        for module in ModulePage.objects.child_of(course).filter(
            translation_key__in=ModulePage.objects.filter(
                locale__language_code="fr"
            ).values("translation_key")
        ):
            for test in TestPage.objects.child_of(module):
                translated_once(
                    test,
                    "fr",
                    copy_with_texts(
                        test,
                        {},
                        title=f"Test du module {module.number}",
                        intro="<p>Six questions sur ce module. Vous réussissez avec "
                        "70 %.</p>",
                    ),
                )


def translate_demo_questions() -> None:
    """The questions of the French modules (`demo_content/questions/fr/`, the same
    categories and order as the Dutch files), translated through wagtail-localize."""
    for path in sorted((QUESTIONS_DIR / "fr").glob("*.xml")):
        by_category: dict[str, list] = {}
        for data in parse_questions(path.read_bytes(), "moodlexml").questions:
            by_category.setdefault(data.category, []).append(data)
        for name, texts in by_category.items():
            questions = in_source_language(
                Question.objects.filter(category__name=name)
            ).order_by("pk")
            for question, data in zip(questions, texts, strict=True):
                if not question.get_translations().exists():
                    translation_publish(question, "fr", _in_words_of(question, data))


def _in_words_of(question: Question, data) -> Question:
    """An unsaved copy of `question` with the texts of `data` (its translation)."""
    copy = deepcopy(question)
    copy.name, copy.stem = data.name[:255], clean_html(data.stem)
    copy.general_feedback = clean_html(data.general_feedback)
    html = question.type in HTML_ANSWER_TYPES
    answers = []
    for answer, words in zip(
        question.answers.order_by("sort_order"), data.answers, strict=True
    ):
        answer = deepcopy(answer)
        answer.text = clean_html(words.text) if html else words.text
        answer.feedback, answer.match = clean_html(words.feedback), words.match[:255]
        answers.append(answer)
    copy.answers = answers
    return copy
