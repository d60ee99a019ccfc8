from portal.organisations.models import Invitation, Membership, Organisation

from .orderable import Orderable
from .outbox import OutboxMessage
from .pages import HomePage, NewsIndexPage, NewsPage, StandardPage
from .site_settings import SiteSettings
from .users import User

__all__ = [
    "HomePage",
    "Invitation",
    "Membership",
    "NewsIndexPage",
    "NewsPage",
    "Orderable",
    "Organisation",
    "OutboxMessage",
    "SiteSettings",
    "StandardPage",
    "User",
]
