"""Demo organisations (``content/organisations.toml``): at least two of every kind, fictional, bilingual.

Most are verified (as of the file's ``verified_at``); the others await verification, so
staff have something to verify in the admin. Later loaders find them by slug
(``context.organisation``).
"""

from portal.demo.data import CONTENT, load_records, read
from portal.demo.registry import DemoContext
from portal.organisations import cities
from portal.organisations.models import Organisation, VerificationStatus

DATA = read(CONTENT / "organisations.toml")
ORGANISATIONS = DATA["organisations"]
PENDING_NOTE = "演示：等待联盟秘书处核验营业执照。/ Demo: awaiting verification."


def load(context: DemoContext) -> None:
    load_records(context, Organisation, [_row(record) for record in ORGANISATIONS], kind="organisation")


def _row(record: dict) -> dict:
    verified = record["verified"]
    return {name: value for name, value in record.items() if name != "verified"} | {
        "website": f"https://{record['slug']}.example",
        **cities.both("上海"),
        "verification_status": VerificationStatus.VERIFIED if verified else VerificationStatus.PENDING,
        "verified_at": DATA["verified_at"] if verified else None,
        "verification_note": "" if verified else PENDING_NOTE,
    }
