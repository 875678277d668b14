#!/usr/bin/env bash
# valgrind.sh - the main commands run clean under valgrind's memcheck: no
# invalid access, no leak.  Skipped in the sanitizer build (an ASan binary
# cannot run under valgrind) and when valgrind is missing.
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

if [ "${LK_SANITIZE:-OFF}" = ON ] || ! command -v valgrind >/dev/null; then
	echo "skipped: sanitizer build or no valgrind"
	finish
	exit 0
fi

VG=(valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect
	--errors-for-leak-kinds=definite,indirect --error-exitcode=99)
DB=$T/v.db
vg() { # DESC CMD...: the command exits 0 and valgrind finds nothing
	local desc=$1
	shift
	lk_run "${VG[@]}" "$LIKA" --db "$DB" "$@"
	check_rc 0 "valgrind: $desc"
}

vg init init
vg "regions load" regions load --province 53
vg import import "$E2E_DATA/households.csv" "$E2E_DATA/members.csv" \
	"$E2E_DATA/incomes.csv"
vg "household show" household show 5329231012020001
vg "household search" --json household search 李
vg export export --out "$T/out"
vg "audit verify" audit verify
lk_run "${VG[@]}" "$LIKA" --db "$T/demo.db" demo
check_rc 0 "valgrind: demo"
# a rejected import frees what it built
printf 'household_no,name\nX,Y\n' >"$T/bad.csv"
lk_run "${VG[@]}" "$LIKA" --db "$DB" import --members "$T/bad.csv"
check_rc 2 "valgrind: rejected import"
finish
