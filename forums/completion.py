"""Writing in a module's forum, as a completion requirement of the modules that ask
for it (registered in `ForumsConfig.ready`; see `courses.completion`)."""

from forums.selectors import modules_posted_by as first_posts

__all__ = ["first_posts"]
