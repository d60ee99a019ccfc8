#!/usr/bin/env bash
# Run a command with an Elasticsearch-API server on 127.0.0.1:9200: the one already listening
# (CI's, a developer's real Elasticsearch), else noida-db from the virtualenv (a test stand-in;
# production uses real Elasticsearch 8/9), started here and stopped afterwards. So `make test`
# runs the Elasticsearch tests on a fresh machine too instead of skipping them.
set -uo pipefail
cd "$(dirname "$0")/.."

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

started=0
if ! port_open 9200; then
  echo "== starting the Elasticsearch-API test server (noida-db) on 127.0.0.1:9200"
  .venv/bin/noida-db up --only elasticsearch >/dev/null 2>&1 || true
  started=1
  for _ in $(seq 1 60); do port_open 9200 && break; sleep 1; done
  port_open 9200 || echo "!! noida-db did not start: the Elasticsearch tests will be skipped"
fi
stop() { if [ "$started" = 1 ]; then .venv/bin/noida-db down >/dev/null 2>&1 || true; fi; }
trap stop EXIT

"$@"
