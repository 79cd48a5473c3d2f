#!/usr/bin/env bash
# What the server tests need: a running PostgreSQL at 127.0.0.1:5432 with a database
# `test` (trust auth), and schemathesis (PyPI) for the OpenAPI fuzz test.
set -euo pipefail
if ! command -v pg_isready >/dev/null; then
  apt-get install -y -qq --no-install-recommends postgresql postgresql-client
fi
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  cluster_version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  pg_ctlcluster --skip-systemctl-redirect "$cluster_version" main start
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
fi
pg_isready -h 127.0.0.1 -p 5432
if ! psql -h 127.0.0.1 -U postgres -d test -Atc 'select 1' >/dev/null 2>&1; then
  psql -h 127.0.0.1 -U postgres -d postgres -c 'CREATE DATABASE test' || true
fi
command -v schemathesis >/dev/null || python3 -m pip install --quiet 'schemathesis==4.*'
schemathesis --version
