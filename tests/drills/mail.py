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


def expected_and_delivered(emails: list[dict], mails: list[dict]) -> tuple[set[int], set[int]]:
    """The outbox e-mail messages that must have reached the SMTP server, and those that did.

    An effect writing to people (an invitation, a decision) hands each mail to an outbox message
    of its own (``portal.emails``; key ``mail:<effect's id>:…``), scheduled in the effect's own
    transaction: once the effect is done, its mails are those messages (none when what it would
    announce no longer holds), so a done effect is checked through them and a pending one is owed.
    """
    sends = {m["id"] for m in emails if m["effect"] == "portal.send_email"}  # one mail each (account mail too)
    owed = {m["id"] for m in emails if m["effect"] != "portal.send_email" and m["state"] != "done"}
    return sends | owed, outbox_ids(mails)
