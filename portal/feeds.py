"""The news as an Atom feed: ``<news index>/feed/`` in each language (``NewsIndexPage.serve``).

Feed readers and the alliance's members follow policy announcements and competition calls
without visiting the site. The newest ``LIMIT`` public news of the index, newest first; a news
item staff made private is left out, as from the index itself.
"""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

#: How many news items a feed carries.
LIMIT = 20


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, index):
        self.request = request  # links read the site root paths once, on the request (Wagtail's get_url)
        return index

    def title(self, index):
        return f"{index.title} · {_('Shanghai BCI Industry Alliance')}"

    def subtitle(self, index):
        return index.introduction

    def link(self, index):
        return index.get_url(self.request)

    def feed_url(self, index):
        return index.get_url(self.request) + "feed/"

    def items(self, index):
        return list(index.newest_news()[:LIMIT])

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        """The news item's date (a day, shown on the site) at midnight in the site's time zone."""
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time()))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [item.get_category_display()]
