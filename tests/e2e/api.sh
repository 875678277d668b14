#!/bin/bash
# api.sh - the HTTP API against a live `lika serve` on a demo ledger: an
# account of every role, then tests/api/api_test.py drives every endpoint
# (success, bad bodies, 401, 403 CSRF, region scope, masking, 429, 413,
# 431, static files) and validates each response against
# docs/openapi.json; it ends with SIGTERM while a slow request is in
# flight, and this script checks the server answered it and stopped
# cleanly.
set -euo pipefail
T=$(mktemp -d)
SERVER_PID=""
cleanup() {
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	[ -n "${KEEP:-}" ] && echo "kept $T" >&2 || rm -rf "$T"
}
trap cleanup EXIT
. "$(dirname "$0")/lib.sh"

DB=$T/lika.db
A=532923101202 # the demo village
B=532923101219 # another village of its town
PW=lika-test-2018
MAX_BODY=65536
TIMEOUT=10
MAX_CONN=8

lk_run "$LIKA" --db "$DB" demo
check_rc 0 "demo ledger"
printf '%s\n' "$PW" >"$T/pw"
cadre_name=$(sqlite3 "$DB" "SELECT name FROM cadre WHERE id = (SELECT cadre_id
	FROM pairing WHERE end_date IS NULL GROUP BY cadre_id ORDER BY cadre_id LIMIT 1)")
cadre_id=$(sqlite3 "$DB" "SELECT id FROM cadre WHERE name = '$cadre_name'")
add_user() {
	lk_run "$LIKA" --db "$DB" user add "$@" --password-stdin <"$T/pw"
	check_rc 0 "user add $*"
}
add_user t-admin --role admin
add_user t-county --role county --region 532923
add_user t-town --role town --region 532923101
add_user t-village --role village --region $A
add_user t-village-b --role village --region $B
add_user t-helper --role helper --region $A --cadre "$cadre_name"
add_user t-viewer --role viewer --region $A
# refused on the command line
lk_run "$LIKA" --db "$DB" user add t-bad --role village --region 532923 --password-stdin <"$T/pw"
check_rc 2 "a village account on a county: invalid"
check_err 'needs a region of that level' "message names the level"
lk_run "$LIKA" --db "$DB" user add t-bad --role helper --region $A --cadre nobody --password-stdin <"$T/pw"
check_rc 2 "a helper of an unknown cadre: invalid"
echo short >"$T/short"
lk_run "$LIKA" --db "$DB" user add t-bad --role viewer --region $A --password-stdin <"$T/short"
check_rc 2 "a short password: invalid"
lk_run "$LIKA" --db "$DB" --json user list
check_json_eq 'd["count"]' 7 "user list --json"
check_json_eq '[u["role"] for u in d["users"] if u["name"] == "t-helper"]' '["helper"]' "helper listed"
lk_run "$LIKA" --db "$DB" user disable t-nobody
check_rc 3 "disable an unknown account: not found"

paired=$(sqlite3 "$DB" "SELECT h.household_no FROM household h JOIN pairing p ON
	p.household_id = h.id WHERE p.cadre_id = $cadre_id AND p.end_date IS NULL
	ORDER BY 1 LIMIT 1")
paired_count=$(sqlite3 "$DB" "SELECT count(DISTINCT household_id) FROM pairing
	WHERE cadre_id = $cadre_id AND end_date IS NULL")
unpaired=$(sqlite3 "$DB" "SELECT household_no FROM household WHERE id NOT IN
	(SELECT household_id FROM pairing WHERE cadre_id = $cadre_id) ORDER BY 1 LIMIT 1")
hh_a=$(sqlite3 "$DB" "SELECT household_no FROM household WHERE phone IS NOT NULL
	AND status = 'poor' ORDER BY 1 LIMIT 1")
n_a=$(sqlite3 "$DB" "SELECT count(*) FROM household WHERE village_code = '$A'")
cat >"$T/fixtures.json" <<JSON
{"admin": "t-admin", "county": "t-county", "town": "t-town",
 "village": "t-village", "village_b": "t-village-b", "helper": "t-helper",
 "viewer": "t-viewer", "password": "$PW",
 "village_a": "$A", "village_b_code": "$B", "household_a": "$hh_a",
 "households_a": $n_a, "paired": "$paired", "paired_count": $paired_count,
 "unpaired": "$unpaired", "max_body": $MAX_BODY, "timeout": $TIMEOUT,
 "max_conn": $MAX_CONN,
 "ids": ["$(lk_id 53292319800101001)", "$(lk_id 53292320100101001)",
         "$(lk_id 53292320120101002)", "$(lk_id 53292319900101003)",
         "$(lk_id 53292319910101004)"]}
JSON

"$LIKA" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 --max-body $MAX_BODY \
	--timeout $TIMEOUT --max-connections $MAX_CONN \
	--access-log "$T/access.log" >"$T/serve.out" 2>"$T/serve.err" &
SERVER_PID=$!
url=""
for _ in $(seq 1 300); do
	url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$T/serve.out" || true)
	[ -n "$url" ] && break
	kill -0 "$SERVER_PID" 2>/dev/null || break
	sleep 0.1
done
check_eq yes "$([ -n "$url" ] && echo yes || echo no)" "lika serve prints its address"

lk_run python3 "$LK_SOURCE_DIR/tests/api/api_test.py" "$url" "$DB" "$SERVER_PID" "$T/fixtures.json"
cat "$OUT_FILE" "$ERR_FILE" >&2
check_rc 0 "API tests: $(tail -n 1 "$OUT_FILE")"
check_out '^[0-9]+ passed, 0 failed$' "every API check passed"

# the server stops by itself after SIGTERM (sent by the python script)
set +e
for _ in $(seq 1 300); do
	kill -0 "$SERVER_PID" 2>/dev/null || break
	sleep 0.1
done
wait "$SERVER_PID"
src=$?
set -e
SERVER_PID=""
check_eq 0 "$src" "lika serve exits 0 after SIGTERM"
check_file_lacks "$T/serve.err" 'ERROR: (Address|Leak)Sanitizer|runtime error' "no sanitizer report from the server"
check_file_has "$T/access.log" ' t-admin POST /api/login 200 [0-9]+ [0-9]+$' "access log line of the last request"
check_file_has "$T/access.log" ' - GET /api/me 401 ' "access log of an anonymous call"
finish
