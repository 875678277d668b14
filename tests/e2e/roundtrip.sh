#!/usr/bin/env bash
# Export and import: export, import into an empty ledger and export again
# gives identical files (Chinese and English), re-importing an export
# changes nothing, and awkward values (quotes, commas, newlines, legacy
# invalid values) survive.
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

D=$E2E_DATA
DB=$T/x.db
lk() { lk_run "$LIKA" --db "$DB" "$@"; }
cd "$T"

lk_new_ledger "$DB"
lk import "$D/households.csv" "$D/members.csv" "$D/incomes.csv"
check_rc 0 "import of the fixture"

# Values that need CSV quoting, and legacy values kept by --accept-invalid.
lk household edit 5329231012020002 --set $'bank=农村信用社\n"城关"分社' \
	--set 'group=大箐组, 下片'
check_rc 0 "a bank name with a newline and quotes, a group with a comma"
lk member edit 532923198303150029 --set 'work_place=大理市,"下关"'
check_rc 0 "a work place with a comma and quotes"
LH=$(lk_id 53292319750101011)
LB=$(lk_bad_id 53292319780202002)
printf '%s\n' household_no,village_code,head_name,head_id,status,house_grade \
	"5329231012029101,532923101202,周六,$LH,一般农户,E" >legacy_h.csv
printf '%s\n' household_no,name,id_number,relation,education \
	"5329231012029101,周六,$LH,户主,小学" "5329231012029101,吴七,$LB,配偶,硕士" >legacy_m.csv
lk import --accept-invalid legacy_h.csv legacy_m.csv
check_rc 0 "legacy values imported with --accept-invalid"

# ---- Chinese (default) -----------------------------------------------

lk_run "$LIKA" --db "$DB" --json export --out zh1
check_rc 0 "export"
check_json "export --json"
check_json_eq 'd["households"], d["members"], d["incomes"]' '[6, 15, 6]' "export --json counts"
for f in households members incomes; do
	check_eq efbbbf "$(head -c 3 zh1/$f.csv | od -An -tx1 | tr -d ' ')" "$f.csv starts with a UTF-8 BOM"
done
# every line ends in CRLF, but for the newline inside the bank name
check_eq 0 "$(grep -vc $'\r$' zh1/members.csv)" "members.csv has CRLF line ends"
check_eq 0 "$(grep -vc $'\r$' zh1/incomes.csv)" "incomes.csv has CRLF line ends"
check_eq 1 "$(grep -vc $'\r$' zh1/households.csv)" "households.csv has CRLF line ends (and one LF in a field)"
check_eq "households.csv incomes.csv members.csv" "$(cd zh1 && shopt -s dotglob && echo *)" \
	"export writes the three files and no temporary ones"
check_file_has zh1/households.csv '^.?.?.?户编号,行政区划代码,村民小组,户主姓名,户主证件号码' "Chinese headers"
check_file_has zh1/households.csv '^5329231012020001,532923101202,上村组,李国华,532923196503040116,.*,已脱贫,' \
	"Chinese labels"
check_file_has zh1/members.csv ',李老汉,532923193802070039,男,之父,.*,死亡,2018-05-01' "the deceased member with the date"
check_file_has zh1/incomes.csv '^5329231012020001,2019,3,12000\.00,6000\.50,300\.00,.*,17500\.50,5833\.50' \
	"incomes with derived net and per-capita"
check_file_has zh1/households.csv '"农村信用社' "the bank with a newline is quoted"
check_file_has zh1/households.csv '"大箐组, 下片"' "the group with a comma is quoted"
check_file_has zh1/members.csv ',"大理市,""下关""",' "quotes are doubled"

new_ledger_import() { # DB DIR [OPTIONS]: a new ledger with DIR imported
	local db=$1 dir=$2
	shift 2
	lk_new_ledger "$db"
	lk_run "$LIKA" --db "$db" import "$@" "$dir/households.csv" "$dir/members.csv" "$dir/incomes.csv"
}

new_ledger_import "$T/y.db" zh1 --accept-invalid
check_rc 0 "import of the export into an empty ledger"
check_out 'households 6 \(6 new.*members 15 \(15 new.*incomes 6 \(6 new' "all rows imported"
lk_run "$LIKA" --db "$T/y.db" export --out zh2
for f in households members incomes; do
	check_same zh1/$f.csv zh2/$f.csv "export, import, export: $f.csv identical"
done

# Importing the export back into its own ledger changes nothing.
lk_snapshot "$DB" before
lk import --accept-invalid zh1/households.csv zh1/members.csv zh1/incomes.csv
check_rc 0 "re-import of the export"
check_out 'households 6 \(0 new, 0 updated, 6 unchanged\).*members 15 \(0 new, 0 updated, 15 unchanged\).*incomes 6 \(0 new, 0 updated, 6 unchanged\)' \
	"re-import of the export: all unchanged"
check_unchanged "$DB" before "re-import of the export leaves the ledger unchanged"

# ---- English ------------------------------------------------------------

lk export --out en1 --lang en
check_rc 0 "export --lang en"
check_file_has en1/households.csv '^.?.?.?household_no,village_code,group,head_name,head_id,phone,' "English keys as headers"
check_file_has en1/households.csv '^5329231012020001,.*,lifted,.*,national standard,general,illness,' "English labels"
check_file_has en1/members.csv ',李国华,532923196503040116,male,head,Han,' "English labels of members"
check_file_has en1/members.csv ',deceased,2018-05-01' "English member status"
check_file_lacks en1/households.csv '已脱贫|未脱贫' "no Chinese status labels in the English export"
lk_run "$LIKA" --db "$DB" --lang en export --out en2
check_same en1/households.csv en2/households.csv "global --lang en exports as export --lang en"
new_ledger_import "$T/z.db" en1 --accept-invalid
check_rc 0 "import of the English export into an empty ledger"
lk_run "$LIKA" --db "$T/z.db" export --out zh3
for f in households members incomes; do
	check_same zh1/$f.csv zh3/$f.csv "English round trip: $f.csv as the Chinese export"
done
lk_run "$LIKA" --db "$T/z.db" audit verify
check_rc 0 "audit intact after the round trip"

# ---- one region ---------------------------------------------------------

lk export --out r203 --region 532923101203
check_rc 0 "export --region"
check_eq 2 "$(grep -c '^5329231012030' r203/households.csv)" "export --region: the village's two households"
check_eq 0 "$(grep -c '^5329231012020' r203/households.csv r203/members.csv r203/incomes.csv | awk -F: '{s += $2} END {print s}')" \
	"export --region: nothing of the other village"
check_eq 5 "$(grep -c '^5329231012030' r203/members.csv)" "export --region: the village's members"

finish
