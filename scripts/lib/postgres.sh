# A throw-away PostgreSQL server for the checks: Debian's server binaries, a temporary data
# directory, loopback only, trust authentication, no fsync. Sourced after common.sh.
#   start_postgres       installs the server when missing, starts it; sets PGHOST, PGPORT, PGUSER
#   stop_postgres        stops it and removes its directory (call from the EXIT trap)
#   pg_load_csv TABLE CSV [DELIMITER]   creates TABLE with one text column per header field (a
#                        repeated name renamed `NAME (2)`, as export-sql's DuckDB read_csv does) and copies the rows
#   pg_copy_out SQLFILE OUT.csv   runs the query in SQLFILE and writes its result as CSV with a header
# initdb refuses to run as root: as root, the server runs as the unprivileged `postgres` user
# the Debian package creates (through runuser); otherwise as the current user.

PG_DIR=""
start_postgres() {
    ensure_apt postgresql
    local bin
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -x "$bin/initdb" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
    PG_BIN="$bin"
    PG_DIR="$(mktemp -d -t ar-segment-pg.XXXXXX)"
    PG_AS=()
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' user (created by the postgresql package)"
        chown postgres "$PG_DIR"
        PG_AS=(runuser -u postgres --)
    fi
    PGPORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U ar -A trust -E UTF8 --locale=C.UTF-8 --no-sync >"$PG_DIR/initdb.log" 2>&1 \
        || { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
        -o "-p $PGPORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
        start >/dev/null || { cat "$PG_DIR/server.log" >&2; die "PostgreSQL did not start"; }
    export PGHOST=127.0.0.1 PGPORT PGUSER=ar PGDATABASE=postgres PGOPTIONS="-c client_min_messages=warning"
    log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT ($PG_DIR)"
}

stop_postgres() {
    [ -n "$PG_DIR" ] || return 0
    "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
    PG_DIR=""
}

pg_psql() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

pg_load_csv() {
    local table="$1" file="$2" delimiter="${3:-,}" columns
    columns="$(python3 -c 'import csv, sys
seen = {}
names = []
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    for c in next(csv.reader(f, delimiter=sys.argv[2])):
        seen[c] = seen.get(c, 0) + 1
        names.append(c if seen[c] == 1 else f"{c} ({seen[c]})")
print(", ".join("\"" + c.replace("\"", "\"\"") + "\" text" for c in names))' "$file" "$delimiter")"
    pg_psql -c "DROP TABLE IF EXISTS $table" -c "CREATE TABLE $table ($columns)"
    pg_psql -c "\\copy $table FROM '$file' WITH (FORMAT csv, HEADER true, DELIMITER '$delimiter')"
}

pg_copy_out() {
    local query
    query="$(sed -e 's/;[[:space:]]*$//' "$1")"
    pg_psql -c "COPY ($query) TO STDOUT WITH (FORMAT csv, HEADER true)" >"$2"
}
