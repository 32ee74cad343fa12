from django.dispatch import Signal

#: Sent once per learner and course, inside the transaction that completed the course.
#: Arguments: ``user``, ``course`` (CoursePage) and ``completion`` (CourseCompletion).
#: Receivers that write (certificates) therefore commit or roll back with it.
course_completed = Signal()

#: Sent each time a learner passes a test, inside the grading transaction.
#: Arguments: ``user``, ``test`` (TestPage) and ``attempt``.
test_passed = Signal()

#: Sent by ``load_demo`` once the demo courses exist and before demo learners make
#: progress, so that other apps add their demo data (certificate templates) in time.
#: Arguments: ``courses`` (list of CoursePage).
demo_courses_loaded = Signal()
