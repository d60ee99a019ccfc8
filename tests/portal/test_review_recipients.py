"""Every review whose decisions send an e-mail names who it reaches (``Notice.recipients``), so a decision
told to nobody does not claim "the team / the members are being notified" (``Review.done_message``)."""

import importlib
import pkgutil

from portal.review.decisions import Review

#: The project's packages whose modules may declare reviews.
PACKAGES = ("portal", "catalog", "cases", "competition", "incubator")
#: The modules that declare them: a sub-domain's services, the organisations' verification.
DECLARING = ("services", "verification")


def _reviews() -> dict[str, Review]:
    found = {}
    for package in PACKAGES:
        root = importlib.import_module(package)
        for module_info in pkgutil.walk_packages(root.__path__, f"{package}."):
            if module_info.name.rsplit(".", 1)[-1] not in DECLARING:
                continue
            module = importlib.import_module(module_info.name)
            for name, value in vars(module).items():
                if isinstance(value, Review) and value.model.__module__.split(".")[0] in PACKAGES:
                    found[f"{module_info.name}.{name}"] = value
    return found


def test_every_review_that_emails_names_its_recipients():
    """The competition's entry screening said "the team is being notified" to a team nobody could be mailed."""
    reviews = _reviews()
    assert "competition.services.SCREENING" in reviews and "portal.organisations.verification.VERIFICATION" in reviews
    silent = [
        name
        for name, review in reviews.items()
        if any(decision.email for decision in review) and review.notice.recipients is None
    ]
    assert silent == []
