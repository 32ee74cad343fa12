from django.dispatch import Signal

#: Sent once per learner and course when a learner registers for a course (a new
#: enrolment; enrolling again sends nothing), inside the transaction that enrolled
#: them. Arguments: ``user``, ``course`` (CoursePage) and ``enrolment`` (Enrolment).
enrolled = Signal()

#: Sent when a learner's first opening of a section is recorded, inside the
#: transaction that records it. A second recording of the same section (two tabs at
#: once, the demo loaded twice) may send it again: receivers must be idempotent (the
#: learning records' statement ids are). Arguments: ``user``, ``lesson``
#: (LessonPage, the source page), ``section_id`` (the section block's id) and
#: ``read_at`` (datetime).
section_read = Signal()

#: Sent once per learner and module, inside the transaction that completed the module
#: (before `course_completed` when the same fact completes both). Arguments: ``user``,
#: ``module`` (ModulePage) and ``completion`` (ModuleCompletion).
module_completed = Signal()

#: Sent once per learner and course, inside the transaction that completed the course.
#: Arguments: ``user``, ``course`` (CoursePage) and ``completion`` (CourseCompletion).
#: Receivers that write (certificates) therefore commit or roll back with it.
course_completed = Signal()
