from django.dispatch import Signal

#: Sent the first time the platform keeps an xAPI statement from the H5P player (a
#: statement delivered again sends nothing), inside the transaction that keeps it.
#: Arguments: ``user``, ``activity`` (H5PActivity), ``lesson`` (the LessonPage it was
#: played in, or None when the caller does not know it) and ``statement`` (the
#: statement as kept: the player's, with the actor the server decided).
statement_received = Signal()
