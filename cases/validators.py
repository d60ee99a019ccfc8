"""Format checks for case fields: trial registration IDs, DOIs, vocabulary lists, a study's start date."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.vocabulary import CaseFunction, Indication
from portal.listing.choices import validate_choice_list

#: ClinicalTrials.gov: NCT and eight digits.
NCT_RE = re.compile(r"^NCT\d{8}$")
#: Chinese Clinical Trial Registry: ChiCTR2000012345 (since 2019) or ChiCTR-IOR-17012345
#: (before: a study-type code, the two-digit year and a five-digit serial).
CHICTR_RE = re.compile(r"^ChiCTR(\d{10}|-[A-Z]{2,4}-\d{8})$")
#: A DOI: 10.<registrant>/<suffix> (Crossref's recommended pattern).
DOI_RE = re.compile(r"^10\.\d{4,9}/[-._;()/:A-Za-z0-9<>\[\]]+$")
DOI_PREFIXES = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:")


#: The earliest start a case's study may give: BCI clinical studies began in the late 1990s.
EARLIEST_START = datetime.date(1990, 1, 1)
#: How far ahead a planned study's start may lie.
PLANNED_YEARS = 5


def plausible_start_date(value) -> None:
    """A study's start between ``EARLIEST_START`` and ``PLANNED_YEARS`` from now (not a typo such as 0001 or 2099)."""
    if value is None:
        return
    latest = timezone.localdate().replace(month=12, day=31)
    latest = latest.replace(year=latest.year + PLANNED_YEARS)
    if not EARLIEST_START <= value <= latest:
        raise ValidationError(
            _("Enter a start date between %(earliest)s and %(latest)s."),
            code="implausible_date",
            params={"earliest": EARLIEST_START.isoformat(), "latest": latest.isoformat()},
        )


def normalise_trial_id(value: str) -> str:
    """Upper-case NCT IDs; ChiCTR keeps its mixed case. Spaces are removed."""
    value = (value or "").strip().replace(" ", "")
    if value.upper().startswith("NCT"):
        return value.upper()
    if value.upper().startswith("CHICTR"):
        return "ChiCTR" + value[6:].upper()
    return value


def trial_registry_url(value: str) -> str:
    """The registry page of a valid trial ID ('' for anything else)."""
    if NCT_RE.match(value or ""):
        return f"https://clinicaltrials.gov/study/{value}"
    if CHICTR_RE.match(value or ""):
        return f"https://www.chictr.org.cn/searchprojEN.html?regno={value}"
    return ""


def validate_trial_id(value: str) -> None:
    if not (NCT_RE.match(value or "") or CHICTR_RE.match(value or "")):
        raise ValidationError(
            _(
                "“%(value)s” is not a trial registration number: use ClinicalTrials.gov’s NCT followed by "
                "8 digits (NCT01234567) or a ChiCTR number (ChiCTR2000012345, ChiCTR-IOR-17012345)."
            ),
            code="invalid_trial_id",
            params={"value": value},
        )


def normalise_doi(value: str) -> str:
    value = (value or "").strip()
    for prefix in DOI_PREFIXES:
        if value.lower().startswith(prefix):
            return value[len(prefix) :]
    return value


def validate_doi(value: str) -> None:
    if not DOI_RE.match(value or ""):
        raise ValidationError(
            _(
                "“%(value)s” is not a DOI: it starts with 10., a registrant code and a slash, "
                "e.g. 10.1038/s41586-023-06377-x."
            ),
            code="invalid_doi",
            params={"value": value},
        )


def doi_url(value: str) -> str:
    return f"https://doi.org/{value}" if DOI_RE.match(value or "") else ""


def split_lines(text: str) -> list[str]:
    """Non-empty, stripped lines of ``text``, duplicates removed, order kept."""
    seen = []
    for line in (text or "").splitlines():
        line = line.strip()
        if line and line not in seen:
            seen.append(line)
    return seen


# Module-level functions (not closures) so that migrations can refer to them.
def validate_functions(value) -> None:
    validate_choice_list(value, CaseFunction)


def validate_indications(value) -> None:
    validate_choice_list(value, Indication)
