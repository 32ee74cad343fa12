from decimal import Decimal

import factory
import wagtail_factories

from courses.models import Answer, Question, QuestionBank, QuestionCategory, TestPage

from .courses import ModulePageFactory


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
STEMS = {"gaps": "<p>Met [[1]] bevestig je met je [[2]].</p>"}


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
        for order, (text, fraction, extra) in enumerate(extracted or ANSWERS[obj.type]):
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
