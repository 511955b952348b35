#!/usr/bin/env bash
# Starts or stops the throwaway PostgreSQL cluster of a test run: pg_cluster.sh ACTION DIR PORT.
#   start    a new cluster in DIR (anything there before is removed)
#   stop     stop it and remove DIR
#   crash    stop it the way a crash would (pg_ctl stop -m immediate: no shutdown checkpoint); DIR stays
#   restart  start the cluster kept in DIR again (after crash: the server runs crash recovery)
# PG_CLUSTER_LISTEN=127.0.0.1 adds a TCP listener on PORT, for tests of password authentication and TLS
# settings: over TCP a password is required (scram-sha-256); the socket always trusts.
# PG_CLUSTER_DURABLE=1 keeps fsync, synchronous_commit and full_page_writes on, as production runs them
# (for benchmarks; tests do not need durability).
set -euo pipefail

usage() {
    echo "usage: $0 start|stop|crash|restart DIR PORT" >&2
    exit 2
}

[[ $# -eq 3 ]] || usage
action=$1
dir=$2
port=$3
data=$dir/data
socket=$dir/socket
log=$dir/log

fail() {
    echo "pg_cluster: $*" >&2
    if [[ -f $log ]]; then
        echo "pg_cluster: last lines of $log:" >&2
        tail -n 40 "$log" >&2 || true
    fi
    exit 1
}

find_bindir() {
    local candidate
    if command -v pg_config >/dev/null 2>&1; then
        candidate=$(pg_config --bindir 2>/dev/null || true)
        if [[ -n $candidate && -x $candidate/initdb && -x $candidate/pg_ctl ]]; then
            echo "$candidate"
            return
        fi
    fi
    # Debian keeps the server binaries out of PATH, one directory per major version.
    local best="" best_version=-1 version
    for candidate in /usr/lib/postgresql/*/bin; do
        version=${candidate#/usr/lib/postgresql/}
        version=${version%/bin}
        if [[ $version =~ ^[0-9]+$ && -x $candidate/initdb ]] && ((version > best_version)); then
            best=$candidate
            best_version=$version
        fi
    done
    if [[ -n $best ]]; then
        echo "$best"
        return
    fi
    fail "cannot find the PostgreSQL server binaries (initdb, pg_ctl): install the server package"
}

# initdb refuses to run as root, so as root the cluster belongs to the postgres system user.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

ensure_owner() {
    if [[ $(id -u) -ne 0 ]]; then
        return
    fi
    if ! id -u postgres >/dev/null 2>&1; then
        useradd --system --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin postgres
    fi
}

stop_cluster() {
    local bindir=$1
    if [[ -f $data/postmaster.pid ]]; then
        as_owner "$bindir/pg_ctl" stop -D "$data" -m fast -w >/dev/null 2>&1 ||
            as_owner "$bindir/pg_ctl" stop -D "$data" -m immediate -w >/dev/null 2>&1 || true
    fi
}

start() {
    local bindir
    bindir=$(find_bindir)
    ensure_owner
    # A cluster left by an aborted run: stop it and start from scratch.
    stop_cluster "$bindir"
    rm -rf "$dir"
    mkdir -p "$data" "$socket"
    if [[ $(id -u) -eq 0 ]]; then
        chown -R postgres: "$dir"
    fi
    chmod 700 "$data"
    chmod 755 "$dir" "$socket"

    as_owner "$bindir/initdb" -D "$data" --auth-local=trust --auth-host=scram-sha-256 --username=postgres \
        -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; fail "initdb failed in $data"; }
    launch "$bindir"
}

launch() {
    local bindir=$1
    # No TCP listener unless asked for: the socket directory is private to this run.
    local options="-c listen_addresses='${PG_CLUSTER_LISTEN:-}' -k $socket -p $port -c max_connections=200"
    # Durability is pointless for a cluster deleted at the end of the run.
    if [[ -z ${PG_CLUSTER_DURABLE:-} ]]; then
        options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    as_owner "$bindir/pg_ctl" start -D "$data" -l "$log" -w -t 60 -o "$options" >/dev/null ||
        fail "the server did not start (socket $socket, port $port)"

    as_owner "$bindir/pg_isready" -h "$socket" -p "$port" -t 30 >/dev/null ||
        fail "the server started but does not accept connections on $socket port $port"
    echo "pg_cluster: PostgreSQL ($bindir) running in $dir, socket $socket, port $port"
}

crash() {
    local bindir
    bindir=$(find_bindir)
    as_owner "$bindir/pg_ctl" stop -D "$data" -m immediate -w >/dev/null || fail "pg_ctl stop -m immediate failed"
    echo "pg_cluster: stopped $dir with -m immediate"
}

restart() {
    [[ -d $data ]] || fail "no cluster in $dir to restart"
    launch "$(find_bindir)"
}

stop() {
    local bindir
    bindir=$(find_bindir)
    stop_cluster "$bindir"
    if [[ -f $data/postmaster.pid ]] && as_owner "$bindir/pg_ctl" status -D "$data" >/dev/null 2>&1; then
        fail "the server in $data did not stop"
    fi
    rm -rf "$dir"
    echo "pg_cluster: stopped and removed $dir"
}

case $action in
start) start ;;
stop) stop ;;
crash) crash ;;
restart) restart ;;
*) usage ;;
esac
