#!/bin/bash
# api_report.sh - the indicator, drill-down, report, export and import
# endpoints against a live `lika serve` on the demo ledger
# (tests/api/report_test.py), compared with what the CLI computes.
set -euo pipefail
T=$(mktemp -d)
SERVER_PID=""
cleanup() {
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	rm -rf "$T"
}
trap cleanup EXIT
. "$(dirname "$0")/lib.sh"

DB=$T/lika.db
A=532923101202
B=532923101219
PW=lika-test-2018
lk_run "$LIKA" --db "$DB" demo
check_rc 0 "demo ledger"
printf '%s\n' "$PW" >"$T/pw"
for u in "r-admin --role admin" "r-village --role village --region $A" \
	"r-other --role village --region $B" "r-viewer --role viewer --region $A"; do
	# shellcheck disable=SC2086
	lk_run "$LIKA" --db "$DB" user add $u --password-stdin <"$T/pw"
	check_rc 0 "user add $u"
done
lk_run "$LIKA" --db "$DB" --json indicators --region $A --year 2018
check_rc 0 "indicators from the CLI"
cp "$OUT_FILE" "$T/cli.json"
"$LIKA" --db "$DB" report annual --region $A --year 2018 --out "$T/cli.md"
"$LIKA" --db "$DB" export --out "$T/up" --region $A >/dev/null
hh=$(sed -n 2p "$T/up/households.csv" | cut -d, -f1)
n=$(($(wc -l <"$T/up/households.csv") - 1))
python3 - "$T" "$A" "$B" "$PW" "$hh" "$n" <<'PY'
import json, sys
t, a, b, pw, hh, n = sys.argv[1:]
cli = json.load(open(t + "/cli.json", encoding="utf-8"))
keep = ["households_registered", "people_registered", "households_poor",
        "incidence", "funds_relief", "to_town_km", "team_since",
        "ethnic_groups", "notes_plans"]
json.dump({"accounts": {"admin": "r-admin", "village": "r-village",
                        "village_b": "r-other", "viewer": "r-viewer"},
           "password": pw, "village_a": a, "village_b": b,
           "household_a": hh, "households_a": int(n),
           "cli_values": {i["name"]: i["value"] for i in cli["indicators"]
                          if i["name"] in keep},
           "cli_md": open(t + "/cli.md", encoding="utf-8").read(),
           "upload": {"households": t + "/up/households.csv",
                      "members": t + "/up/members.csv"}},
          open(t + "/fixtures.json", "w", encoding="utf-8"), ensure_ascii=False)
PY

"$LIKA" --db "$DB" serve --listen 127.0.0.1:0 --threads 2 \
	>"$T/serve.out" 2>"$T/serve.err" &
SERVER_PID=$!
url=""
for _ in $(seq 1 300); do
	url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$T/serve.out" || true)
	[ -n "$url" ] && break
	kill -0 "$SERVER_PID" 2>/dev/null || break
	sleep 0.1
done
check_eq yes "$([ -n "$url" ] && echo yes || echo no)" "lika serve prints its address"
sqlite3 "$DB" ".dump household member income status_event" >"$T/before.sql"
lk_run python3 "$LK_SOURCE_DIR/tests/api/report_test.py" "$url" "$T/fixtures.json"
cat "$OUT_FILE" "$ERR_FILE" >&2
check_rc 0 "report API tests: $(tail -n 1 "$OUT_FILE")"
check_out '^[0-9]+ passed, 0 failed$' "every report API check passed"
kill -TERM "$SERVER_PID"
wait "$SERVER_PID" || true
SERVER_PID=""
sqlite3 "$DB" ".dump household member income status_event" >"$T/after.sql"
check_same "$T/before.sql" "$T/after.sql" "rejected and dry-run imports wrote nothing"
check_file_lacks "$T/serve.err" 'ERROR: (Address|Leak)Sanitizer|runtime error' "no sanitizer report from the server"
ls /tmp | grep -q '^lika-import\.' && leftover=yes || leftover=no
check_eq no "$leftover" "no upload left in the temporary directory"
finish
