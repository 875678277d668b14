# lib.sh - shared helpers of the end-to-end tests (sourced by each script).
#
# A script does:
#     set -euo pipefail
#     T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
#     . "$(dirname "$0")/lib.sh"
#     ...
#     lk_run "$LIKA" --db "$T/x.db" household list
#     check_rc 0 "household list"
#     check_out '张三' "list shows the head"
#     ...
#     finish
#
# lk_run runs a command without stopping the script, keeping its exit code
# in $RC, stdout in $OUT_FILE and stderr in $ERR_FILE (inside $LK_TMP = $T/.lib),
# and counts a failure if a sanitizer reported something.  The check_*
# functions count a pass or a failure; a failure prints what was expected
# and what was seen.  JSON checks (check_json, check_json_eq) are evaluated
# together by finish, which prints "N passed, M failed" and exits non-zero
# when anything failed.  Fixture files are in $E2E_DATA (tests/data/e2e).
#
# CMake registers every tests/e2e/*.sh but this one as a test.  Run on its
# own (LIKA=build/lika bash tests/e2e/lib.sh) it tests its own helpers.

: "${LIKA:?LIKA must name the lika binary}"
: "${LK_SOURCE_DIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
E2E_DATA="$LK_SOURCE_DIR/tests/data/e2e"

# A known environment: English messages, no ledger or user from outside,
# byte-wise text tools (the C locale exists everywhere).
export LIKA_LANG=en LC_ALL=C
unset LIKA_DB LIKA_USER LANG
# Sanitizer reports must not pass for lika's own exit codes (1 = usage).
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=86"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}exitcode=87:print_stacktrace=1"

if [ "${BASH_SOURCE[0]}" = "$0" ]; then # self-test: our own temp dir
	T=$(mktemp -d)
	trap 'rm -rf "$T"' EXIT
fi
: "${T:?set T to a temp dir before sourcing lib.sh}"

PASSED=0
FAILED=0
RC=0
LK_TMP="$T/.lib"
mkdir -p "$LK_TMP"
OUT_FILE="$LK_TMP/stdout"
ERR_FILE="$LK_TMP/stderr"
: >"$OUT_FILE"
: >"$ERR_FILE"
LK_LAST_CMD=""
LK_NRUN=0 # lk_run count (JSON checks keep one copy of each stdout)

pass() { PASSED=$((PASSED + 1)); }

# fail DESC EXPECTED ACTUAL
fail() {
	FAILED=$((FAILED + 1))
	{
		echo "FAIL: $1"
		echo "  expected: $2"
		echo "  actual:   $3"
		if [ -n "$LK_LAST_CMD" ]; then
			echo "  last command: $LK_LAST_CMD (exit $RC)"
			echo "  --- stdout (first 20 lines)"
			head -n 20 "$OUT_FILE" | sed 's/^/  | /'
			echo "  --- stderr (first 20 lines)"
			head -n 20 "$ERR_FILE" | sed 's/^/  | /'
		fi
	} >&2
}

# lk_run CMD [ARGS...]: runs CMD, never stopping the script.
lk_run() {
	LK_LAST_CMD="$*"
	LK_NRUN=$((LK_NRUN + 1))
	set +e
	"$@" >"$OUT_FILE" 2>"$ERR_FILE"
	RC=$?
	set -e
	if [ "$RC" = 86 ] || [ "$RC" = 87 ] ||
		grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$ERR_FILE"; then
		fail "no sanitizer report from: $*" "a clean run" \
			"$(grep -m1 -E 'Sanitizer|runtime error' "$ERR_FILE")"
	fi
	return 0
}

# check_rc EXPECTED DESC
check_rc() {
	if [ "$RC" = "$1" ]; then pass; else fail "$2" "exit code $1" "exit code $RC"; fi
}

# check_eq EXPECTED ACTUAL DESC
check_eq() {
	if [ "$1" = "$2" ]; then pass; else fail "$3" "$1" "$2"; fi
}

# check_out REGEX DESC: stdout matches (grep -E).
check_out() {
	if grep -qE -- "$1" "$OUT_FILE"; then pass; else
		fail "$2" "stdout matching /$1/" "$(head -c 600 "$OUT_FILE")"
	fi
}
check_no_out() {
	if ! grep -qE -- "$1" "$OUT_FILE"; then pass; else
		fail "$2" "stdout not matching /$1/" "$(grep -m3 -E -- "$1" "$OUT_FILE")"
	fi
}
# check_err REGEX DESC: stderr matches.
check_err() {
	if grep -qE -- "$1" "$ERR_FILE"; then pass; else
		fail "$2" "stderr matching /$1/" "$(head -c 600 "$ERR_FILE")"
	fi
}
check_no_err() {
	if ! grep -qE -- "$1" "$ERR_FILE"; then pass; else
		fail "$2" "stderr not matching /$1/" "$(grep -m3 -E -- "$1" "$ERR_FILE")"
	fi
}
# check_file_has FILE REGEX DESC
check_file_has() {
	if [ -f "$1" ] && grep -qE -- "$2" "$1"; then pass; else
		fail "$3" "$1 matching /$2/" \
			"$( [ -f "$1" ] && head -c 600 "$1" || echo "(no file $1)")"
	fi
}
# check_file_lacks FILE REGEX DESC
check_file_lacks() {
	if [ -f "$1" ] && ! grep -qE -- "$2" "$1"; then pass; else
		fail "$3" "$1 without /$2/" \
			"$( [ -f "$1" ] && grep -m3 -E -- "$2" "$1" || echo "(no file $1)")"
	fi
}
# check_same FILE1 FILE2 DESC: byte-for-byte equal.
check_same() {
	if cmp -s "$1" "$2"; then pass; else
		fail "$3" "$1 and $2 identical" \
			"$(cmp "$1" "$2" 2>&1 | head -1; diff -u "$1" "$2" 2>/dev/null | head -20)"
	fi
}

# JSON checks are collected and run by finish in one python3 process
# (starting python3 takes most of a second on a loaded machine): each
# check keeps a copy of stdout and what to evaluate on it.
LK_JSON_SAVED=-1
LK_JSON_CHECKS="$LK_TMP/json_checks"
: >"$LK_JSON_CHECKS"

lk_json_save() {
	if [ "$LK_JSON_SAVED" != "$LK_NRUN" ]; then
		cp "$OUT_FILE" "$LK_TMP/json.$LK_NRUN"
		LK_JSON_SAVED=$LK_NRUN
	fi
}
# lk_json_check EXPR EXPECTED DESC (EXPR "" = only parse)
lk_json_check() {
	lk_json_save
	printf '%s\x1f%s\x1f%s\x1f%s\x1f%s\x1e' "$LK_TMP/json.$LK_NRUN" "$1" "$2" \
		"$3" "$LK_LAST_CMD (exit $RC)" >>"$LK_JSON_CHECKS"
}
# check_json DESC: stdout parses as one JSON document (checked at finish).
check_json() { lk_json_check "" "" "$1"; }
# check_json_eq EXPR EXPECTED DESC: the Python expression EXPR on the JSON
# of stdout (bound to d) prints as EXPECTED (strings bare, numbers as
# Python prints them, lists/dicts/booleans/null as JSON).
check_json_eq() { lk_json_check "$1" "$2" "$3"; }

# Runs the collected JSON checks; adds to PASSED and FAILED.
lk_json_run() {
	local res
	[ -s "$LK_JSON_CHECKS" ] || return 0
	res=$(python3 - "$LK_JSON_CHECKS" <<'PY'
import json, sys
def show(v):
    if isinstance(v, (dict, list, tuple, bool)) or v is None:
        return json.dumps(v, ensure_ascii=False)
    return str(v)
docs = {}
ok = bad = 0
for rec in open(sys.argv[1], encoding="utf-8").read().split("\x1e"):
    if not rec:
        continue
    path, expr, want, desc, cmd = rec.split("\x1f")
    if path not in docs:
        try:
            docs[path] = (True, json.load(open(path, encoding="utf-8")))
        except Exception as e:
            docs[path] = (False, "not JSON (%s): %s" % (e, open(path, encoding="utf-8", errors="replace").read(300)))
    good, d = docs[path]
    if not good:
        got = d
    elif not expr:
        ok += 1
        continue
    else:
        try:
            got = show(eval(expr, {"d": d}))
        except Exception as e:
            got = "<error: %r>" % e
        if got == want:
            ok += 1
            continue
    bad += 1
    sys.stderr.write("FAIL: %s\n  expected: %s\n  actual:   %s\n  command: %s\n"
                     % (desc, (expr + " == " + want) if expr else "valid JSON", got, cmd))
print(ok, bad)
PY
) || res="0 1"
	PASSED=$((PASSED + ${res% *}))
	FAILED=$((FAILED + ${res#* }))
	: >"$LK_JSON_CHECKS"
}

# json_get EXPR: evaluates EXPR on the JSON of stdout now (slow: one
# python3 per call); prints the result as check_json_eq compares it.
json_get() {
	python3 -c '
import json, sys
try:
    d = json.load(open(sys.argv[2], encoding="utf-8"))
    v = eval(sys.argv[1])
    print(json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list, tuple, bool)) or v is None else v)
except Exception as e:
    print("<error: %s>" % e)
' "$1" "$OUT_FILE"
}

# ---- import error reports -------------------------------------------

# re_quote TEXT: TEXT as a literal in an extended regex (pure bash: this
# runs for every report line checked).
re_quote() {
	local s=$1 c
	s=${s//\\/\\\\}
	for c in . '*' '^' '$' + '?' '(' ')' '[' ']' '{' '}' '|'; do
		s=${s//"$c"/\\$c}
	done
	printf '%s' "$s"
}

# issue_lines ERRCSV [FILE ROW]: number of problem lines of an --errors
# file (header excluded), or of those about FILE and ROW.
issue_lines() {
	if [ $# -ge 3 ]; then
		grep -cE "^$(re_quote "$2"),$3," "$1" || true
	else
		echo $(($(wc -l <"$1") - 1))
	fi
}

# check_issue ERRCSV FILE ROW COLUMN RULE SEVERITY DESC: the --errors file
# has a line with these values.  COLUMN "column N" is looked for in the
# message (format errors name the column there).
check_issue() {
	local re
	case "$4" in
	"column "*) re="^$(re_quote "$2"),$3,,(.*,)?$(re_quote "$5"),$6,.*$4" ;;
	*) re="^$(re_quote "$2"),$3,$(re_quote "$4"),(.*,)?$(re_quote "$5"),$6," ;;
	esac
	if [ -f "$1" ] && grep -qE -- "$re" "$1"; then pass; else
		fail "$7" "a line matching /$re/ in $1" \
			"$( [ -f "$1" ] && head -n 8 "$1" || echo "(no file $1)")"
	fi
}

# check_errors_header ERRCSV DESC
check_errors_header() {
	check_eq "file,row,column,value,rule,severity,message" \
		"$(head -n 1 "$1" | tr -d '\r')" "$2"
}

# ---- identity numbers (GB 11643, MOD 11-2) ---------------------------

# lk_id D17: prints the 18-character ID with its check character.
lk_id() {
	awk -v s="$1" 'BEGIN {
		split("7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2", w, " ")
		c = "10X98765432"; t = 0
		for (i = 1; i <= 17; i++) t += substr(s, i, 1) * w[i]
		print s substr(c, t % 11 + 1, 1) }'
}
# lk_bad_id D17: the same ID with a wrong check character.
lk_bad_id() {
	local good
	good=$(lk_id "$1")
	case "${good:17:1}" in
	0) echo "${1}1" ;;
	*) echo "${1}0" ;;
	esac
}

# ---- ledgers -----------------------------------------------------------

# lk_new_ledger DB: init + Yunnan regions.  The first ledger of a script
# is kept as a template and copied for later ones (regions load takes a
# second or two under the sanitizers).
lk_new_ledger() {
	local db=$1
	if [ ! -f "$LK_TMP/template.db" ]; then
		lk_run "$LIKA" --db "$LK_TMP/template.db" init
		[ "$RC" = 0 ] || { fail "init a ledger" "exit 0" "exit $RC"; return 1; }
		lk_run "$LIKA" --db "$LK_TMP/template.db" regions load --province 53
		[ "$RC" = 0 ] || { fail "load regions of province 53" "exit 0" "exit $RC"; return 1; }
		lk_checkpoint "$LK_TMP/template.db"
	fi
	cp "$LK_TMP/template.db" "$db"
	rm -f "$db-wal" "$db-shm"
}

# lk_checkpoint DB: moves the WAL into the main file.
lk_checkpoint() {
	sqlite3 "$1" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
}

# lk_snapshot DB NAME: records the ledger (file copy and SQL dump) under
# $LK_TMP/NAME.{db,sql} for check_unchanged.
lk_snapshot() {
	lk_checkpoint "$1"
	cp "$1" "$LK_TMP/$2.db"
	sqlite3 "$1" .dump >"$LK_TMP/$2.sql"
}

# check_unchanged DB NAME DESC: the ledger equals its snapshot, byte for
# byte and by its SQL dump (two checks; equal bytes imply an equal dump,
# which is then not computed).
check_unchanged() {
	lk_checkpoint "$1"
	if cmp -s "$LK_TMP/$2.db" "$1"; then
		pass
		pass
		return 0
	fi
	sqlite3 "$1" .dump >"$LK_TMP/$2.after.sql"
	check_same "$LK_TMP/$2.sql" "$LK_TMP/$2.after.sql" "$3 (SQL dump)"
	check_same "$LK_TMP/$2.db" "$1" "$3 (file bytes)"
}

# lk_data_dump DB: prints the registry tables (households, members,
# incomes, status history, regions, code lists) without the columns that
# record when a row was written, to compare two ledgers built alike.
lk_data_dump() {
	local t cols
	for t in household member income status_event region code_list; do
		cols=$(sqlite3 -readonly "$1" "SELECT group_concat('\"' || name || '\"', ',')
			FROM pragma_table_info('$t')
			WHERE name NOT IN ('created_at', 'updated_at')")
		echo "-- $t"
		sqlite3 -readonly "$1" "SELECT $cols FROM $t ORDER BY rowid"
	done
}

finish() {
	lk_json_run
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" = 0 ]
}

# ---- self-test when run on its own -----------------------------------

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	check_eq 532923196503040116 "$(lk_id 53292319650304011)" "lk_id check character"
	check_eq 11010519491231002X "$(lk_id 11010519491231002)" "lk_id check X"
	check_eq 110105194912310020 "$(lk_bad_id 11010519491231002)" "lk_bad_id replaces X"
	check_eq 532923196503040110 "$(lk_bad_id 53292319650304011)" "lk_bad_id replaces a digit"
	lk_run true
	check_rc 0 "lk_run keeps the exit code 0"
	lk_run sh -c 'echo hello; echo oops >&2; exit 3'
	check_rc 3 "lk_run keeps a non-zero exit code"
	check_out '^hello$' "stdout captured"
	check_err '^oops$' "stderr captured"
	check_no_out oops "stderr not in stdout"
	lk_run echo '{"a": [1, 2], "b": "x"}'
	check_json "json parsed"
	check_json_eq 'len(d["a"])' 2 "check_json_eq"
	check_eq 2 "$(json_get 'len(d["a"])')" "json_get"
	check_eq 'a\.b/c\(d\)\[e\]\{1\}\|\*\+\?\^\$\\' "$(re_quote 'a.b/c(d)[e]{1}|*+?^$\')" "re_quote"
	check_eq yes "$(echo 'x(1).y' | grep -qE "^$(re_quote 'x(1).y')$" && echo yes)" "re_quote in grep"
	lk_run echo '{"a": true}'
	check_json_eq 'd["a"]' true "check_json_eq of a boolean"
	lk_run echo '{"a": 1.50, "b": "张三"}'
	check_json_eq 'd["a"], d["b"]' '[1.5, "张三"]' "check_json_eq of a tuple"
	check_json_eq 'd["b"]' 张三 "check_json_eq of a string"
	# the failure path counts and does not stop the script
	lk_json_run
	sub=0
	(
		PASSED=0 FAILED=0
		lk_run echo 'not json'
		check_json "expected failure"
		lk_run echo '{"a": 1}'
		check_json_eq 'd["a"]' 2 "expected failure"
		check_json_eq 'd["a"]' 1 "expected pass"
		lk_json_run 2>/dev/null
		[ "$PASSED/$FAILED" = 1/2 ]
	) || sub=$?
	check_eq 0 "$sub" "failing JSON checks are counted as failures"
	sub=0
	(
		PASSED=0 FAILED=0
		check_eq a b "expected failure" 2>/dev/null
		[ "$PASSED/$FAILED" = 0/1 ]
	) || sub=$?
	check_eq 0 "$sub" "a failing check is counted as a failure"
	lk_run "$LIKA" --version
	check_rc 0 "lika --version"
	check_out '^lika ' "version line"
	finish
fi
