#!/bin/bash
# browser.sh - the web UI in a real browser: builds a demo ledger, creates
# accounts, starts `lika serve` on 127.0.0.1 with the web/ directory, and
# runs the playwright-core scenarios of tests/browser/*.test.mjs against it
# in Debian's chromium.  Screenshots of every page go to
# $LK_OUTPUT/screenshots (default: test-output/screenshots under the
# directory ctest runs in); the path is printed.
set -euo pipefail
T=$(mktemp -d)
SERVER_PID=
cleanup() {
	if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
		kill -TERM "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	rm -rf "$T"
}
trap cleanup EXIT
. "$(dirname "$0")/lib.sh"

: "${LK_NODE_MODULES:=$LK_SOURCE_DIR/node_modules}"
CHROMIUM=${LK_CHROMIUM:-/usr/bin/chromium}
for need in node "$CHROMIUM"; do
	if ! command -v "$need" >/dev/null; then
		fail "browser tests need $need" "$need installed (scripts/setup.sh)" "missing"
		finish
	fi
done
if [ ! -f "$LK_NODE_MODULES/playwright-core/package.json" ]; then
	fail "browser tests need playwright-core" "$LK_NODE_MODULES/playwright-core (npm ci)" "missing"
	finish
fi

OUT=${LK_OUTPUT:-$PWD/test-output}
SHOTS="$OUT/screenshots"
mkdir -p "$SHOTS"
rm -f "$SHOTS"/*.png "$OUT"/browser-downloads/* 2>/dev/null || true

DB="$T/web.db"
lk_run "$LIKA" --db "$DB" demo
check_rc 0 "demo ledger"
VILLAGE=532923101202
OTHER_VILLAGE=532923101001
OTHER_NO=5329231010010901
OTHER_HEAD=欧阳外村
# A household of another village of the same town, for the refusal test.
lk_run "$LIKA" --db "$DB" household add --no "$OTHER_NO" --village "$OTHER_VILLAGE" \
	--head-name "$OTHER_HEAD" --head-id "$(lk_id 53292319800101002)" --status 一般农户
check_rc 0 "a household of another village"

# Accounts: one per role the scenarios use (passwords are test values).
PW=browser-test-pw-1
add_user() { # NAME ROLE REGION
	lk_run sh -c 'printf "%s\n%s\n" "$1" "$1" | "$2" --db "$3" user add "$4" --role "$5" --region "$6" --password-stdin' \
		sh "$PW" "$LIKA" "$DB" "$1" "$2" "$3"
	check_rc 0 "user add $1 ($2 of $3)"
}
add_user clerk village "$VILLAGE"
add_user county county 532923
add_user admin admin 53
add_user viewer viewer "$VILLAGE"

# A free port: bind 0 in python, then let lika take it.
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
BASE="http://127.0.0.1:$PORT"
"$LIKA" --db "$DB" serve --listen "127.0.0.1:$PORT" --static "$LK_SOURCE_DIR/web" \
	>"$T/serve.out" 2>"$T/serve.err" &
SERVER_PID=$!
up=0
for _ in $(seq 1 100); do
	if curl -s -o /dev/null "$BASE/api/me"; then
		up=1
		break
	fi
	if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
	sleep 0.1
done
if [ "$up" != 1 ]; then
	fail "lika serve starts on $BASE" "an answer to /api/me" "$(head -c 600 "$T/serve.err")"
	finish
fi
pass

export LK_BASE="$BASE" LK_SHOTS="$SHOTS" LK_DOWNLOADS="$OUT/browser-downloads"
export LK_CHROMIUM="$CHROMIUM" LK_NODE_MODULES
export LK_USER_VILLAGE=clerk LK_USER_COUNTY=county LK_USER_ADMIN=admin LK_USER_VIEWER=viewer LK_PASSWORD="$PW"
export LK_VILLAGE="$VILLAGE" LK_OTHER_NO="$OTHER_NO" LK_OTHER_HEAD="$OTHER_HEAD"

for f in "$LK_SOURCE_DIR"/tests/browser/*.test.mjs; do
	name=$(basename "$f")
	set +e
	node --test --test-reporter=spec "$f" >"$T/node.out" 2>&1
	rc=$?
	set -e
	sed "s/^/  [$name] /" "$T/node.out"
	if [ "$rc" != 0 ]; then
		fail "browser scenarios of $name" "all pass" "exit $rc (see the lines above)"
	elif ! grep -q 'skipped 0$' "$T/node.out"; then
		fail "browser scenarios of $name" "none skipped" "$(grep 'skipped' "$T/node.out")"
	else
		pass
	fi
done

if kill -0 "$SERVER_PID" 2>/dev/null; then
	pass
	kill -TERM "$SERVER_PID"
	set +e
	wait "$SERVER_PID"
	rc=$?
	set -e
	SERVER_PID=
	check_eq 0 "$rc" "lika serve stops cleanly on SIGTERM"
else
	fail "lika serve still running after the scenarios" "running" "$(tail -c 600 "$T/serve.err")"
fi
check_eq 0 "$(grep -cE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$T/serve.err" || true)" \
	"no sanitizer report from lika serve"
echo "screenshots: $SHOTS ($(ls "$SHOTS" | wc -l) files)"
finish
