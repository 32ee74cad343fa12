from django.dispatch import Signal

#: Sent once per learner and module, inside the transaction that completed the module
#: (before `course_completed` when the same fact completes both). Arguments: ``user``,
#: ``module`` (ModulePage) and ``completion`` (ModuleCompletion).
module_completed = Signal()

#: Sent once per learner and course, inside the transaction that completed the course.
#: Arguments: ``user``, ``course`` (CoursePage) and ``completion`` (CourseCompletion).
#: Receivers that write (certificates) therefore commit or roll back with it.
course_completed = Signal()
