"""Format checks for catalogue fields."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from catalog.vocabulary import ApplicationField, Indication, ProductFunction, RegulatoryMilestone
from portal.listing.choices import validate_choice_list

# Provinces that register class II devices (省级药品监督管理部门), by their one-character abbreviation.
PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"

#: A medical device registration certificate number (医疗器械注册证编号):
#: issuer (国械注准 / 国械注进 / 国械注许 for NMPA, 沪械注准 etc. for a province), the year of
#: approval, the device class (2 or 3), the two-digit product category and a four-digit serial.
#: Class I devices are filed (备案), not registered, so they have no such number.
REGISTRATION_NUMBER_RE = re.compile(
    rf"^(?P<issuer>国械注[准进许]|[{PROVINCES}]械注准)(?P<year>20\d{{2}})(?P<cls>[23])(?P<category>\d{{2}})(?P<serial>\d{{4}})$"
)


def parse_registration_number(value: str):
    """The regex match of a well-formed certificate number, or ``None``."""
    return REGISTRATION_NUMBER_RE.match(value or "")


def validate_registration_number(value: str) -> None:
    if not parse_registration_number(value):
        raise ValidationError(
            _(
                "Enter the registration certificate number as printed, e.g. 国械注准20233120123 "
                "or 沪械注准20242090456: issuer, year, class, category and serial, without spaces."
            ),
            code="invalid_registration_number",
        )


# Module-level functions (not closures) so that migrations can refer to them.
def validate_functions(value) -> None:
    validate_choice_list(value, ProductFunction)


def validate_application_fields(value) -> None:
    validate_choice_list(value, ApplicationField)


def validate_milestones(value) -> None:
    validate_choice_list(value, RegulatoryMilestone)


def validate_indications(value) -> None:
    validate_choice_list(value, Indication)


#: A contact telephone number as people write it: an optional +country code, digits with spaces,
#: hyphens or parentheses, and an optional extension (转 / ext. / x), e.g. 021-6488 1234 转 802.
PHONE_RE = re.compile(r"^\+?[0-9(][0-9 ()\-]{5,24}[0-9](?:\s*(?:转|ext\.?|x)\s*[0-9]{1,6})?$", re.IGNORECASE)


def validate_phone(value: str) -> None:
    if value and not PHONE_RE.match(value.strip()):
        raise ValidationError(
            _("Enter a telephone number such as 021-6488 1234 or +86 138 0000 0000 (an extension may follow 转)."),
            code="invalid_phone",
        )
