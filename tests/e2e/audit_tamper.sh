#!/usr/bin/env bash
# Tampering with the ledger behind lika's back, through the sqlite3 shell:
# an edited value, a deleted row and two swapped rows of the audit log are
# each caught by `lika audit verify`, which names the first bad record;
# edits of a locked year's data (statuses, incomes, work records) are
# caught by `lika lock verify`.
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

DB=$T/a.db
V=532923101202
lk() { lk_run "$LIKA" --db "$DB" "$@"; }

lk_new_ledger "$DB"
export LIKA_NOW=2016-11-01
ID1=$(lk_id 53292319700101001)
ID2=$(lk_id 53292319720202002)
lk household add --no A1 --village $V --head-name 张三 --head-id "$ID1" \
	--status poor --set identified_year=2014
check_rc 0 "add a household"
lk member add --household A1 --name 王秀英 --id "$ID2" --relation 2
check_rc 0 "add a member"
lk income set A1 --year 2016 --set wage=9000
check_rc 0 "set an income"
lk procedure start --household A1 --kind exit
lk procedure step 1 --members 20 --attending 16 --for 15 --against 1
lk procedure step 1 verification --outcome approved
check_rc 0 "procedure steps"
lk audit verify
check_rc 0 "intact to begin with"
N=$(sqlite3 "$DB" "SELECT count(*) FROM audit")
check_eq yes "$([ "$N" -ge 8 ] && echo yes)" "at least 8 audit records"
lk_checkpoint "$DB"
cp "$DB" "$T/clean.db"

# fresh copy of the clean ledger for each case
fresh() { cp "$T/clean.db" "$DB"; rm -f "$DB-wal" "$DB-shm"; }

# ---- an edited value ---------------------------------------------------
fresh
S=$(sqlite3 "$DB" "SELECT seq FROM audit WHERE entity = 'household' AND action = 'create'")
sqlite3 "$DB" "UPDATE audit SET after = replace(after, '张三', '张四') WHERE seq = $S"
lk audit verify
check_rc 2 "an edited value: exit 2"
check_err "audit record $S was changed" "names record $S"
lk_run "$LIKA" --db "$DB" --json audit verify
check_json_eq 'd["intact"], d["first_bad"]' "[false, $S]" "JSON names record $S"

fresh
S=$(sqlite3 "$DB" "SELECT seq FROM audit WHERE entity = 'income'")
sqlite3 "$DB" "UPDATE audit SET after = replace(after, '9000', '19000') WHERE seq = $S"
check_eq 1 "$(sqlite3 "$DB" "SELECT count(*) FROM audit WHERE after LIKE '%19000%'")" "the income record edited"
lk audit verify
check_rc 2 "an edited income in the log: exit 2"
check_err "audit record $S was changed" "names record $S"

fresh
sqlite3 "$DB" "UPDATE audit SET user = 'mallory' WHERE seq = 2"
lk audit verify
check_rc 2 "an edited user: exit 2"
check_err 'audit record 2 was changed' "names record 2"

fresh
sqlite3 "$DB" "UPDATE audit SET at = '2015-01-01T00:00:00+08:00' WHERE seq = $N"
lk audit verify
check_rc 2 "an edited time of the last record: exit 2"
check_err "audit record $N was changed" "names the last record"

fresh
sqlite3 "$DB" "UPDATE audit SET hash = prev_hash WHERE seq = 3"
lk audit verify
check_rc 2 "an edited hash: exit 2"
check_err 'audit record 3 was changed' "names record 3"

# ---- a deleted row -------------------------------------------------------
fresh
sqlite3 "$DB" "DELETE FROM audit WHERE seq = 4"
lk audit verify
check_rc 2 "a deleted row: exit 2"
check_err 'audit record 5 follows record 3: a record was deleted or reordered' \
	"names the gap"
lk_run "$LIKA" --db "$DB" --json audit verify
check_json_eq 'd["first_bad"]' 5 "JSON names record 5"

fresh
sqlite3 "$DB" "DELETE FROM audit WHERE seq = 1"
lk audit verify
check_rc 2 "the first row deleted: exit 2"
check_err 'audit record 2 follows record 0' "names record 2"

# a deleted row renumbered to hide the gap
fresh
sqlite3 "$DB" "DELETE FROM audit WHERE seq = 4; UPDATE audit SET seq = seq - 1 WHERE seq > 4"
lk audit verify
check_rc 2 "a deleted row, renumbered: exit 2"
check_err 'audit record 4 was changed' "names record 4"

# ---- two rows swapped -----------------------------------------------------
fresh
sqlite3 "$DB" "UPDATE audit SET seq = -1 WHERE seq = 3;
	UPDATE audit SET seq = 3 WHERE seq = 4;
	UPDATE audit SET seq = 4 WHERE seq = -1"
lk audit verify
check_rc 2 "two rows swapped: exit 2"
check_err 'audit record 3 was changed' "names record 3"

# the contents swapped, numbers kept
fresh
sqlite3 "$DB" "CREATE TEMP TABLE t AS SELECT * FROM audit WHERE seq IN (6, 7);
	UPDATE audit SET at = (SELECT at FROM t WHERE seq = 7),
		user = (SELECT user FROM t WHERE seq = 7),
		action = (SELECT action FROM t WHERE seq = 7),
		entity = (SELECT entity FROM t WHERE seq = 7),
		entity_id = (SELECT entity_id FROM t WHERE seq = 7),
		before = (SELECT before FROM t WHERE seq = 7),
		after = (SELECT after FROM t WHERE seq = 7),
		prev_hash = (SELECT prev_hash FROM t WHERE seq = 7),
		hash = (SELECT hash FROM t WHERE seq = 7) WHERE seq = 6;
	UPDATE audit SET at = (SELECT at FROM t WHERE seq = 6),
		user = (SELECT user FROM t WHERE seq = 6),
		action = (SELECT action FROM t WHERE seq = 6),
		entity = (SELECT entity FROM t WHERE seq = 6),
		entity_id = (SELECT entity_id FROM t WHERE seq = 6),
		before = (SELECT before FROM t WHERE seq = 6),
		after = (SELECT after FROM t WHERE seq = 6),
		prev_hash = (SELECT prev_hash FROM t WHERE seq = 6),
		hash = (SELECT hash FROM t WHERE seq = 6) WHERE seq = 7"
lk audit verify
check_rc 2 "two records' contents swapped: exit 2"
check_err 'audit record 6 was changed' "names record 6"

# the untouched copy is still intact
fresh
lk audit verify
check_rc 0 "the clean copy verifies"

# ---- a locked year's data -----------------------------------------------
fresh
export LIKA_NOW=2017-02-01
lk lock --year 2016 --region 532923
check_rc 0 "lock 2016"
lk_checkpoint "$DB"
cp "$DB" "$T/locked.db"
relock() { cp "$T/locked.db" "$DB"; rm -f "$DB-wal" "$DB-shm"; }

sqlite3 "$DB" "UPDATE income SET expense = 100 WHERE year = 2016"
lk lock verify
check_rc 2 "an income of 2016 edited: exit 2"
check_out 'incomes' "names the incomes"

relock
sqlite3 "$DB" "UPDATE status_event SET on_date = '2016-12-31' WHERE value = 'poor'"
lk lock verify
check_rc 2 "a status date moved within the year... changes the 'since'"
check_out 'households' "names the households"

relock
sqlite3 "$DB" "UPDATE procedure_step SET outcome = 'rejected' WHERE step = 'verification'"
lk lock verify
check_rc 2 "a procedure step of 2016 edited: exit 2"
check_out 'work records' "names the work records"

relock
sqlite3 "$DB" "DELETE FROM year_lock"
lk lock verify
check_out 'no lock found' "a deleted lock row leaves no lock ..."
lk audit log --entity year_lock
check_out 'lock +year_lock 2016/532923' "... but the audit log still records it"
lk audit verify
check_rc 0 "(the audit chain itself is intact)"

relock
lk lock verify
check_rc 0 "the locked copy verifies"
finish
