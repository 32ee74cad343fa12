from django.dispatch import Signal

#: Sent once per learner and course, inside the transaction that completed the course.
#: Arguments: ``user``, ``course`` (CoursePage) and ``completion`` (CourseCompletion).
#: Receivers that write (certificates) therefore commit or roll back with it.
course_completed = Signal()
