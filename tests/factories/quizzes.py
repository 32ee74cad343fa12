from decimal import Decimal

import factory
import wagtail_factories

from quizzes.models import Answer, Question, QuestionBank, QuestionCategory, TestPage

from .courses import ModulePageFactory, build_course


class QuestionBankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionBank

    name = factory.Sequence(lambda n: f"Bank {n}")


class QuestionCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionCategory

    bank = factory.SubFactory(QuestionBankFactory)
    name = factory.Sequence(lambda n: f"categorie-{n}")


# The answers each question type gets by default: (text, fraction, extra fields).
ANSWERS = {
    "single": [("Juist", 100, {}), ("Fout", 0, {}), ("Ook fout", 0, {})],
    "truefalse": [("true", 100, {}), ("false", 0, {})],
    "multiple": [("A", 50, {}), ("B", 50, {}), ("C", -50, {}), ("D", -50, {})],
    "matching": [
        ("CSAM", 0, {"match": "aanmelden"}),
        ("MyPension", 0, {"match": "pensioen"}),
        ("MyMinfin", 0, {"match": "belastingen"}),
        ("", 0, {"match": "verkeer"}),
    ],
    "ordering": [
        ("Eerst", 0, {}),
        ("Dan", 0, {}),
        ("Daarna", 0, {}),
        ("Laatst", 0, {}),
    ],
    "shortanswer": [("itsme", 100, {}), ("its*", 50, {})],
    "numerical": [("5", 100, {"tolerance": Decimal("0")}), ("4", 50, {"tolerance": 0})],
    "gaps": [
        ("itsme", 100, {"gap": 1}),
        ("CSAM", 0, {"gap": 1}),
        ("pincode", 100, {"gap": 2}),
        ("wachtwoord", 0, {"gap": 2}),
    ],
}
STEMS = {
    "gaps": "<p>Met [[1]] bevestig je met je [[2]].</p>",
    # A cloze question has no answers: its gaps, in Moodle's syntax, are its text.
    "cloze": (
        "<p>Met {1:SHORTANSWER:=itsme#Juist~%50%its*#Bijna} meld je aan bij "
        "{2:MULTICHOICE:=CSAM#Ja~MyMinfin#Nee}; je pincode heeft "
        "{1:NUMERICAL:=5#Goed~%50%4:0.5#Bijna} cijfers.</p>"
    ),
}


class QuestionFactory(factory.django.DjangoModelFactory):
    """A question of `type` with the default answers from ANSWERS."""

    class Meta:
        model = Question
        skip_postgeneration_save = True

    bank = factory.SubFactory(QuestionBankFactory)
    category = factory.SubFactory(
        QuestionCategoryFactory, bank=factory.SelfAttribute("..bank")
    )
    type = "single"
    name = factory.Sequence(lambda n: f"Vraag {n}")
    stem = factory.LazyAttribute(lambda q: STEMS.get(q.type, f"<p>{q.name}?</p>"))
    general_feedback = "<p>Zo zit het.</p>"

    @factory.post_generation
    def answers(obj, create, extracted, **kwargs):
        if not create:
            return
        answers = extracted or ANSWERS.get(obj.type, [])
        for order, (text, fraction, extra) in enumerate(answers):
            Answer.objects.create(
                question=obj,
                sort_order=order,
                text=text,
                fraction=fraction,
                feedback=f"Over {text}",
                **extra,
            )


class TestPageFactory(wagtail_factories.PageFactory):
    __test__ = False  # a factory, not a test class, whatever its name says

    class Meta:
        model = TestPage

    title = factory.Sequence(lambda n: f"Test {n}")
    slug = factory.Sequence(lambda n: f"test-{n}")
    parent = factory.SubFactory(ModulePageFactory)
    bank = factory.SubFactory(QuestionBankFactory)
    question_count = 8
    pass_mark = 70
    max_attempts = 3


def make_test(*, course=None, parent=None, questions=8, **settings):
    """A test with `questions` questions of every type in turn, placed in the first
    module of `course` (a new one-lesson course when None), or under `parent`."""
    course = course or build_course(lessons=1, sections=1)
    parent = parent or course.get_children().first().specific
    test = TestPageFactory(parent=parent, **settings)
    kinds = sorted(ANSWERS)
    for i in range(questions):
        QuestionFactory(bank=test.bank, type=kinds[i % len(kinds)])
    return course, test


def form_data(attempt, responses):
    """The POST a browser would send for these responses."""
    data = {}
    for q in attempt.draw:
        response = responses.get(str(q["slot"]))
        if response:
            data.update(_fields(f"q{q['slot']}", response))
    return data


def _fields(name, response):
    if "choice" in response:
        return {name: response["choice"]}
    if "choices" in response:
        return {name: response["choices"]}
    if "pairs" in response:
        return {f"{name}-{k}": v for k, v in response["pairs"].items()}
    if "order" in response:
        return {f"{name}-{k}": str(i) for i, k in enumerate(response["order"], 1)}
    if "text" in response:
        return {name: response["text"]}
    fields = {}
    for number, gap in response["gaps"].items():
        # A cloze gap holds a response of its own; a gap of "gaps" a bare value.
        if isinstance(gap, dict):
            fields.update(_fields(f"{name}-{number}", gap))
        else:
            fields[f"{name}-{number}"] = gap
    return fields
