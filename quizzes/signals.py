from django.dispatch import Signal

#: Sent once per attempt when a learner opens a new attempt at a test (resuming an
#: open attempt sends nothing), inside the transaction that created it. Arguments:
#: ``user``, ``test`` (TestPage) and ``attempt`` (Attempt).
attempt_started = Signal()

#: Sent once per attempt when it is graded (handed in, or closed when its time ran
#: out), inside the grading transaction and before `test_passed`. Arguments:
#: ``user``, ``test`` (TestPage), ``attempt`` (graded: ``score``, ``max_score``,
#: ``percent``, ``submitted_at``) and ``passed`` (bool).
attempt_graded = Signal()

#: Sent each time a learner passes a test, inside the grading transaction.
#: Arguments: ``user``, ``test`` (TestPage) and ``attempt``.
test_passed = Signal()
