#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for developing and testing the lake mode (DuckLake catalog).
#
#   scripts/dev_postgres.sh start DIR [PORT]   initdb (first time) + pg_ctl start; prints the settings
#   scripts/dev_postgres.sh stop DIR           pg_ctl stop (the cluster's files stay in DIR)
#   scripts/dev_postgres.sh env DIR            print the ATLAS_LAKE / ATLAS_LAKE_DATA lines again
#
# The cluster lives entirely in DIR (data in DIR/pgdata, socket and log in DIR, lake data files in
# DIR/lake-data), listens on 127.0.0.1:PORT (default 54329) and trusts local connections: it is for
# a developer's machine and CI, not for production (see docs/deployment.md). initdb refuses to run as
# root, so as root the server runs as the `postgres` user that Debian's `postgresql` package creates.
# Needs Debian's `postgresql` (PostgreSQL 15 binaries in /usr/lib/postgresql/15/bin).
set -euo pipefail

command=${1:-}
dir=${2:-}
port=${3:-54329}
if [ -z "$command" ] || [ -z "$dir" ]; then
    sed -n '2,12p' "$0"
    exit 64
fi

bin=${PG_BIN:-}
if [ -z "$bin" ]; then
    for candidate in /usr/lib/postgresql/*/bin; do
        [ -x "$candidate/initdb" ] && bin=$candidate
    done
fi
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "PostgreSQL server binaries not found (apt-get install postgresql, or set PG_BIN)" >&2
    exit 69
fi

as_owner() {
    if [ "$(id -u)" = "0" ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

print_env() {
    local used_port
    used_port=$(cat "$dir/port")
    echo "export ATLAS_LAKE='postgres:dbname=atlas host=127.0.0.1 port=$used_port user=atlas'"
    echo "export ATLAS_LAKE_DATA='$dir/lake-data/'"
}

case "$command" in
start)
    mkdir -p "$dir/lake-data"
    dir=$(cd "$dir" && pwd)
    if [ "$(id -u)" = "0" ]; then
        chown postgres "$dir"
    fi
    if [ ! -f "$dir/pgdata/PG_VERSION" ]; then
        as_owner "$bin/initdb" --pgdata="$dir/pgdata" --username=atlas --auth=trust --encoding=UTF8 \
            --locale=C.UTF-8 >"$dir/initdb.log"
        echo "$port" >"$dir/port"
        chown "$(stat -c %u "$dir")" "$dir/port" 2>/dev/null || true
    fi
    used_port=$(cat "$dir/port")
    if ! as_owner "$bin/pg_ctl" --pgdata="$dir/pgdata" status >/dev/null 2>&1; then
        as_owner "$bin/pg_ctl" --pgdata="$dir/pgdata" --log="$dir/postgres.log" --wait \
            --options="-c listen_addresses=127.0.0.1 -c port=$used_port -c unix_socket_directories='$dir' \
-c max_connections=200 -c fsync=on" start >/dev/null
    fi
    if ! "$bin/psql" -h 127.0.0.1 -p "$used_port" -U atlas -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'atlas'" | grep -q 1; then
        "$bin/createdb" -h 127.0.0.1 -p "$used_port" -U atlas atlas
    fi
    print_env
    ;;
stop)
    dir=$(cd "$dir" && pwd)
    as_owner "$bin/pg_ctl" --pgdata="$dir/pgdata" --mode=fast --wait stop >/dev/null
    ;;
env)
    dir=$(cd "$dir" && pwd)
    print_env
    ;;
*)
    echo "unknown command: $command (start, stop, env)" >&2
    exit 64
    ;;
esac
