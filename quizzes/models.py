"""Question banks, tests (quizzes and final evaluations) and learners' attempts.

Questions live in banks edited as snippets. A `TestPage` draws questions from a bank;
what a learner was given is frozen in the attempt (`Attempt.draw`), so editing a question
later never changes an attempt that is under way or graded.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import (
    Orderable,
    Page,
    PreviewableMixin,
    TranslatableMixin,
)
from wagtail.search import index

# The admin form imports no models, so importing it here makes no cycle.
from lms import routing
from quizzes.admin_forms import QuestionAdminForm
from quizzes.formats.cloze import cloze_problem

STEM_FEATURES = ["bold", "italic", "ol", "ul", "link", "image", "document-link"]


class QuestionBank(index.Indexed, models.Model):
    """A named collection of questions, e.g. "Connectoo"; tests draw from one bank."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class QuestionCategory(models.Model):
    """A part of a bank, usually one module ("connectoo/module-1-csam")."""

    bank = models.ForeignKey(
        QuestionBank,
        on_delete=models.CASCADE,
        related_name="categories",
        verbose_name=_("bank"),
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        ordering = ["bank__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["bank", "name"], name="category_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.bank} › {self.name}"


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple response")
    TRUEFALSE = "truefalse", _("True or false")
    MATCHING = "matching", _("Matching")
    ORDERING = "ordering", _("Ordering")
    SHORTANSWER = "shortanswer", _("Short answer")
    NUMERICAL = "numerical", _("Numerical")
    GAPS = "gaps", _("Fill in the gaps")
    CLOZE = "cloze", _("Cloze (embedded answers)")


class Question(TranslatableMixin, PreviewableMixin, index.Indexed, ClusterableModel):
    """One question with its answers. How each type uses the answers:

    - single, multiple, true/false: the options; `fraction` is the share of the mark a
      pick is worth (negative for a wrong pick in multiple response).
    - matching: `text` is the left item and `match` the right one it pairs with; an
      answer with empty text only adds a wrong right-hand choice.
    - ordering: the items in their correct order.
    - short answer, numerical: accepted answers (with `tolerance` for numbers).
    - fill in the gaps: the stem has markers [[1]], [[2]]…; each answer belongs to a `gap`:
      the choices offered there, or the accepted typed texts.
    - cloze: no answers; the stem holds its gaps in Moodle's syntax
      (`quizzes.formats.cloze`), as Moodle authors and banks write them.
    """

    class GapMode(models.TextChoices):
        SELECT = "select", _("Choose from a list")
        TYPED = "typed", _("Type the word")

    bank = models.ForeignKey(
        QuestionBank,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("bank"),
    )
    category = models.ForeignKey(
        QuestionCategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("category"),
    )
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    name = models.CharField(
        _("name"),
        max_length=255,
        help_text=_("For editors only; learners see the stem."),
    )
    stem = RichTextField(_("question"), features=STEM_FEATURES)
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        # Images do not need to know which questions use them.
        related_name="+",
        verbose_name=_("image"),
    )
    image_alt = models.CharField(_("image description"), max_length=250, blank=True)
    general_feedback = RichTextField(
        _("general feedback"), features=STEM_FEATURES, blank=True
    )
    default_mark = models.DecimalField(
        _("mark"),
        max_digits=6,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
    )
    shuffle_answers = models.BooleanField(_("shuffle answers"), default=True)
    case_sensitive = models.BooleanField(_("case matters"), default=False)
    ignore_accents = models.BooleanField(_("ignore accents"), default=False)
    gap_mode = models.CharField(
        _("gaps"), max_length=10, choices=GapMode.choices, default=GapMode.SELECT
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    base_form_class = QuestionAdminForm

    panels = [
        FieldRowPanel([FieldPanel("bank"), FieldPanel("category")]),
        FieldRowPanel([FieldPanel("type"), FieldPanel("default_mark")]),
        FieldPanel("name"),
        FieldPanel(
            "stem",
            help_text=_(
                "For a cloze question, write the gaps in the text as Moodle does: "
                "{1:SHORTANSWER:=Brussel#Right~Brussels#Nearly} (typed; "
                "SHORTANSWER_C: case matters), {1:NUMERICAL:=12:0.5} (12, give or "
                "take 0.5), {2:MULTICHOICE:Gent~=Brussel} (a list; MULTICHOICE_V and "
                "MULTICHOICE_H: buttons under each other or side by side; "
                "MULTIRESPONSE: tick boxes). The first number is the gap's weight, = "
                "marks the right answer, a share between percent signs before an "
                "answer gives part of the points, #text is the feedback and ~ "
                "separates the answers; write \\} \\# \\~ for the characters "
                "themselves. A cloze question has no answer rows."
            ),
        ),
        FieldRowPanel([FieldPanel("image"), FieldPanel("image_alt")]),
        MultiFieldPanel(
            [
                FieldPanel("shuffle_answers"),
                FieldPanel("case_sensitive"),
                FieldPanel("ignore_accents"),
                FieldPanel("gap_mode"),
            ],
            heading=_("Options"),
        ),
        # No minimum: a cloze question has none; the form's checks
        # (`question_problem`) ask for the answers each other type needs.
        InlinePanel("answers", label=_("Answers")),
        FieldPanel("general_feedback"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("stem"),
        index.AutocompleteField("name"),
        index.FilterField("type"),
        index.FilterField("bank_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["bank__name", "category__name", "name"]

    def __str__(self) -> str:
        return self.name

    def get_preview_template(self, request, mode_name: str) -> str:
        return "quizzes/question_preview.html"

    def get_preview_context(self, request, mode_name: str) -> dict:
        """The question as a learner sees it in an attempt (quizzes.views)."""
        return routing.context("quizzes.question_preview", request, self)

    def clean(self) -> None:
        errors = {}
        if self.image_id and not self.image_alt:
            errors["image_alt"] = _(
                "Describe the image for learners who cannot see it."
            )
        # Here rather than only in the admin form: a translation (wagtail-localize
        # checks the model) must not break the gaps either, or it could not be drawn.
        if self.type == QuestionType.CLOZE and (problem := cloze_problem(self.stem)):
            errors["stem"] = _("This cloze text cannot be used yet: %(problem)s.") % {
                "problem": problem
            }
        if errors:
            raise ValidationError(errors)


class Answer(TranslatableMixin, Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(_("answer"), blank=True)
    fraction = models.DecimalField(
        _("weight (%)"),
        max_digits=8,
        decimal_places=5,
        default=0,
        validators=[MinValueValidator(-100), MaxValueValidator(100)],
        help_text=_(
            "100 for a right answer, 0 for a wrong one; negative takes points off."
        ),
    )
    feedback = models.TextField(_("feedback"), blank=True)
    match = models.CharField(_("matches"), max_length=255, blank=True)
    tolerance = models.DecimalField(
        _("tolerance"), max_digits=12, decimal_places=5, null=True, blank=True
    )
    gap = models.PositiveSmallIntegerField(_("gap"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("text"), FieldPanel("fraction")]),
        FieldRowPanel(
            [FieldPanel("match"), FieldPanel("tolerance"), FieldPanel("gap")]
        ),
        FieldPanel("feedback"),
    ]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.text[:60]


REVIEW_PARTS = ("answers", "correctness", "correct_answers", "feedback")


class TestPage(
    routing.LanguageFallbackURL, routing.CachedViewRestrictions, RoutablePageMixin, Page
):
    """A module test or, directly under a course, its final evaluation ("Algemene evaluatie").

    The review policy says what a learner sees right after an attempt, and what once the
    test is closed for them (passed, or no attempts left).
    """

    intro = RichTextField(_("introduction"), blank=True, features=STEM_FEATURES)
    bank = models.ForeignKey(
        QuestionBank,
        on_delete=models.PROTECT,
        related_name="tests",
        verbose_name=_("question bank"),
    )
    categories = ParentalManyToManyField(
        QuestionCategory,
        blank=True,
        related_name="tests",
        verbose_name=_("categories"),
        help_text=_(
            "Draw only from these categories; none chosen means the whole bank."
        ),
    )
    question_count = models.PositiveSmallIntegerField(
        _("questions per attempt"), default=10, validators=[MinValueValidator(1)]
    )
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=True)
    shuffle_answers = models.BooleanField(_("shuffle answers"), default=True)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MaxValueValidator(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"), default=0, help_text=_("0 means unlimited.")
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        help_text=_("Empty: no limit."),
    )
    wait_minutes = models.PositiveSmallIntegerField(
        _("wait between attempts (minutes)"), default=0
    )
    certifying = models.BooleanField(
        _("certifying"),
        default=False,
        help_text=_("Passing this test earns a certificate of its own."),
    )
    review_attempt_answers = models.BooleanField(
        _("after an attempt: their answers"), default=True
    )
    review_attempt_correctness = models.BooleanField(
        _("after an attempt: right or wrong"), default=True
    )
    review_attempt_correct_answers = models.BooleanField(
        _("after an attempt: the correct answers"), default=False
    )
    review_attempt_feedback = models.BooleanField(
        _("after an attempt: feedback"), default=True
    )
    review_closed_answers = models.BooleanField(
        _("once closed: their answers"), default=True
    )
    review_closed_correctness = models.BooleanField(
        _("once closed: right or wrong"), default=True
    )
    review_closed_correct_answers = models.BooleanField(
        _("once closed: the correct answers"), default=True
    )
    review_closed_feedback = models.BooleanField(
        _("once closed: feedback"), default=True
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("bank"),
                FieldPanel("categories"),
                FieldPanel("question_count"),
            ],
            heading=_("Questions"),
        ),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("max_attempts")]),
                FieldRowPanel(
                    [FieldPanel("time_limit_minutes"), FieldPanel("wait_minutes")]
                ),
                FieldRowPanel(
                    [FieldPanel("shuffle_questions"), FieldPanel("shuffle_answers")]
                ),
                FieldPanel("certifying"),
            ],
            heading=_("Rules"),
        ),
        MultiFieldPanel(
            [FieldPanel(f"review_attempt_{part}") for part in REVIEW_PARTS],
            heading=_("Review right after an attempt"),
        ),
        MultiFieldPanel(
            [FieldPanel(f"review_closed_{part}") for part in REVIEW_PARTS],
            heading=_("Review once passed or out of attempts"),
        ),
    ]

    parent_page_types = ["courses.ModulePage", "courses.CoursePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("test")

    def review_policy(self, *, closed: bool) -> dict[str, bool]:
        moment = "closed" if closed else "attempt"
        return {part: getattr(self, f"review_{moment}_{part}") for part in REVIEW_PARTS}

    def clean(self) -> None:
        super().clean()
        if self.max_attempts == 0 and self.review_attempt_correct_answers:
            # With unlimited attempts, showing the answers right away gives them away.
            raise ValidationError(
                {
                    "review_attempt_correct_answers": _(
                        "With unlimited attempts, show the correct answers only once "
                        "the test is passed."
                    )
                }
            )

    # Routes stay thin: the views live in quizzes.views (see lms.routing).
    @path("")
    def overview(self, request: HttpRequest) -> HttpResponse:
        return routing.serve("quizzes.overview", request, self)

    @path("starten/", name="start")
    def start(self, request: HttpRequest) -> HttpResponse:
        return routing.serve("quizzes.start", request, self)

    @path("poging/<int:attempt_id>/", name="attempt")
    def attempt(self, request: HttpRequest, attempt_id: int) -> HttpResponse:
        return routing.serve("quizzes.attempt", request, self, attempt_id)

    @path("poging/<int:attempt_id>/opslaan/", name="autosave")
    def autosave(self, request: HttpRequest, attempt_id: int) -> HttpResponse:
        return routing.serve("quizzes.autosave", request, self, attempt_id)

    @path("poging/<int:attempt_id>/resultaat/", name="result")
    def result(self, request: HttpRequest, attempt_id: int) -> HttpResponse:
        return routing.serve("quizzes.result", request, self, attempt_id)


class Attempt(models.Model):
    """One go at a test. The drawn questions and every response stay on the server."""

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        GRADED = "graded", _("Submitted")

    # A test's statistics count every attempt: when a learner's account goes, their
    # attempts stay, belonging to nobody.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="attempts",
        verbose_name=_("learner"),
    )
    # The same random mark on the attempts of one erased learner, so a report still
    # counts people right; it leads to nobody.
    erased_person = models.UUIDField(_("erased learner"), null=True, editable=False)
    test = models.ForeignKey(
        TestPage,
        on_delete=models.CASCADE,
        related_name="attempts",
        verbose_name=_("test"),
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # The questions as drawn, with shuffled options and their weights (never sent out).
    draw = models.JSONField(_("questions drawn"), default=list)
    responses = models.JSONField(_("responses"), default=dict)
    # Per question: the share of its mark earned, filled in when graded.
    results = models.JSONField(_("results"), default=dict)
    score = models.DecimalField(
        _("score"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    max_score = models.DecimalField(_("maximum score"), max_digits=8, decimal_places=2)
    percent = models.DecimalField(
        _("percentage"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    passed = models.BooleanField(_("passed"), null=True)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["test", "user", "number"]
        constraints = [
            # Two starts at the same moment cannot both take attempt number n, so the
            # attempt limit holds without locking anything.
            models.UniqueConstraint(
                fields=["user", "test", "number"], name="attempt_unique_number"
            ),
            models.UniqueConstraint(
                fields=["user", "test"],
                condition=Q(status="open"),
                name="attempt_one_open",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.test} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
