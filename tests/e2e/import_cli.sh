#!/usr/bin/env bash
# lika import of the fixture files (tests/data/e2e): what is stored,
# re-import changes nothing, a changed file updates only what it names,
# --dry-run, --errors, --accept-invalid, --json and the usage errors.
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

DB=$T/x.db
D=$E2E_DATA
lk() { lk_run "$LIKA" --db "$DB" "$@"; }
lkj() { lk_run "$LIKA" --db "$DB" --json "$@"; }
cd "$T"

lk_new_ledger "$DB"

# ---- usage errors -------------------------------------------------------

lk import
check_rc 1 "import without files: usage error"
lk import "$D/households.csv" "$D/members.csv" "$D/incomes.csv" extra.csv
check_rc 1 "import with four files: usage error"
lk import --encoding latin1 "$D/households.csv"
check_rc 1 "import --encoding latin1: usage error"
lk import --frob "$D/households.csv"
check_rc 1 "import with an unknown option: usage error"
lk import --errors /nonexistent-dir/errors.csv "$D/households.csv" "$D/members.csv"
check_rc 5 "import --errors into a missing directory: exit 5"

# ---- --dry-run writes nothing -------------------------------------------

lk_snapshot "$DB" empty
lkj import --dry-run "$D/households.csv" "$D/members.csv" "$D/incomes.csv"
check_rc 0 "dry run of the fixture: exit 0"
check_json "dry run --json"
check_json_eq 'd["dry_run"], d["imported"]' '[true, false]' "dry run --json: dry_run, not imported"
check_json_eq 'd["households"]["created"], d["members"]["created"], d["incomes"]["created"]' \
	'[5, 13, 6]' "dry run counts what it would create"
check_unchanged "$DB" empty "dry run leaves the ledger unchanged"
lk import --dry-run "$D/households.csv" "$D/members.csv" "$D/incomes.csv"
check_out 'dry run, nothing written' "dry run says nothing was written"

# ---- the fixture --------------------------------------------------------

lk import "$D/households.csv" "$D/members.csv" "$D/incomes.csv"
check_rc 0 "import of the fixture"
check_out 'households 5 \(5 new, 0 updated, 0 unchanged\)' "import: 5 new households"
check_out 'members 13 \(13 new, 0 updated, 0 unchanged\)' "import: 13 new members"
check_out 'incomes 6 \(6 new, 0 updated, 0 unchanged\)' "import: 6 new incomes (2019 from households, 2018 from incomes)"
check_out ', 0 warnings' "import of the fixture: no warnings"

H1=5329231012020001
lkj household show $H1
check_json "show --json of an imported household"
check_json_eq 'd["household"]["status"], d["household"]["identified_year"], d["household"]["lifted_year"]' \
	'["lifted", 2014, 2016]' "imported status and years (Chinese headers)"
check_json_eq 'd["household"]["group"], d["household"]["attribute"], d["household"]["main_cause"]' \
	'["上村组", "general", "1"]' "imported group, attribute, main cause"
check_json_eq 'd["household"]["cultivated_mu"], d["household"]["house_grade"], d["household"]["water_safe"]' \
	'[3.5, "B", true]' "imported area, grade, yes/no"
check_json_eq '[(m["name"], m["sex"], m["relation"], m["member_status"]) for m in d["members"]]' \
	'[["李国华", "1", "1", "current"], ["王秀英", "2", "2", "current"], ["李明", "1", "3", "current"], ["李老汉", "1", "11", "deceased"]]' \
	"imported members, current first, the deceased one kept"
check_json_eq '[(i["year"], i["net_income"], i["persons"], i["per_capita"]) for i in d["incomes"]]' \
	'[[2018, 13500.0, 3, 4500.0], [2019, 17500.5, 3, 5833.5]]' "imported incomes, derived"
check_json_eq '[(h["date"][:4], h["kind"], h["value"], h["source"]) for h in d["history"]]' \
	'[["2014", "status", "poor", "imported"], ["2016", "status", "lifted", "imported"]]' \
	"status history from the imported years, marked imported"
lkj household show 5329231012020003
check_json_eq 'd["household"]["monitoring_category"], d["household"]["monitoring_since"], d["household"]["risk_types"]' \
	'["marginal", "2021-03-01", "illness;schooling"]' "imported monitoring fields (risk types split on 、)"
check_json_eq '[(h["kind"], h["value"], h["source"]) for h in d["history"]]' \
	'[["monitoring", "marginal", "imported"]]' "monitoring becomes a history entry"
lkj household show 5329231012030002
check_json_eq 'd["household"]["other_causes"]' '9;10' "two other causes (quoted field with a comma)"
lk household list
check_rc 0 "household list after import"
check_eq 5 "$(grep -c '^53292310120' "$OUT_FILE")" "household list shows the five households"
lk household search 张三
check_out '^5329231012020002 ' "search finds an imported household by a two-character name"
lk audit log
check_out 'import +import ' "the import is in the audit log"
lk audit verify
check_rc 0 "audit verify after import"

# ---- re-import is idempotent --------------------------------------------

lk_snapshot "$DB" imported
lk import "$D/households.csv" "$D/members.csv" "$D/incomes.csv"
check_rc 0 "re-import: exit 0"
check_out 'households 5 \(0 new, 0 updated, 5 unchanged\)' "re-import: households unchanged"
check_out 'members 13 \(0 new, 0 updated, 13 unchanged\)' "re-import: members unchanged"
check_out 'incomes 6 \(0 new, 0 updated, 6 unchanged\)' "re-import: incomes unchanged"
check_unchanged "$DB" imported "re-import changes nothing (not even the audit log)"
lkj import "$D/households.csv" "$D/members.csv" "$D/incomes.csv"
check_json_eq '[d[k]["unchanged"] for k in ("households", "members", "incomes")]' '[5, 13, 6]' \
	"re-import --json: unchanged counts"
lk audit verify
check_out 'intact' "audit verify after re-import"

# Named options instead of positions, one table at a time.
lk import --members "$D/members.csv"
check_rc 0 "import --members alone"
check_out 'members 13 \(0 new, 0 updated, 13 unchanged\)' "members alone: unchanged"
lk import --incomes "$D/incomes.csv"
check_out 'incomes 3 \(0 new, 0 updated, 3 unchanged\)' "incomes alone: unchanged"
check_unchanged "$DB" imported "importing single tables again changes nothing"

# ---- a changed file updates only what it names, deletes nothing --------

# H2's phone changes, 李四's education changes, 苏氏 (a member) and the
# household 5329231012030002 are left out of the files, one member is new
# (in a household without incomes, whose per-capita would change).
NEWM=$(lk_id 53292320150607001)
grep -v '^5329231012030002,' "$D/households.csv" | sed 's/13812345678/13899990000/' >ch_h.csv
grep -v ',苏氏,' "$D/members.csv" |
	sed 's/^\(5329231012020002,李四,[0-9X]*,,配偶,彝族,群众\),小学,/\1,初中,/' >ch_m.csv
echo "5329231012020003,字小宝,$NEWM,男,之子,白族,,,学前教育,健康,无劳动力,,,是,否,," >>ch_m.csv
lk_snapshot "$DB" before_change
lk import --dry-run ch_h.csv ch_m.csv
check_rc 0 "dry run of changed files"
check_out 'households 4 \(0 new, 1 updated, 3 unchanged\)' "dry run of changed files: counts the update"
check_unchanged "$DB" before_change "dry run of changed files writes nothing"
lk import ch_h.csv ch_m.csv
check_rc 0 "import of changed files"
check_out 'households 4 \(0 new, 1 updated, 3 unchanged\)' "changed: one household updated"
check_out 'members 13 \(1 new, 1 updated, 11 unchanged\)' "changed: one member new, one updated"
lkj household show 5329231012020002
check_json_eq 'd["household"]["phone"]' 13899990000 "the changed phone is stored"
check_json_eq '[m["education"] for m in d["members"] if m["name"] == "李四"]' '["junior"]' "the changed education is stored"
check_json_eq 'd["household"]["bank_account"], d["household"]["house_grade"]' '["6217000033334444", "C"]' \
	"fields of the updated household that did not change are kept"
lkj household show 5329231012020003
check_json_eq '[m["name"] for m in d["members"]]' '["字永福", "字小红", "字小宝"]' "the new member is added"
lkj household show 5329231012030002
check_rc 0 "the household left out of the file still exists"
check_json_eq '[m["name"] for m in d["members"] if m["member_status"] == "current"]' \
	'["杨正荣", "李德芬", "杨军", "苏氏"]' "its members, also the one left out, are all kept"
lkj household show $H1
check_json_eq 'len(d["incomes"])' 2 "incomes not named are kept"
lk audit log --entity household:5329231012020002
check_out 'update +household 5329231012020002' "the update is in the audit log"
check_out '13812345678' "the audit record has the old phone"
lk audit log --entity household:5329231012020001
check_no_out 'update' "no audit update for an unchanged household"

# A file with fewer columns updates the columns it has and keeps the
# others (a missing column is not an empty cell).
printf '%s\n' household_no,village_code,head_name,head_id,status,phone \
	"5329231012020002,532923101202,张三,532923198011200514,未脱贫,13800001111" >few.csv
lk import few.csv
check_rc 0 "import of a file with few columns"
lkj household show 5329231012020002
check_json_eq 'd["household"]["phone"]' 13800001111 "few columns: the phone is updated"
check_json_eq 'd["household"].get("group"), d["household"].get("bank_account"), d["household"].get("attribute"), d["household"].get("identified_year")' \
	'["大箐组", "6217000033334444", "dibao", 2015]' "few columns: the columns absent from the file are kept"
check_json_eq '[i["year"] for i in d["incomes"]]' '[2018, 2019]' "few columns: the incomes are kept"
check_json_eq '[(h["date"][:4], h["kind"], h["value"], h["source"]) for h in d["history"]]' \
	'[["2015", "status", "poor", "imported"]]' "few columns: the status history is kept"

# A 15-digit old ID is upgraded to 18 digits; a 20-digit disability
# certificate is accepted as ID number.
OLD15=532923450101021
CERT="$(lk_id 53292319900101003)12"
printf '%s\n' household_no,name,id_number,relation,health,disability_cert \
	"5329231012020003,字老,$OLD15,之父,健康," \
	"5329231012020003,字残,$CERT,之子,残疾,$CERT" >old_ids.csv
lk import --members old_ids.csv
check_rc 0 "import of a 15-digit ID and a disability certificate"
lkj household show 5329231012020003
check_json_eq "[(m['id_number'], m['sex']) for m in d['members'] if m['name'] in ('字老', '字残')]" \
	"[[\"$(lk_id 53292319450101021)\", \"1\"], [\"$CERT\", \"1\"]]" \
	"the 15-digit ID is stored upgraded; the certificate as given"
lk import --members old_ids.csv
check_out 'members 2 \(0 new, 0 updated, 2 unchanged\)' "re-import of the 15-digit ID: unchanged"

# ---- --errors and warnings -------------------------------------------------

# A poor household without identified_year, attribute and main cause:
# imported, with warnings.
WW=$(lk_id 53292319660606061)
printf '%s\n' household_no,village_code,head_name,head_id,status \
	"5329231012020777,532923101202,吴伟,$WW,未脱贫" >warn_h.csv
printf '%s\n' household_no,name,id_number,relation "5329231012020777,吴伟,$WW,户主" >warn_m.csv
lk import --errors "$T/warn.csv" warn_h.csv warn_m.csv
check_rc 0 "import with warnings: exit 0"
check_out ', 3 warnings' "import with warnings: counted"
check_err 'warn_h\.csv:2: warning: identified_year' "warnings are printed with file and row"
check_errors_header "$T/warn.csv" "--errors: header"
check_issue "$T/warn.csv" warn_h.csv 2 identified_year required.missing warning "--errors: warning identified_year"
check_issue "$T/warn.csv" warn_h.csv 2 attribute required.missing warning "--errors: warning attribute"
check_issue "$T/warn.csv" warn_h.csv 2 main_cause required.missing warning "--errors: warning main_cause"
check_eq 3 "$(issue_lines "$T/warn.csv")" "--errors: one line per problem"
lk household show 5329231012020777
check_rc 0 "the household with warnings is imported"

# Several errors: one line each, CSV-quoted where needed.
BAD1=$(lk_bad_id 53292319660606071)
printf '%s\n' household_no,name,id_number,relation,migrant_months,work_place \
	"5329231012020777,吴一,$BAD1,之子,3,\"昆明,官渡\"" \
	"5329231012020777,吴二,$(lk_id 53292319900101021),之女,13," \
	"5329231012020777,吴三,$(lk_id 53292319900101031),之子,,\"说\"\"不清\"\"\"" >err_m.csv
lk_snapshot "$DB" before_err
lk import --members err_m.csv --errors "$T/err.csv"
check_rc 2 "import with errors: exit 2"
check_errors_header "$T/err.csv" "--errors: header of a rejected import"
check_issue "$T/err.csv" err_m.csv 2 id_number id.checksum error "--errors: the checksum error"
check_issue "$T/err.csv" err_m.csv 3 migrant_months value.number error "--errors: the range error"
check_eq 2 "$(issue_lines "$T/err.csv")" "--errors: one line per problem"
check_eq 7 "$(python3 -c 'import csv,sys; print(min(len(r) for r in csv.reader(open(sys.argv[1], encoding="utf-8", newline=""))))' "$T/err.csv")" \
	"--errors: every line has 7 fields"
check_file_has "$T/err.csv" "^err_m\.csv,2,id_number,$BAD1,id\.checksum,error," "--errors: values of the checksum line"
check_err "^err_m\.csv:2: error: id_number = $BAD1 \[id\.checksum\]" "stderr: the checksum error"
check_unchanged "$DB" before_err "a rejected import leaves the ledger unchanged"

# More than 20 problems: stderr shows 20, the file has all of them.
{
	echo household_no,name,id_number,relation,migrant_months
	for i in $(seq 10 39); do
		echo "5329231012020777,吴$i,$(lk_id 532923199001010$i),之子,13"
	done
} >many.csv
lk import --members many.csv --errors "$T/many.errors.csv"
check_rc 2 "30 bad rows: exit 2"
check_eq 30 "$(issue_lines "$T/many.errors.csv")" "--errors lists all 30 problems"
check_eq 20 "$(grep -c '^many\.csv:[0-9]*: error' "$ERR_FILE")" "stderr shows the first 20"
check_err '\.\.\. and 10 more' "stderr counts the others"
check_err '30 errors' "stderr gives the total"

# ---- --accept-invalid ------------------------------------------------------

# A bad check character and a code outside its list (legacy data) are
# imported as warnings with --accept-invalid.
AH=$(lk_id 53292319750101011)
AS=$(lk_bad_id 53292319780202002)
printf '%s\n' household_no,village_code,head_name,head_id,status,house_grade \
	"5329231012029101,532923101202,周六,$AH,一般农户,E" >acc_h.csv
printf '%s\n' household_no,name,id_number,relation,education \
	"5329231012029101,周六,$AH,户主,小学" \
	"5329231012029101,吴七,$AS,配偶,硕士" >acc_m.csv
lk_snapshot "$DB" before_acc
lk import acc_h.csv acc_m.csv
check_rc 2 "legacy values without --accept-invalid: rejected"
check_unchanged "$DB" before_acc "... and nothing written"
lk import --accept-invalid --errors "$T/acc.csv" acc_h.csv acc_m.csv
check_rc 0 "--accept-invalid: imported"
check_out 'households 1 \(1 new.*members 2 \(2 new.*3 warnings' "--accept-invalid: counts and 3 warnings"
check_issue "$T/acc.csv" acc_h.csv 2 house_grade code.invalid warning "--accept-invalid: code outside the list is a warning"
check_issue "$T/acc.csv" acc_m.csv 3 id_number id.checksum warning "--accept-invalid: bad check character is a warning"
check_issue "$T/acc.csv" acc_m.csv 3 education code.invalid warning "--accept-invalid: education outside the list is a warning"
check_eq 3 "$(issue_lines "$T/acc.csv")" "--accept-invalid: one line per problem"
check_err 'acc_m\.csv:3: warning: id_number' "--accept-invalid: warning on stderr"
lkj household show 5329231012029101
check_json_eq 'd["household"]["house_grade"]' E "the invalid code is kept as given"
check_json_eq '[m["id_number"] for m in d["members"]]' "[\"$AH\", \"$AS\"]" "the invalid ID is kept as given"
check_json_eq '[m.get("education") for m in d["members"]]' '["primary", "硕士"]' "the invalid education is kept as given"
lk import --accept-invalid acc_h.csv acc_m.csv
check_out 'households 1 \(0 new, 0 updated, 1 unchanged\)' "--accept-invalid re-import: unchanged"
lk audit verify
check_rc 0 "audit intact after --accept-invalid"

# Structural errors are not accepted: a household without head.
printf '%s\n' household_no,name,id_number,relation,education \
	"5329231012029101,周六,$AH,之子,小学" \
	"5329231012029101,吴七,$AS,配偶,硕士" >acc_nohead.csv
lk_snapshot "$DB" before_acc2
lk import --accept-invalid acc_h.csv acc_nohead.csv
check_rc 2 "--accept-invalid does not accept a household without head"
check_err 'household\.no_head' "... reported as no_head"
check_unchanged "$DB" before_acc2 "... and nothing written"
# ... nor a duplicate ID.
printf '%s\n' household_no,name,id_number,relation "5329231012029101,周六,$AH,户主" \
	"5329231012029101,周六,$AH,之子" >acc_dup.csv
lk import --accept-invalid --members acc_dup.csv
check_rc 2 "--accept-invalid does not accept a duplicate ID"
check_unchanged "$DB" before_acc2 "... and nothing written"
# ... nor an unknown column or a missing required value.
printf '%s\n' household_no,name,id_number,relation "5329231012029101,,$AH,户主" >acc_req.csv
lk import --accept-invalid --members acc_req.csv
check_rc 2 "--accept-invalid does not accept a missing required value"
check_unchanged "$DB" before_acc2 "... and nothing written"

# ---- --json of a successful import with warnings ----------------------------

lkj import --accept-invalid acc_h.csv acc_m.csv
check_rc 0 "--json import: exit 0"
check_json "--json import output"
check_json_eq 'd["imported"], d["errors"], d["warnings"]' '[true, 0, 3]' "--json: imported, counts"
check_json_eq 'sorted((i["file"], i["row"], i["column"], i["rule"], i["severity"]) for i in d["issues"])' \
	'[["acc_h.csv", 2, "house_grade", "code.invalid", "warning"], ["acc_m.csv", 3, "education", "code.invalid", "warning"], ["acc_m.csv", 3, "id_number", "id.checksum", "warning"]]' \
	"--json: the issues"

finish
