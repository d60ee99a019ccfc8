"""Format checks for the judging engine's JSON lists."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_TAGS = 30
MAX_TAG_LENGTH = 60


def normalise_tags(values) -> list[str]:
    """Tags as the engine compares them: stripped, lower-case, each once, in the order given."""
    seen, tags = set(), []
    for value in values or []:
        tag = str(value).strip().lower()
        if tag and tag not in seen:
            seen.add(tag)
            tags.append(tag)
    return tags


def validate_tags(value) -> None:
    """A list of at most ``MAX_TAGS`` short strings (expertise, or an item's topics)."""
    if not isinstance(value, list) or not all(isinstance(tag, str) for tag in value):
        raise ValidationError(_("Enter a list of tags."), code="invalid_tags")
    if len(value) > MAX_TAGS or any(len(tag) > MAX_TAG_LENGTH for tag in value):
        raise ValidationError(
            _("Enter at most %(count)d tags of at most %(length)d characters each.")
            % {"count": MAX_TAGS, "length": MAX_TAG_LENGTH},
            code="too_many_tags",
        )
