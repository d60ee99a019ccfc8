"""One Chinese term for the meetings feature: 约见 (申请约见, 约见请求, 约见已接受…), the word of the
incubator's matchmaking. The buttons said 申请会谈 beside the list's 约见请求, the personal data export
会面请求: three names for one request."""

import json
import re

from tests.test_translations import ROOT, committed

#: A msgid about the feature: a meeting, meeting requests, to meet, met.
MEETING = re.compile(r"\b(?:meet|meets|meeting|meetings|met)\b", re.IGNORECASE)
#: The same English words in another sense.
OTHER_SENSES = ("video meeting", "does not meet")
OTHER_TERMS = re.compile("会谈|会面|面谈|见面|会晤")


def test_every_chinese_string_of_the_meetings_feature_says_yuejian():
    catalogue = committed("zh_Hans")
    about_meetings = [
        entry
        for entry in catalogue
        if MEETING.search(entry.msgid) and not any(sense in entry.msgid for sense in OTHER_SENSES)
    ]
    assert len(about_meetings) > 40
    assert [(entry.msgid, entry.msgstr) for entry in about_meetings if "约见" not in entry.msgstr] == []
    assert [entry.msgstr for entry in catalogue if OTHER_TERMS.search(entry.msgstr)] == []
    assert catalogue.find("Request a meeting").msgstr == "申请约见"
    assert catalogue.find("Meeting requests").msgstr == "约见请求"


def test_the_handed_in_translations_say_yuejian_too():
    """``sync_translations`` fills an entry it finds empty (a reworded msgid, a dropped fuzzy guess) from
    ``var/translations/*.json``: the meetings' first file still said 会谈 after the catalogue moved to 约见,
    and would have brought it back. Every file, not only the one whose value wins."""
    about_meetings, other_terms = 0, []
    for path in sorted((ROOT / "var" / "translations").glob("*.json")):
        for key, msgstr in json.loads(path.read_text(encoding="utf-8")).items():
            msgid = key.rpartition("\u0004")[2]
            if OTHER_TERMS.search(msgstr):
                other_terms.append((path.name, msgid, msgstr))
            elif MEETING.search(msgid) and not any(sense in msgid for sense in OTHER_SENSES):
                about_meetings += 1
                if "约见" not in msgstr:
                    other_terms.append((path.name, msgid, msgstr))
    assert about_meetings > 30
    assert other_terms == []


def test_the_portals_own_demo_texts_use_the_same_term():
    """The pages' descriptions of the feature (the members' own meeting messages are theirs to word)."""
    for path in (ROOT / "portal" / "demo" / "content").glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        assert not OTHER_TERMS.search(text), (path.name, OTHER_TERMS.findall(text))
