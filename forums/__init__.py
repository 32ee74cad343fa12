"""Module forums and community forums: posting, following, mail and moderation.

`selectors` decides who sees what, `services` changes state, `notifications` mails
followers, `views` and `admin_views` are the pages.
"""
