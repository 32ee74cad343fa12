"""Reminders: mails that nudge members about what their organisation assigned, and a
weekly list of overdue members for the coordinators.

Two steps, both run by the daily `send_reminders` task:

1. `reminders_plan` writes a `ReminderDelivery` row for every reminder owed today.
   The model's unique constraints (once per rule, learner and assignment; a digest
   once per coordinator, organisation and ISO week) make planning idempotent: running
   it again, or on two workers at once, writes nothing new.
2. `reminders_send` claims unsent rows one at a time under a row lock (others skip
   it), checks that the reminder still makes sense, sends the mail and sets `sent_at`
   in the same transaction. A failed mail rolls the transaction back and the row waits
   for the next run; a row is never mailed twice.

A row that no longer makes sense when its turn comes (the member completed the
course, left the organisation, the rule was switched off, nobody is overdue any more)
is deleted, not sent: it was never delivered, and should the reminder become due
again (the rule switched back on, the member back in the organisation) the planner
may owe it again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page

from languages.selectors import in_language, url_in_language
from lms.links import absolute_url
from lms.mail import mail_person
from lms.models import Membership, Organisation, User

from .models import Assignment, ReminderDelivery, ReminderRule, ReminderSettings
from .selectors import Cell, MemberRow, Status, progress_table

logger = logging.getLogger(__name__)

#: A member who has not started is reminded this long after it was assigned to them.
NOT_STARTED_AFTER = timedelta(days=7)
#: A mandatory assignment is announced as due this many days before its due date.
DUE_SOON_DAYS = 7
#: A reminder is owed only this long after what triggers it (the due date passed, the
#: week without a start). Later, the record of whether it was sent may have been
#: deleted (RETENTION_MAIL_LOG_DAYS), and the member must not get it again.
REMINDER_WINDOW = timedelta(days=30)

LEARNER_RULES = (ReminderRule.NOT_STARTED, ReminderRule.DUE_SOON, ReminderRule.OVERDUE)
RULES = (*LEARNER_RULES, ReminderRule.COORDINATOR_DIGEST)

#: Each rule in plain words, for the coordinator: when it is sent, and to whom.
RULE_EXPLANATIONS = {
    ReminderRule.NOT_STARTED: gettext_lazy(
        "A member who has not opened anything of a course or module a week after it "
        "was assigned to them gets one mail, for mandatory and recommended "
        "assignments alike."
    ),
    ReminderRule.DUE_SOON: gettext_lazy(
        "A member who has not completed a mandatory assignment gets one mail 7 days "
        "before its due date (or at once, when the due date is closer)."
    ),
    ReminderRule.OVERDUE: gettext_lazy(
        "A member who has not completed a mandatory assignment gets one mail the "
        "day after its due date."
    ),
    ReminderRule.COORDINATOR_DIGEST: gettext_lazy(
        "The coordinators get at most one mail a week listing the members who passed "
        "a due date, when there are any."
    ),
}

#: The learner rules in plain words, for the member.
RULE_EXPLANATIONS_FOR_MEMBER = {
    ReminderRule.NOT_STARTED: gettext_lazy(
        "A reminder when you have not started something a week after it was "
        "assigned to you."
    ),
    ReminderRule.DUE_SOON: gettext_lazy(
        "A reminder 7 days before the due date of a mandatory course or module you "
        "have not completed."
    ),
    ReminderRule.OVERDUE: gettext_lazy(
        "A reminder the day after the due date of a mandatory course or module you "
        "have not completed."
    ),
}


# --- Reads ------------------------------------------------------------------------


def reminder_settings_of(organisation: Organisation) -> ReminderSettings:
    """The organisation's reminder settings; unsaved defaults (every rule on) when it
    never changed them."""
    found = ReminderSettings.objects.filter(organisation=organisation).first()
    return found or ReminderSettings(organisation=organisation)


def _settings_by_organisation(ids: list[int]) -> dict[int, ReminderSettings]:
    return {s.organisation_id: s for s in ReminderSettings.objects.filter(
        organisation_id__in=ids
    )}  # fmt: skip


def reminders_sent_in(organisation: Organisation, *, limit: int = 50) -> list:
    """The last `limit` reminders sent in `organisation`, newest first."""
    return list(
        ReminderDelivery.objects.filter(
            organisation=organisation, sent_at__isnull=False
        )
        .select_related("user", "assignment__course", "assignment__module")
        .order_by("-sent_at", "-pk")[:limit]
    )


@dataclass
class MyOrganisationReminders:
    """For the learner's own page: one organisation, its rules, what they received."""

    organisation: Organisation
    settings: ReminderSettings
    received: list[ReminderDelivery]

    @property
    def learner_rules(self) -> list[dict]:
        """Each rule that can mail the member: its words, and whether it is on."""
        return [
            {
                "rule": rule,
                "label": ReminderRule(rule).label,
                "explanation": RULE_EXPLANATIONS_FOR_MEMBER[rule],
                "on": self.settings.enabled(rule),
            }
            for rule in LEARNER_RULES
        ]


def reminders_of_user(user: User) -> list[MyOrganisationReminders]:
    """Per organisation of `user`: which reminder rules are on, and the reminders sent
    to `user` there (only theirs, newest first). Three queries."""
    organisations = [
        m.organisation
        for m in Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name")
    ]
    found = _settings_by_organisation([o.pk for o in organisations])
    received: dict[int, list[ReminderDelivery]] = {o.pk: [] for o in organisations}
    for row in (
        ReminderDelivery.objects.filter(user=user, sent_at__isnull=False)
        .select_related("assignment__course", "assignment__module")
        .order_by("-sent_at", "-pk")
    ):
        if row.organisation_id in received:
            received[row.organisation_id].append(row)
    return [
        MyOrganisationReminders(
            organisation=o,
            settings=found.get(o.pk) or ReminderSettings(organisation=o),
            received=received[o.pk],
        )
        for o in organisations
    ]


# --- Settings -----------------------------------------------------------------------


def reminder_settings_update(
    *, organisation: Organisation, **flags: bool
) -> ReminderSettings:
    """Switch reminder rules on or off for `organisation`; rules not named keep their
    state. Unsent reminders of a rule switched off are not sent (see the module).

    `flags` are rule names (`not_started`, `due_soon`, `overdue`, `digest`); another
    name is a programming error and raises TypeError.
    """
    unknown = set(flags) - set(RULES)
    if unknown:
        raise TypeError(f"Unknown reminder rules: {sorted(unknown)}")
    found, _created = ReminderSettings.objects.update_or_create(
        organisation=organisation,
        defaults={rule: bool(on) for rule, on in flags.items()},
    )
    return found


# --- Which rule applies -------------------------------------------------------------


def _rules_for(
    cell: Cell, *, assigned_at: datetime, today: date, now: datetime, on: set[str]
) -> set[str]:
    """The learner rules (among those switched `on`) that apply to one member on one
    assignment today.

    - not started: nothing done a week after the assignment reached the member (its
      creation, or their joining when that came later); also for recommended ones.
    - due soon: a mandatory assignment not completed, due in 0 to 7 days.
    - overdue: a mandatory assignment not completed after its due date.

    "Not started" and "overdue" are owed for REMINDER_WINDOW after their trigger only.

    "Not started" gives way to a deadline reminder that applies the same day: one
    mail saying the due date is near already says the member has work to do.
    """
    assignment = cell.assignment
    rules = set()
    if cell.completed:
        return rules
    if assignment.mandatory and assignment.due_date is not None:
        days_left = (assignment.due_date - today).days
        if (
            cell.status == Status.OVERDUE
            and today - assignment.due_date <= REMINDER_WINDOW
        ):
            rules.add(ReminderRule.OVERDUE)
        elif 0 <= days_left <= DUE_SOON_DAYS:
            rules.add(ReminderRule.DUE_SOON)
    rules &= on
    if (
        not rules
        and cell.status == Status.NOT_STARTED
        and now - REMINDER_WINDOW - NOT_STARTED_AFTER
        < assigned_at
        <= now - NOT_STARTED_AFTER
    ):
        rules.add(ReminderRule.NOT_STARTED)
    return rules & on


def _rules_on(found: ReminderSettings | None) -> set[str]:
    if found is None:
        return set(RULES)
    return {rule for rule in RULES if found.enabled(rule)}


def _learner_rules(
    row: MemberRow, *, today: date, now: datetime, on: set[str]
) -> list[tuple[str, Assignment]]:
    owed = []
    for cell in row.cells.values():
        assigned_at = max(cell.assignment.created_at, row.membership.created_at)
        for rule in _rules_for(
            cell, assigned_at=assigned_at, today=today, now=now, on=on
        ):
            owed.append((rule, cell.assignment))
    return owed


def iso_week(day: date) -> str:
    """The period key of a weekly digest, e.g. "2026-W49"."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


# --- Planning -----------------------------------------------------------------------


def reminders_plan(*, now: datetime | None = None) -> int:
    """Owe today's reminders: write a `ReminderDelivery` row for each member × effective
    assignment a rule applies to, and one digest row per coordinator of an organisation
    with overdue members (once per ISO week). Rules an organisation switched off are
    skipped. Returns how many new rows were written; 0 when it already ran today.

    Constant queries per organisation with assignments (the progress table).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    organisations = list(
        Organisation.objects.filter(assignments__isnull=False).distinct()
    )
    found = _settings_by_organisation([o.pk for o in organisations])
    rows: list[ReminderDelivery] = []
    for organisation in organisations:
        on = _rules_on(found.get(organisation.pk))
        if not on:
            continue
        table = progress_table(organisation, today=today)
        anyone_overdue = False
        for member in table.rows:
            anyone_overdue |= Status.OVERDUE in member.statuses
            if not member.user.is_active:
                continue
            rows += [
                ReminderDelivery(
                    rule=rule,
                    user=member.user,
                    organisation=organisation,
                    assignment=assignment,
                )
                for rule, assignment in _learner_rules(
                    member, today=today, now=now, on=on
                )
            ]
        if anyone_overdue and ReminderRule.COORDINATOR_DIGEST in on:
            rows += [
                ReminderDelivery(
                    rule=ReminderRule.COORDINATOR_DIGEST,
                    user=member.user,
                    organisation=organisation,
                    period=iso_week(today),
                )
                for member in table.rows
                if member.membership.role == Membership.Role.COORDINATOR
                and member.user.is_active
            ]
    if not rows:
        return 0
    # With ignore_conflicts the database does not say which rows were new: count
    # before and after (only a report; a concurrent run may blur it).
    before = ReminderDelivery.objects.count()
    ReminderDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    return ReminderDelivery.objects.count() - before


# --- Sending ------------------------------------------------------------------------


def _learner_subject(rule: str, title: str, due: date | None) -> str:
    due_text = formats.date_format(due, "j F Y") if due else ""
    if rule == ReminderRule.NOT_STARTED:
        return _("You have not started “%(title)s” yet") % {"title": title}
    if rule == ReminderRule.DUE_SOON:
        return _("“%(title)s” is due on %(date)s") % {"title": title, "date": due_text}
    return _("“%(title)s” was due on %(date)s") % {"title": title, "date": due_text}


def _mail(user: User, subject: Callable[[], str], template: str, context: dict) -> None:
    """One plain-text mail to `user` in their language, with the link to their
    reminders."""
    my_reminders = absolute_url(reverse("coordination:my_reminders"))
    mail_person(
        to=user,
        subject=subject,
        template=template,
        context={**context, "my_reminders_url": my_reminders},
    )


def _membership(row: ReminderDelivery) -> Membership | None:
    return (
        Membership.objects.filter(
            user_id=row.user_id, organisation_id=row.organisation_id
        )
        .select_related("user")
        .prefetch_related("teams")
        .first()
    )


def _send_learner(row: ReminderDelivery, *, today: date, now: datetime) -> bool:
    """Mail a learner reminder if it still applies; False (nothing sent) if not."""
    membership = _membership(row)
    if membership is None or row.assignment is None:
        return False
    on = _rules_on(reminder_settings_of(row.organisation))
    member = progress_table(
        row.organisation, today=today, memberships=[membership]
    ).rows[0]
    if (row.rule, row.assignment_id) not in {
        (rule, a.pk) for rule, a in _learner_rules(member, today=today, now=now, on=on)
    }:
        return False
    assignment = row.assignment
    # Titles and link in the learner's language where the pages are translated.
    language = row.user.language
    course = in_language(assignment.course, language)
    title = (
        f"{course.title} – {in_language(assignment.target, language).title}"
        if assignment.module_id
        else course.title
    )
    _mail(
        row.user,
        lambda: _learner_subject(row.rule, title, assignment.due_date),
        "email/reminder_learner.txt",
        {
            "rule": row.rule,
            "title": title,
            "assignment": assignment,
            "organisation": row.organisation,
            "url": _target_url(assignment.target, language),
        },
    )
    return True


def _target_url(page: Page, language: str) -> str:
    if not page.live or page.get_url_parts() is None:
        return absolute_url(reverse("courses:dashboard"))  # their courses are there
    # A path on a one-site platform; the page's whole address where there are more.
    return absolute_url(url_in_language(page, language, None))


def _send_digest(row: ReminderDelivery, *, today: date) -> bool:
    """Mail a coordinator the overdue members of the organisation if there still are
    any and they still coordinate it; False (nothing sent) if not."""
    membership = _membership(row)
    if (
        membership is None
        or membership.role != Membership.Role.COORDINATOR
        or ReminderRule.COORDINATOR_DIGEST
        not in _rules_on(reminder_settings_of(row.organisation))
    ):
        return False
    table = progress_table(row.organisation, status=Status.OVERDUE, today=today)
    overdue = [
        {"user": member.user, "cell": cell}
        for member in table.rows
        for cell in member.cells.values()
        if cell.status == Status.OVERDUE
    ]
    if not overdue:
        return False
    titles = {target.pk: target.title for target in table.targets}
    for item in overdue:
        item["title"] = titles[item["cell"].assignment.target.pk]
    organisation = row.organisation
    _mail(
        row.user,
        lambda: (
            _("Overdue members in %(organisation)s")
            % {"organisation": organisation.name}
        ),
        "email/reminder_digest.txt",
        {
            "organisation": organisation,
            "overdue": overdue,
            "members": len({item["user"].pk for item in overdue}),
            "url": absolute_url(
                reverse("coordination:progress", args=[organisation.pk])
                + "?status=overdue"
            ),
            "settings_url": absolute_url(
                reverse("coordination:reminders", args=[organisation.pk])
            ),
        },
    )
    return True


def _claim_next(exclude: set[int]) -> ReminderDelivery | None:
    return (
        ReminderDelivery.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(sent_at__isnull=True)
        .exclude(pk__in=exclude)
        .select_related(
            "user", "organisation", "assignment__course", "assignment__module"
        )
        .order_by("pk")
        .first()
    )


def reminders_send(*, now: datetime | None = None) -> int:
    """Send every reminder that is owed and still applies; returns how many mails
    went out.

    Each row is locked (other workers skip it), checked, mailed and marked sent in one
    transaction. When the mail fails the transaction rolls back, the row stays unsent
    for the next run, and this run goes on with the other rows. A row that no longer
    applies is deleted (see the module docstring).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    failed: set[int] = set()
    while True:
        pk = None
        try:
            with transaction.atomic():
                row = _claim_next(failed)
                if row is None:
                    return sent
                pk = row.pk
                if not row.user.is_active:
                    mailed = False
                elif row.rule == ReminderRule.COORDINATOR_DIGEST:
                    mailed = _send_digest(row, today=today)
                else:
                    mailed = _send_learner(row, today=today, now=now)
                if mailed:
                    row.sent_at = timezone.now()
                    row.save(update_fields=["sent_at"])
                else:
                    row.delete()
        except Exception:
            if pk is None:
                raise  # the database itself failed: let the task fail loudly
            logger.exception("Reminder %s could not be sent; retried next run", pk)
            failed.add(pk)
            continue
        sent += mailed
