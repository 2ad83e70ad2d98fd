#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on 127.0.0.1 for the `postgres` tests.
#
#   eval "$(bash .ci/postgres.sh)"     # sets SITREPS_TEST_PG (and SITREPS_TEST_PG_DIR)
#   ... run pytest ...
#   "$SITREPS_TEST_PG_BIN/pg_ctl" -D "$SITREPS_TEST_PG_DIR/data" stop   # optional; the cluster lives in a temp dir
#
# Only the export lines go to stdout; everything else goes to stderr.
set -euo pipefail

find_bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

bindir=$(find_bindir || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "postgres.sh: installing postgresql" >&2
  {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql
  } >&2
  bindir=$(find_bindir)
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/sitreps-pg.XXXXXX")
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# initdb refuses to run as root: run the server as the `postgres` user then.
run_as=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  run_as=(runuser -u postgres --)
fi

"${run_as[@]}" "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >&2
"${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c max_connections=50" start >&2
"${run_as[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres sitreps_test >&2

echo "export SITREPS_TEST_PG=postgresql://postgres@127.0.0.1:$port/sitreps_test"
echo "export SITREPS_TEST_PG_DIR=$dir"
echo "export SITREPS_TEST_PG_BIN=$bindir"
