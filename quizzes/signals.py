from django.dispatch import Signal

#: Sent each time a learner passes a test, inside the grading transaction.
#: Arguments: ``user``, ``test`` (TestPage) and ``attempt``.
test_passed = Signal()
