#!/usr/bin/env bash
# Sourced by .ci/run: installs Debian's postgresql when missing, starts a
# throwaway server as the postgres user in a temporary directory on a free
# loopback port, creates a database and exports CHECKMAIL_TEST_POSTGRES.
# The server is stopped and its directory removed when the calling shell
# exits (trap). Idempotent and quick when postgresql is installed.

pg_bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

if ! pg_bindir >/dev/null; then
  echo "== installing postgresql (apt-get)"
  if [ "$(id -u)" -ne 0 ]; then
    echo "postgresql is not installed and this is not root: cannot apt-get install it" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
PGBIN=$(pg_bindir)
id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"  # not root: run the server as ourselves
  fi
}

PGTMP=$(mktemp -d /tmp/checkmail-pg.XXXXXX)
chmod 755 "$PGTMP"
[ "$(id -u)" -eq 0 ] && chown postgres "$PGTMP"
PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 54329)
as_pg "$PGBIN/initdb" -D "$PGTMP/data" -U postgres -A trust --no-sync -E UTF8 >"$PGTMP/initdb.log" 2>&1 || { cat "$PGTMP/initdb.log"; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGTMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null \
  || { cat "$PGTMP/server.log"; exit 1; }
stop_postgres() {
  as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PGTMP"
}
trap stop_postgres EXIT
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres checkmail_test
export CHECKMAIL_TEST_POSTGRES="postgres://postgres@127.0.0.1:$PGPORT/checkmail_test?sslmode=disable"
echo "== $("$PGBIN/postgres" --version) on 127.0.0.1:$PGPORT (CHECKMAIL_TEST_POSTGRES)"
