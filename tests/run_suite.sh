#!/usr/bin/env bash
# `make test`'s pytest runs: the fast outage drills (tests/drills/) in the background, the rest of
# the suite in the foreground, then the drills' output; fails when either fails.
#
# The drills' processes are their own (a private PostgreSQL cluster, a redis-server per role,
# gunicorn, Celery, an SMTP sink, a proxy in front of the shared Elasticsearch-API server with a
# per-drill index prefix), so they share nothing but that server and the machine with the suite.
# They mostly wait (for an outage, a restart, a worker to settle): alongside the suite they cost
# it about a tenth of its time and save their own, about six minutes on a 2-CPU machine.
# DRILLS_ALONGSIDE=0 runs them afterwards, alone, as before.
#
# Usage: tests/run_suite.sh PYTHON WORKERS [pytest arguments for the suite...]
set -uo pipefail
cd "$(dirname "$0")/.."

python=$1 workers=$2
shift 2
log=var/drills/run.log
mkdir -p "$(dirname "$log")"

drills() { "$python" -m pytest -p no:cacheprovider tests/drills; }
suite() {
  "$python" -m pytest -n "$workers" --dist loadgroup --no-loadscope-reorder --durations=25 \
    --ignore=tests/drills "$@"
}

if [ "${DRILLS_ALONGSIDE:-1}" = 1 ]; then
  drills >"$log" 2>&1 &
  drills_pid=$!
  # Ctrl-C reaches the drills too (tests/drills/conftest.py listens for it): wait for their teardown.
  trap 'wait "$drills_pid"; exit 130' INT
  trap 'kill -TERM "$drills_pid" 2>/dev/null; wait "$drills_pid"; exit 143' TERM
  suite "$@"
  suite_status=$?
  echo "== the outage drills, run alongside the suite (their output, also in $log)"
  wait "$drills_pid"
  drills_status=$?
  trap - INT TERM
  cat "$log"
else
  suite "$@"
  suite_status=$?
  drills
  drills_status=$?
fi

if [ "$suite_status" != 0 ] || [ "$drills_status" != 0 ]; then
  echo "!! the suite exited with $suite_status, the drills with $drills_status"
  exit 1
fi
