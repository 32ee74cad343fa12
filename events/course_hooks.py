"""The webinars of a course on its course and module pages (filled by the webinars work)."""
