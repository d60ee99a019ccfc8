"""Reading prediction and hidden-label CSVs: every malformed file gets a precise reason, never a crash."""

import codecs

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from competition.algorithm import parsing
from tests.competition.algorithm.factories import IDS, csv_bytes, upload

GOOD = [1, 2, 1, 2, 1, 2, 1, 2]


def read(data: bytes, *, max_bytes=10_000, ids=IDS):
    return parsing.read_predictions(upload(data), trial_ids=ids, n_classes=2, max_bytes=max_bytes)


def refusal(data: bytes, **kwargs) -> ValidationError:
    """The refusal with its message read in English (a refusal's message is formatted when it is read)."""
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            read(data, **kwargs)
        return ValidationError(caught.value.messages[0], code=caught.value.code)


def test_a_valid_file_with_bom_and_crlf_is_read_in_trial_order():
    shuffled = list(zip(IDS, GOOD, strict=True))[::-1]
    data = csv_bytes(shuffled, newline="\r\n", bom=True)
    assert read(data).tolist() == GOOD


def test_header_is_required_case_insensitive_and_blank_lines_are_skipped():
    data = (
        b"Trial_ID , Label\n"
        + b"\n".join(f"{t},{label}".encode() for t, label in zip(IDS, GOOD, strict=True))
        + b"\n\n"
    )
    assert read(data).tolist() == GOOD
    assert "header" in refusal(b"id,prediction\nT001,1\n").messages[0]


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (b"", "empty", "empty"),
        (codecs.BOM_UTF16_LE + "trial_id,label\n".encode("utf-16-le"), "encoding", "UTF-16"),
        (b"trial_id,label\nT001,1\x00\x00\n", "binary", "binary"),
        (b"PK\x03\x04rest-of-a-zip", "binary", "spreadsheet"),
        (b"trial_id,label\nT001,\xff\xfe\n", "encoding", "UTF-8"),
        (b'trial_id,label\n"T001,1\n', "csv", "not valid CSV"),
        (b"trial_id,label\nT001,1,9\n", "columns", "Line 2 has 3 columns"),
        (b"trial_id,label\nT999,1\n", "unknown", "trial T999 is not a trial"),
        (b"trial_id,label\nT001,1\nT001,2\n", "duplicate", "Line 3: trial T001 appears twice"),
        (b"trial_id,label\nT001,3\n", "label", "the label “3” is not a class"),
        (b"trial_id,label\nT001,left\n", "label", "from 1 to 2"),
        (b"trial_id,label\nT001,=HYPERLINK(1)\n", "label", "is not a class"),
        (b"trial_id,label\n,1\n", "trial_id", "trial ID is empty"),
        (b"trial_id,label\nT001,1\n", "missing", "7 trials have no prediction (for example T002"),
    ],
)
def test_malformed_files_are_refused_with_the_reason(data, code, words):
    error = refusal(data)
    assert error.code == code
    assert words in error.messages[0]


def test_a_file_not_in_utf8_names_the_line_it_fails_on():
    """Excel on a Chinese system saves "CSV" in GBK: the refusal named "line 0" for any file short enough
    to be decoded in one read (every prediction file of the demo's task), sending the team looking for
    a line that does not exist. It names the line whose bytes are not UTF-8, and the usual cause."""
    gbk = "trial_id,label\nT001,1\nT002,标签\n".encode("gbk")
    message = refusal(gbk).messages[0]
    assert "Line 3 is not valid UTF-8" in message and "line 0" not in message
    assert "GBK" in message and "CSV UTF-8" in message
    header = "试次,标签\n".encode("gbk")
    assert "Line 1 is not valid UTF-8" in refusal(header).messages[0]


def test_size_limit_known_and_unknown_size():
    big = csv_bytes(zip(IDS, GOOD, strict=True))
    assert "larger than" in refusal(big, max_bytes=20).messages[0]

    class Stream:
        """A file whose size is not known: the limit is enforced while reading."""

        def __init__(self, data):
            import io

            self.raw = io.BytesIO(data)

        def read(self, n=-1):
            return self.raw.read(n)

    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            parsing.read_predictions(Stream(big), trial_ids=IDS, n_classes=2, max_bytes=20)
        assert "larger than" in caught.value.messages[0]


def test_hidden_labels_are_read_with_duplicates_and_range_checked():
    ids, labels = parsing.read_answer_key(
        upload(csv_bytes(zip(IDS, GOOD, strict=True), bom=True)), n_classes=2, max_bytes=10_000
    )
    assert ids == IDS and labels == GOOD
    with pytest.raises(ValidationError):
        parsing.read_answer_key(upload(b"trial_id,label\nA,1\nA,2\n"), n_classes=2, max_bytes=10_000)
    with pytest.raises(ValidationError):
        parsing.read_answer_key(upload(b"trial_id,label\nA,1\nB,5\n"), n_classes=2, max_bytes=10_000)


def test_messages_are_translated_in_the_language_they_are_read_in():
    with pytest.raises(ValidationError) as caught:
        read(b"trial_id,label\nT999,1\n")
    with translation.override("zh-hans"):
        assert "T999" in caught.value.messages[0] and "is not a trial" not in caught.value.messages[0]
    with translation.override("en"):  # the same refusal, read by an English page (or a worker writing both)
        assert caught.value.messages[0] == "Line 2: trial T999 is not a trial of this task."
