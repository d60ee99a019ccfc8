"""The embedded default's SQLite takes concurrent submits (issue #11, finding 6).

``make run`` serves requests in threads on one SQLite file. With SQLite's defaults two
transactions that read and then write at the same moment fail with "database is locked"
(a deferred transaction that has read cannot wait for another writer). ``portal.settings.dev``
turns on WAL and IMMEDIATE transactions with a busy timeout; this drill runs Django's own
``transaction.atomic`` from many threads against a file database under those settings.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A fresh interpreter on portal.settings.dev, its database moved to a temporary file.
DRILL = """
import json, sys, threading, time
from portal.settings import dev
dev.DATABASES["default"]["NAME"] = sys.argv[1]
import django
django.setup()
from django.db import connection, connections, transaction

THREADS, ROUNDS = 8, 5
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE drafts (id INTEGER PRIMARY KEY, author INTEGER, n INTEGER)")
    journal_mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
connection.close()

errors = []
start = threading.Barrier(THREADS + 1)

def submit(author):
    start.wait()
    try:
        for _ in range(ROUNDS):
            # What a form submit does: read (permissions, the next number), then write.
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM drafts WHERE author = %s", [author])
                count = cursor.fetchone()[0]
                time.sleep(0.01)
                cursor.execute("INSERT INTO drafts (author, n) VALUES (%s, %s)", [author, count + 1])
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        connections.close_all()

def read():
    start.wait()
    try:
        for _ in range(ROUNDS * 4):
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM drafts")
            time.sleep(0.005)
    except Exception as exc:
        errors.append(f"reader {type(exc).__name__}: {exc}")
    finally:
        connections.close_all()

threads = [threading.Thread(target=submit, args=(n,)) for n in range(THREADS)]
threads += [threading.Thread(target=read)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    rows = cursor.execute("SELECT COUNT(*) FROM drafts").fetchone()[0]
    numbered = cursor.execute("SELECT COUNT(DISTINCT author || '-' || n) FROM drafts").fetchone()[0]
print(json.dumps({"journal_mode": journal_mode, "errors": errors, "rows": rows, "numbered": numbered,
                  "expected": THREADS * ROUNDS}))
"""


def test_dev_settings_use_wal_immediate_transactions_and_a_busy_timeout():
    from portal.settings import dev

    options = dev.DATABASES["default"]["OPTIONS"]
    assert "journal_mode=WAL" in options["init_command"].replace(" ", "")
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5


def test_concurrent_read_then_write_transactions_on_the_dev_sqlite_file(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.dev"}
    result = subprocess.run(
        [sys.executable, "-c", DRILL, str(tmp_path / "dev.sqlite3")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == []
    assert outcome["journal_mode"] == "wal"
    assert outcome["rows"] == outcome["expected"]
    # Each writer saw its own earlier rows: no two drafts got the same number.
    assert outcome["numbered"] == outcome["expected"]
