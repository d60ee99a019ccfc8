import pytest
from django.core.exceptions import ValidationError

from cases.validators import (
    doi_url,
    normalise_doi,
    normalise_trial_id,
    trial_registry_url,
    validate_doi,
    validate_indications,
    validate_trial_id,
)


@pytest.mark.parametrize("value", ["NCT01234567", "ChiCTR2000012345", "ChiCTR-IOR-17012345", "ChiCTR-TRC-12002345"])
def test_valid_trial_ids(value):
    validate_trial_id(value)


@pytest.mark.parametrize(
    "value",
    ["NCT1234567", "NCT012345678", "nct01234567", "ChiCTR200001234", "ChiCTR-IOR-1701234", "ISRCTN12345678", ""],
)
def test_invalid_trial_ids(value):
    with pytest.raises(ValidationError) as exc:
        validate_trial_id(value)
    assert exc.value.code == "invalid_trial_id"


def test_format_errors_are_translatable_and_name_the_value():
    from django.utils.functional import Promise

    for validator, value in ((validate_trial_id, "NCT1"), (validate_doi, "10.1/x")):
        with pytest.raises(ValidationError) as exc:
            validator(value)
        assert isinstance(exc.value.message, Promise)  # gettext_lazy: rendered in the visitor's language
        assert value in exc.value.messages[0]


def test_trial_ids_are_normalised_and_linked():
    assert normalise_trial_id(" nct 01234567 ") == "NCT01234567"
    assert normalise_trial_id("chictr2000012345") == "ChiCTR2000012345"
    assert trial_registry_url("NCT01234567") == "https://clinicaltrials.gov/study/NCT01234567"
    assert trial_registry_url("ChiCTR-IOR-17012345").startswith("https://www.chictr.org.cn/")
    assert trial_registry_url("NCT1") == ""


@pytest.mark.parametrize("value", ["10.1038/s41586-023-06377-x", "10.1056/NEJMoa2027540", "10.1000/demo.2025.001"])
def test_valid_dois(value):
    validate_doi(value)
    assert doi_url(value) == f"https://doi.org/{value}"


@pytest.mark.parametrize("value", ["10.10/abc", "doi 10.1038/x", "11.1038/s41586", "10.1038/", "https://example.com"])
def test_invalid_dois(value):
    with pytest.raises(ValidationError) as exc:
        validate_doi(value)
    assert exc.value.code == "invalid_doi"


def test_doi_prefixes_are_removed():
    assert normalise_doi("https://doi.org/10.1038/s41586-023-06377-x") == "10.1038/s41586-023-06377-x"
    assert normalise_doi("doi:10.1038/abc") == "10.1038/abc"


def test_indications_vocabulary():
    validate_indications(["als", "stroke"])
    with pytest.raises(ValidationError):
        validate_indications(["telepathy"])
    with pytest.raises(ValidationError):
        validate_indications(["als", "als"])


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["0001-01-01", "1989-12-31", "2099-01-01"])
def test_a_study_start_date_far_off_is_refused_beside_the_field(typed):
    """A typo in the year (0001, 2099) was saved as the study's start."""
    from cases.forms import ClinicalForm
    from tests.cases.factories import SubmissionFactory

    form = ClinicalForm({"version": 1, "start_date": typed}, instance=SubmissionFactory.build())
    assert not form.is_valid() and form.has_error("start_date", "implausible_date")


def test_a_planned_study_may_start_within_five_years():
    import datetime

    from cases.validators import plausible_start_date

    plausible_start_date(datetime.date.today().replace(day=1) + datetime.timedelta(days=365 * 4))
    plausible_start_date(datetime.date(1998, 6, 1))
