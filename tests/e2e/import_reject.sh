#!/usr/bin/env bash
# Every rejection listed in docs/interchange.md ("What an import must
# reject"): the import exits 2, reports the problem with file, row and
# column (on stderr and in the --errors CSV), and leaves the ledger
# byte-for-byte unchanged.
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

DB=$T/x.db
D=$E2E_DATA
lk_new_ledger "$DB"
lk_run "$LIKA" --db "$DB" import "$D/households.csv" "$D/members.csv" "$D/incomes.csv"
check_rc 0 "the base fixture imports"

# IDs of the new households of this script (valid check characters).
A=$(lk_id 53292319750101011)   # 赵大, male, head of N1
B=$(lk_id 53292319780202002)   # 孙三, female, spouse in N1
C=$(lk_id 53292319600303031)   # 钱二, male, head of N2
S=$(lk_id 53292320050505051)   # a son, male
N1=5329231012029001
N2=5329231012039001
LGH=532923196503040116         # 李国华, head of a ledger household

cd "$T"
# The valid pair every case starts from (one change each).
# (per_capita is left empty: it depends on the members, which several
# cases reject.)
HH_HEAD=household_no,village_code,group,head_name,head_id,phone,status,identified_year,attribute,main_cause,cultivated_mu,house_grade,income_year,wage,operating,dibao,expense,net_income,per_capita
HH_N1="$N1,532923101202,上村组,赵大,$A,13900001111,未脱贫,2016,一般贫困户,因病,2.5,B,2020,8000,2000,,1000,9000,"
HH_N2="$N2,532923101203,一组,钱二,$C,,一般农户,,,,1,A,,,,,,,"
M_HEAD=household_no,name,id_number,sex,relation,ethnicity,migrant_months
M_A="$N1,赵大,$A,男,户主,汉族,6"
M_B="$N1,孙三,$B,女,配偶,汉族,"
M_C="$N2,钱二,$C,男,户主,彝族,"
printf '%s\n' "$HH_HEAD" "$HH_N1" "$HH_N2" >hh.csv
printf '%s\n' "$M_HEAD" "$M_A" "$M_B" "$M_C" >m.csv

lk_run "$LIKA" --db "$DB" import --dry-run hh.csv m.csv
check_rc 0 "the unmodified case files are valid (dry run)"
check_out 'households 2 \(2 new' "dry run counts the two new households"

# reject CASE FILE ROW COLUMN RULE -- IMPORT-ARGS...
#   FILE, ROW, COLUMN: where the report must point (COLUMN "" = none,
#   "column N" = named in the message of a format error).
reject() {
	local name=$1 file=$2 row=$3 col=$4 rule=$5
	shift 6
	# one snapshot for all cases (taken again after a failure)
	[ -f "$LK_TMP/before.db" ] || lk_snapshot "$DB" before
	lk_run "$LIKA" --db "$DB" import --errors "$T/$name.errors.csv" "$@"
	check_rc 2 "$name: exit code 2 (invalid data)"
	case "$col" in
	"column "*) # format errors: the column is named in the message
		check_err "^$(re_quote "$file"):$row: error: .*\\[$(re_quote "$rule")\\].*$col" \
			"$name: report line names $file, row $row, $col, rule $rule" ;;
	*)
		check_err "^$(re_quote "$file"):$row: error: $(re_quote "$col")( = .*)? \\[$(re_quote "$rule")\\]" \
			"$name: report line names $file, row $row, column '$col', rule $rule" ;;
	esac
	check_err 'nothing was imported' "$name: says nothing was imported"
	check_errors_header "$T/$name.errors.csv" "$name: --errors CSV header"
	check_issue "$T/$name.errors.csv" "$file" "$row" "$col" "$rule" error \
		"$name: --errors CSV has the line"
	local failed=$FAILED
	check_unchanged "$DB" before "$name: ledger unchanged"
	[ "$FAILED" = "$failed" ] || lk_snapshot "$DB" before
}

# ---- the file as a whole ----------------------------------------------

# Unreadable encoding: neither UTF-8 nor GB18030 from the start.
printf '%s\n' "$HH_HEAD" >enc.csv
printf '%s\n' "$HH_N1" | sed 's/赵大/\xff\xfe\xff/' >>enc.csv
reject encoding.detect enc.csv 0 "" file.unreadable -- enc.csv m.csv
check_err 'enc\.csv:0: .*encoding' "encoding.detect: the message is about the encoding"

# ... and an invalid byte after the first 64 KiB (detection passed):
# the report names the row and column.
{
	printf '%s\n' "$HH_HEAD" "$HH_N2"
	head -c 70000 /dev/zero | tr '\0' '\n'
	printf '%s\n' "$HH_N1" | sed 's/赵大/\xff\xfe/'
} >enc2.csv
reject encoding.late enc2.csv 70003 "column 4" file.format -- enc2.csv m.csv

# A forced encoding that does not fit.
reject encoding.forced enc.csv 2 "column 4" file.format -- --encoding utf-8 enc.csv m.csv

# Malformed CSV: an unterminated quote.
printf '%s\n' "$M_HEAD" "$M_A" "$N1,\"孙三,$B,女,配偶,汉族," "$M_C" >quote.csv
reject csv.quote quote.csv 3 "column 2" file.format -- hh.csv quote.csv

# A quote inside an unquoted field.
printf '%s\n' "$M_HEAD" "$M_A" "$N1,孙\"三,$B,女,配偶,汉族," "$M_C" >quote2.csv
reject csv.stray_quote quote2.csv 3 "column 2" file.format -- hh.csv quote2.csv

# A row with more fields than the header.
printf '%s\n' "$M_HEAD" "$M_A" "$M_B,extra" "$M_C" >fields.csv
reject csv.fields fields.csv 3 "" row.fields -- hh.csv fields.csv

# An empty file.
: >empty.csv
reject file.empty empty.csv 0 "" file.empty -- hh.csv empty.csv

# A file that does not exist.
reject file.missing nosuch.csv 0 "" file.unreadable -- hh.csv nosuch.csv

# ---- the header ---------------------------------------------------------

# Duplicated column (the same field by its key and its Chinese header).
printf '%s\n' "$M_HEAD,姓名" "$M_A,赵大" "$M_B,孙三" "$M_C,钱二" >dupcol.csv
reject header.duplicate dupcol.csv 1 姓名 header.duplicate -- hh.csv dupcol.csv

# Unknown column.
printf '%s\n' "$M_HEAD,shoe_size" "$M_A,42" "$M_B,37" "$M_C,40" >unknown.csv
reject header.unknown unknown.csv 1 shoe_size header.unknown -- hh.csv unknown.csv
# ... accepted with --ignore-unknown
lk_run "$LIKA" --db "$DB" import --dry-run --ignore-unknown hh.csv unknown.csv
check_rc 0 "header.unknown: --ignore-unknown accepts the file"

# Header problems of the households file (read twice by lika: for the
# households and for their income columns) are reported once.
printf '%s\n' "$HH_HEAD,shoe_size" "$HH_N1,42" "$HH_N2,40" >hunknown.csv
reject header.unknown_hh hunknown.csv 1 shoe_size header.unknown -- hunknown.csv m.csv
check_eq 1 "$(issue_lines "$T/header.unknown_hh.errors.csv" hunknown.csv 1)" \
	"header.unknown_hh: reported once"
printf '%s\n' "$HH_HEAD,户主姓名" "$HH_N1,赵大" "$HH_N2,钱二" >hdup.csv
reject header.duplicate_hh hdup.csv 1 户主姓名 header.duplicate -- hdup.csv m.csv
check_eq 1 "$(issue_lines "$T/header.duplicate_hh.errors.csv" hdup.csv 1)" \
	"header.duplicate_hh: reported once"

# A format error in the header row is reported at row 1.
printf '%s\n' "household_no,\"name,id_number,relation" "$M_A" >hquote.csv
reject csv.header_quote hquote.csv 1 "column 2" file.format -- hh.csv hquote.csv

# Chinese headers: the column is named as written in the file.
sed 's/^5329231012020002,\(.*\),C,是,否,柴草,/5329231012020002,\1,危,是,否,柴草,/' \
	"$D/households.csv" >zh.csv
check_eq 1 "$(grep -c ',危,' zh.csv)" "zh.csv has the bad grade"
reject zh.code zh.csv 3 住房安全等级 code.invalid -- zh.csv "$D/members.csv"

# Missing required column.
printf '%s\n' "${M_HEAD/,relation/}" "$N1,赵大,$A,男,汉族,6" >nocol.csv
reject header.missing nocol.csv 1 relation header.missing -- hh.csv nocol.csv

# ---- values ---------------------------------------------------------------

# Missing required value (head_name of N1).
printf '%s\n' "$HH_HEAD" "${HH_N1/赵大/}" "$HH_N2" >noval.csv
reject required.value noval.csv 2 head_name required.missing -- noval.csv m.csv

# Value outside its code list: an optional coded field ...
printf '%s\n' "$HH_HEAD" "${HH_N1/,2.5,B,/,2.5,E,}" "$HH_N2" >code.csv
reject code.optional code.csv 2 house_grade code.invalid -- code.csv m.csv
check_eq 1 "$(issue_lines "$T/code.optional.errors.csv" code.csv 2)" \
	"code.optional: one line for one problem"

# ... and a required one: reported as invalid, not as missing.
printf '%s\n' "$M_HEAD" "$M_A" "${M_B/配偶/老伴儿}" "$M_C" >code2.csv
reject code.required code2.csv 3 relation code.invalid -- hh.csv code2.csv
check_eq 1 "$(issue_lines "$T/code.required.errors.csv" code2.csv 3)" \
	"code.required: one line for one problem (no extra 'missing' line)"

# ID number with a wrong check character.
BADB=$(lk_bad_id 53292319780202002)
printf '%s\n' "$M_HEAD" "$M_A" "${M_B/$B/$BADB}" "$M_C" >cksum.csv
reject id.checksum cksum.csv 3 id_number id.checksum -- hh.csv cksum.csv

# ID number with an impossible birth date (1978-02-30), right check char.
BIRTH=$(lk_id 53292319780230002)
printf '%s\n' "$M_HEAD" "$M_A" "${M_B/$B/$BIRTH}" "$M_C" >birth.csv
reject id.birth birth.csv 3 id_number id.birth -- hh.csv birth.csv

# ID number of the wrong length (17 and 19 characters).
printf '%s\n' "$M_HEAD" "$M_A" "${M_B/$B/${B:0:17}}" "$M_C" >len.csv
reject id.length17 len.csv 3 id_number id.length -- hh.csv len.csv
printf '%s\n' "$M_HEAD" "$M_A" "${M_B/$B/${B}1}" "$M_C" >len19.csv
reject id.length19 len19.csv 3 id_number id.length -- hh.csv len19.csv

# A 20-digit disability certificate as ID with a category outside 1-7.
printf '%s\n' "$M_HEAD" "$M_A" "$M_B" "$M_C" "$N2,钱小,${S}82,男,之子,彝族," >cert.csv
reject id.disability cert.csv 5 id_number id.disability -- hh.csv cert.csv

# Sex contradicting the ID number.
printf '%s\n' "$M_HEAD" "$M_A" "${M_B/,女,/,男,}" "$M_C" >sex.csv
reject member.sex sex.csv 3 sex member.sex_id -- hh.csv sex.csv

# A number that does not parse ...
printf '%s\n' "$HH_HEAD" "${HH_N1/,2.5,B,/,两亩半,B,}" "$HH_N2" >num.csv
reject number.parse num.csv 2 cultivated_mu value.number -- num.csv m.csv
# ... a negative amount ...
printf '%s\n' "$HH_HEAD" "${HH_N1/,2020,8000,/,2020,-8000,}" "$HH_N2" >neg.csv
reject number.negative neg.csv 2 wage value.money -- neg.csv m.csv
# ... a negative area ...
printf '%s\n' "$HH_HEAD" "${HH_N1/,2.5,B,/,-2.5,B,}" "$HH_N2" >negmu.csv
reject number.negative_area negmu.csv 2 cultivated_mu value.number -- negmu.csv m.csv
# ... and months of migrant work out of 0-12.
printf '%s\n' "$M_HEAD" "${M_A/%,6/,13}" "$M_B" "$M_C" >months.csv
reject number.range months.csv 2 migrant_months value.number -- hh.csv months.csv

# Stated net income and per-capita income disagreeing with the derived.
printf '%s\n' "$HH_HEAD" "${HH_N1/%,9000,/,9900,}" "$HH_N2" >net.csv
reject income.net net.csv 2 net_income income -- net.csv m.csv
printf '%s\n' "$HH_HEAD" "${HH_N1/%,9000,/,9000,9000}" "$HH_N2" >pc.csv
reject income.per_capita pc.csv 2 per_capita income -- pc.csv m.csv
# ... within one yuan is accepted
printf '%s\n' "$HH_HEAD" "${HH_N1/%,9000,/,9000.80,4499.50}" "$HH_N2" >pc_ok.csv
lk_run "$LIKA" --db "$DB" import --dry-run pc_ok.csv m.csv
check_rc 0 "income within one yuan of the derived value is accepted"
# ... and in the incomes file
printf '%s\n' household_no,income_year,wage,expense,per_capita \
	"$N1,2019,6000,,3000" "$N1,2018,5000,,9999" >inc.csv
reject income.file inc.csv 3 per_capita income -- hh.csv m.csv inc.csv

# ---- keys and households ------------------------------------------------

# The same ID twice in one file.
printf '%s\n' "$M_HEAD" "$M_A" "$M_B" "$M_C" "$N2,孙三,$B,女,之女,汉族," >twice.csv
reject id.twice_in_file twice.csv 5 id_number id.duplicate -- hh.csv twice.csv

# The same ID twice in one household.
printf '%s\n' "$M_HEAD" "$M_A" "$M_B" "$N1,孙三,$B,女,之女,汉族," "$M_C" >twice_hh.csv
reject id.twice_in_household twice_hh.csv 4 id_number id.duplicate -- hh.csv twice_hh.csv

# The same ID in two households: one already in the ledger.
printf '%s\n' "$M_HEAD" "$M_A" "$M_B" "$M_C" "$N2,李国华,$LGH,男,之父,汉族," >ledger.csv
reject id.in_ledger ledger.csv 5 id_number id.duplicate -- hh.csv ledger.csv

# The same household number twice.
printf '%s\n' "$HH_HEAD" "$HH_N1" "$HH_N2" "$HH_N1" >hhtwice.csv
reject household.twice hhtwice.csv 4 household_no household.duplicate -- hhtwice.csv m.csv

# A member whose household does not exist.
printf '%s\n' "$M_HEAD" "$M_A" "$M_B" "$M_C" "5329231012029999,周五,$S,男,之子,汉族," >orphan.csv
reject member.orphan orphan.csv 5 household_no member -- hh.csv orphan.csv

# A household with no member.
printf '%s\n' "$M_HEAD" "$M_A" "$M_B" >nomember.csv
reject household.empty hh.csv 3 household_no household.empty -- hh.csv nomember.csv

# A household with no head.
printf '%s\n' "$M_HEAD" "${M_A/户主/之子}" "$M_B" "$M_C" >nohead.csv
reject household.no_head hh.csv 2 household_no household.no_head -- hh.csv nohead.csv

# A household with two heads.
printf '%s\n' "$M_HEAD" "$M_A" "${M_B/配偶/户主}" "$M_C" >twoheads.csv
reject household.many_heads hh.csv 2 household_no household.many_heads -- hh.csv twoheads.csv

# head_id is not the ID of its head (it is the spouse's).
printf '%s\n' "$HH_HEAD" "${HH_N1/$A,/$B,}" "$HH_N2" >headid.csv
reject household.head_id headid.csv 2 head_id household.head_id -- headid.csv m.csv

# A members-only import that removes the head of a ledger household
# (making the spouse head twice over is as bad).
printf '%s\n' household_no,name,id_number,relation \
	"5329231012020001,王秀英,532923196801010222,户主" >ledger_heads.csv
reject household.ledger_heads ledger_heads.csv 2 relation household.many_heads -- --members ledger_heads.csv

# Village code not in the region table.
printf '%s\n' "$HH_HEAD" "${HH_N1/,532923101202,/,532923101299,}" "$HH_N2" >village.csv
reject household.village village.csv 2 village_code household -- village.csv m.csv

# All problems of a file are reported, not only the first.
printf '%s\n' "$M_HEAD" "$M_A" "${M_B/$B/$BADB}" "${M_C/,男,/,女,}" >several.csv
reject several several.csv 3 id_number id.checksum -- hh.csv several.csv
check_issue "$T/several.errors.csv" several.csv 4 sex member.sex_id error \
	"several: the second problem is reported too"

# The whole file set is one transaction: a good households file with a
# bad members file imports nothing of either.
lk_run "$LIKA" --db "$DB" household show "$N1"
check_rc 3 "after all rejections the new household does not exist"
lk_run "$LIKA" --db "$DB" audit verify
check_rc 0 "audit log intact after the rejections"

# Exit code and JSON body of a rejected import.
lk_run "$LIKA" --db "$DB" --json import hh.csv cksum.csv
check_rc 2 "--json rejected import: exit 2"
check_json "--json rejected import: stdout is JSON"
check_json_eq 'd["imported"]' false "--json: imported is false"
check_json_eq 'd["errors"]' 1 "--json: one error"
check_json_eq '[(i["file"], i["row"], i["column"], i["rule"]) for i in d["issues"] if i["severity"] == "error"]' \
	'[["cksum.csv", 3, "id_number", "id.checksum"]]' "--json: the issue names file, row, column, rule"

finish
