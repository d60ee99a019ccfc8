#!/usr/bin/env bash
# `make test`'s pytest runs: the fast outage drills (tests/drills/) in the background, the rest of
# the suite in the foreground, then the drills' output; fails when either fails.
#
# The drills' processes are their own (a private PostgreSQL cluster, a redis-server per role,
# gunicorn, Celery, an SMTP sink) and so is, here, their Elasticsearch-API server: a second
# noida-db on a free port, so that their searches do not queue behind the suite's index rebuilds.
# They mostly wait (for an outage, a restart, a worker to settle): alongside the suite they cost
# it little and save their own six minutes on a 2-CPU machine. A drill that fails alongside the
# suite is run again alone afterwards, and that run decides: a drill holds production's
# 2-second search timeout, which a starved machine can exceed without anything being wrong.
# DRILLS_ALONGSIDE=0 runs them afterwards, alone, as before.
#
# Usage: tests/run_suite.sh PYTHON WORKERS [pytest arguments for the suite...]
set -uo pipefail
cd "$(dirname "$0")/.."

python=$1 workers=$2
shift 2
bin=$(dirname "$python")
log=var/drills/run.log
noida_dir=var/drills/noida-db
mkdir -p "$noida_dir"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

drills() { "$python" -m pytest -p no:cacheprovider "${@:-tests/drills}"; }
suite() {
  "$python" -m pytest -n "$workers" --dist loadgroup --no-loadscope-reorder --durations=25 \
    --ignore=tests/drills "$@"
}

# The drills' own Elasticsearch-API server; unset when it does not start (they use 127.0.0.1:9200).
own_search_engine() {
  local port
  port=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$bin/noida-db" up --data-dir "$noida_dir" --only elasticsearch --elasticsearch-port "$port" >/dev/null 2>&1
  for _ in $(seq 1 30); do port_open "$port" && break; sleep 1; done
  if port_open "$port"; then echo "127.0.0.1:$port"; fi
}
stop_own_search_engine() { "$bin/noida-db" down --data-dir "$noida_dir" >/dev/null 2>&1 || true; }

if [ "${DRILLS_ALONGSIDE:-1}" = 1 ]; then
  search=$(own_search_engine)
  trap stop_own_search_engine EXIT
  (
    if [ -n "$search" ]; then export DRILL_ELASTICSEARCH="$search"; fi
    drills
  ) >"$log" 2>&1 &
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
  failed=$(sed -n 's/^FAILED \(tests\/drills\/[^ ]*\).*/\1/p' "$log" | sort -u)
  if [ "$drills_status" != 0 ] && [ -n "$failed" ]; then
    echo "== the drills that failed alongside the suite, again alone:" $failed
    # shellcheck disable=SC2086 # one node id per word
    DRILL_ELASTICSEARCH=${search:-127.0.0.1:9200} drills $failed
    drills_status=$?
  fi
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
