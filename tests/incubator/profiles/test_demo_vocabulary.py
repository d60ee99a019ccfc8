"""The demo's profiles use only their fields' vocabularies.

The demo loader writes profiles with ``get_or_create``, past the forms' validators: a signal
modality ("eeg", "optical") listed as a BCI type reached the search's "BCI type" facet as a raw
code ("eeg 12", "emg_hybrid 6" on 康复's results) beside the translated types.
"""

from incubator.demo import profiles
from incubator.models.profiles import INVESTOR_MULTI_VALUED, PLATFORM_MULTI_VALUED, STARTUP_MULTI_VALUED


def _rows(key, generated):
    return list(profiles.DATA[key]) + [row["profile"] for row in generated]


def test_every_demo_profile_lists_only_known_values():
    unknown = []
    for key, generated, fields in (
        ("startups", profiles.generated_startups(), STARTUP_MULTI_VALUED),
        ("investors", profiles.generated_investors(), INVESTOR_MULTI_VALUED),
        ("platforms", profiles.new_platforms(), PLATFORM_MULTI_VALUED),
    ):
        for row in _rows(key, generated):
            for name, vocabulary in fields.items():
                unknown += [(key, name, value) for value in row.get(name, []) if value not in vocabulary.values]
    assert not unknown, unknown
