from wagtail.models import Page


class ExtensionIndexPage(Page):
    parent_page_types = ["portal.HomePage"]
    subpage_types = []
