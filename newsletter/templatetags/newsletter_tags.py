from django import template

from lms.links import absolute_url

register = template.Library()

# `url` with the site's address in front, for links and images in a mail.
register.filter("absolute", absolute_url)
