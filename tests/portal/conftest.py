import pytest

from tests.portal import extension_app as extension


@pytest.fixture
def extension_app():
    """``tests/portal/extension_app`` installed for one test (an app the portal never names); its page type."""
    with extension.installed() as page_type:
        yield page_type
