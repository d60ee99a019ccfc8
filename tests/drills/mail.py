"""Reading what the drills' SMTP server received (tests/drills/smtp_sink.py)."""

from __future__ import annotations

from collections import Counter
from email import message_from_bytes, policy
from pathlib import Path


def read_mails(folder: Path) -> list[dict]:
    mails = []
    for path in sorted(folder.glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        mails.append(
            {
                "message_id": str(message.get("Message-ID", "")).strip(),
                "rcpt": [str(r) for r in message.get_all("X-Drill-Rcpt", [])],
                "subject": str(message.get("Subject", "")),
                "file": path.name,
            }
        )
    return mails


def duplicates(mails: list[dict]) -> dict[str, int]:
    """(Message-ID, recipient) pairs delivered more than once."""
    counts = Counter((mail["message_id"], rcpt) for mail in mails for rcpt in mail["rcpt"])
    return {f"{mid} -> {rcpt}": n for (mid, rcpt), n in counts.items() if n > 1}


def outbox_ids(mails: list[dict]) -> set[int]:
    """The outbox message ids in the Message-IDs (``<outbox-<pk>-<time>@host>``, portal.outbox.message_id_for)."""
    found = set()
    for mail in mails:
        mid = mail["message_id"].strip("<>")
        if mid.startswith("outbox-"):
            found.add(int(mid.split("-")[1]))
    return found
