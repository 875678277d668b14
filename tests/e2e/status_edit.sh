#!/usr/bin/env bash
# status_edit.sh - after registration a household's status changes only
# through a procedure or an override: `household edit` refuses the status
# fields and changes nothing, other fields still edit.
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

DB=$T/s.db
lk_new_ledger "$DB"
lk_run "$LIKA" --db "$DB" import "$E2E_DATA/households.csv" \
	"$E2E_DATA/members.csv" "$E2E_DATA/incomes.csv"
check_rc 0 "import the fixture"
lk_snapshot "$DB" before
for set in status=已脱贫 lifted_year=2017 identified_year=2013 \
	monitoring_category=边缘易致贫户 risk_eliminated=是; do
	lk_run "$LIKA" --db "$DB" household edit 5329231012020002 --set "$set"
	check_rc 4 "edit --set $set: refused (conflict)"
	check_err 'only through a procedure' "edit --set $set: names the way"
done
check_unchanged "$DB" before "refused edits change nothing"
lk_run "$LIKA" --db "$DB" household edit 5329231012020002 --set house_grade=A
check_rc 0 "other fields still edit"
lk_run "$LIKA" --db "$DB" --json household show 5329231012020002
check_json_eq '[d["household"]["house_grade"]]' '["A"]' "the grade changed"
finish
