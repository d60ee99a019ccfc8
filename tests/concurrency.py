"""Two actions at once, on PostgreSQL with real transactions and threads (each thread its own connection).

The first action runs in a transaction that stays open (holding its row lock) until the second has
started and is seen waiting for the lock; then the first commits and the second goes on. A test of a
service's lock races two calls and checks that only one took effect.
"""

from __future__ import annotations

import threading
import time

from django.db import connections, transaction
from django.utils import translation


def race(first, second) -> tuple[object, object]:
    """Run ``first`` in a transaction held open while ``second`` starts; the outcome (value or exception) of each."""
    results: dict[str, object] = {}
    locked, release = threading.Event(), threading.Event()

    def run_first():
        try:
            with translation.override("en"), transaction.atomic():
                results["first"] = first()
                locked.set()
                release.wait(10)
        except Exception as exc:  # noqa: BLE001  (reported to the test)
            results["first"] = exc
            locked.set()
        finally:
            connections.close_all()

    def run_second():
        locked.wait(10)
        try:
            with translation.override("en"):
                results["second"] = second()
        except Exception as exc:  # noqa: BLE001
            results["second"] = exc
        finally:
            connections.close_all()

    one, two = threading.Thread(target=run_first), threading.Thread(target=run_second)
    one.start()
    two.start()
    assert locked.wait(10)
    time.sleep(0.5)
    waiting = two.is_alive()  # the second is blocked on the first's lock
    release.set()
    one.join(15)
    two.join(15)
    assert waiting, f"the second action did not wait for the first one's lock: {results}"
    return results["first"], results["second"]
