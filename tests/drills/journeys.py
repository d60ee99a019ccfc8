"""What the drills' visitors do over HTTP: the public journeys, a sign-in, staff decisions, member edits."""

from __future__ import annotations

import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from tests.drills.browser import Browser, form_posting_here, form_with, replace


@dataclass
class Tally:
    """Statuses seen (0: no HTTP answer at all), and the requests that answered 5xx."""

    statuses: Counter = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, what: str, response) -> None:
        with self.lock:
            self.statuses[response.status] += 1
            if response.status >= 500 or response.status == 0:
                self.server_errors.append(f"{what}: {response.status} {response.error}".strip())

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    def count_5xx(self, *, besides: tuple[int, ...] = ()) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500 and status not in besides)

    def summary(self) -> dict[str, int]:
        return {str(status): n for status, n in sorted(self.statuses.items())}


def walk(browser: Browser, paths: list[str], tally: Tally) -> None:
    for path in paths:
        tally.add(f"GET {path}", browser.get(path))


def sign_in(port: int, email: str, password: str, tally: Tally) -> Browser:
    """allauth's login form, as a visitor fills it in; the browser keeps the session."""
    browser = Browser(port)
    page = browser.get("/zh-hans/accounts/login/")
    tally.add("GET login", page)
    response = browser.post("/zh-hans/accounts/login/", {"login": email, "password": password})
    tally.add("POST login", response)
    if response.status == 302:
        tally.add("GET dashboard", browser.get(response.header("location")))
    return browser


def signed_in(port: int, sessionid: str) -> Browser:
    return Browser(port, cookies={"sessionid": sessionid})


def staff_decision(browser: Browser, pk: int, decision: str, tally: Tally, *, reason: str = "") -> int:
    """A staff decision in the admin (products: approve / reject / unpublish), as the form posts it."""
    path = f"/admin/products/review/{pk}/{decision}/"
    page = browser.get(path)
    tally.add(f"GET {path}", page)
    if page.status != 200:
        return page.status
    # approve/reject carry the reviewed revision (hidden); unpublish has no pinned revision
    fields = form_posting_here(page.text)
    response = browser.post(path, replace(fields, reason=reason) if reason else fields)
    tally.add(f"POST {path}", response)
    return response.status


def edit_product(browser: Browser, pk: int, tally: Tally, **changes) -> int:
    """A member's edit of a product through the dashboard form (every field as loaded, ``changes`` applied)."""
    path = f"/zh-hans/dashboard/products/{pk}/edit/"
    page = browser.get(path)
    tally.add(f"GET {path}", page)
    if page.status != 200:
        return page.status
    fields = form_with(page.text, "name_zh")
    response = browser.post(path, replace(fields, **changes))
    tally.add(f"POST {path}", response)
    return response.status


def submit_product(browser: Browser, pk: int, tally: Tally) -> int:
    path = f"/zh-hans/dashboard/products/{pk}/submit/"
    response = browser.post(path, {})
    tally.add(f"POST {path}", response)
    return response.status


def until(seconds: float, step) -> int:
    """Call ``step()`` repeatedly for ``seconds``; returns how many times it ran."""
    deadline = time.monotonic() + seconds
    rounds = 0
    while time.monotonic() < deadline:
        step()
        rounds += 1
    return rounds


#: The product form's fields (as tests/catalog/test_media_views.py fills them).
PRODUCT_FIELDS = {
    "name_zh": "演练专注力脑电头环",
    "name_en": "Drill focus EEG headband",
    "model_number": "DR-2",
    "summary_zh": "演练：课堂专注度监测。",
    "bci_type": "non_invasive",
    "signal_modality": "eeg",
    "electrode_type": "dry",
    "functions": "state_monitoring",
    "application_fields": "education",
    "regulatory_class": "non_medical",
    "channels": "4",
}


def create_product(browser: Browser, organisation_pk: int, tally: Tally, n: int = 0, files: dict | None = None):
    """A member's "add a product" form, as loaded (its one-time token) and filled in."""
    path = f"/zh-hans/dashboard/organisations/{organisation_pk}/products/new/"
    page = browser.get(path)
    tally.add(f"GET {path}", page)
    if page.status != 200:
        return page
    fields = replace(form_with(page.text, "creation_token"), **{**PRODUCT_FIELDS, "model_number": f"DR-{n}"})
    if files:
        count = len(files)  # one image row per file: images-<n>-file
        fields = replace(fields, **{"images-TOTAL_FORMS": str(count)})
        fields += [(f"images-{i}-alt_zh", f"图{i}") for i in range(count)]
    response = browser.post(path, fields, files=files)
    tally.add(f"POST {path}", response)
    return response


def create_case(browser: Browser, organisation_pk: int, tally: Tally, n: int = 0):
    """The "new case" form's first step (the draft is created with it, in one transaction)."""
    path = f"/zh-hans/dashboard/organisations/{organisation_pk}/cases/new/"
    page = browser.get(path)
    tally.add(f"GET {path}", page)
    if page.status != 200:
        return page
    fields = replace(
        form_with(page.text, "creation_token"),
        title=f"演练病例{n}",
        summary="演练病例摘要",
        bci_type="invasive",
        approach="ecog",
    )
    response = browser.post(path, fields)
    tally.add(f"POST {path}", response)
    return response
