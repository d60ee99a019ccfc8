import pytest

from portal.judging import subjects
from portal.organisations.models import Organisation
from tests.judging.factories import RecordedParties


@pytest.fixture
def adapter():
    """Organisations are the judged subjects of these tests; their parties are what the test says."""
    recorded = RecordedParties()
    subjects.register(Organisation, recorded)
    yield recorded
    subjects.unregister(Organisation)
