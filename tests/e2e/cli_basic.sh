#!/usr/bin/env bash
# The lika command line, end to end: help and exit codes of every command,
# --json output, regions, households, members, incomes and the audit log.
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

DB=$T/x.db
lk() { lk_run "$LIKA" --db "$DB" "$@"; }
lkj() { lk_run "$LIKA" --db "$DB" --json "$@"; }

# ---- global options and help ------------------------------------------

lk_run "$LIKA" --help
check_rc 0 "lika --help"
check_out '^usage: lika ' "lika --help prints the usage"
for c in init regions household member income import export audit; do
	check_out "^  $c " "lika --help lists $c"
done
# every command listed (also ones added later) is checked for --help below
COMMANDS=$(sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p' "$OUT_FILE")
check_eq yes "$([ "$(echo "$COMMANDS" | wc -l)" -ge 8 ] && echo yes)" "the command list has all commands"
lk_run "$LIKA"
check_rc 1 "lika without a command is a usage error"
check_err '^usage: lika' "... and prints the usage on stderr"
lk_run "$LIKA" frobnicate
check_rc 1 "unknown command: exit 1"
check_err 'unknown command frobnicate' "unknown command named"
lk_run "$LIKA" --lang xx household list
check_rc 1 "unknown --lang: exit 1"
lk_run "$LIKA" --db
check_rc 1 "--db without a value: exit 1"
lk_run "$LIKA" --version
check_rc 0 "lika --version"
check_out '^lika [0-9]+\.[0-9]+' "version line"

# lika leaves the HTTP server's libraries to lika-serve, which `lika
# serve` runs with the same arguments; without it, a clear failure.
if ldd "$LIKA" | grep -q libmicrohttpd; then
	fail "lika loads libmicrohttpd"
else
	pass
fi
lk_run "$LIKA" --lang zh_CN serve --help
check_rc 0 "lika serve --help runs lika-serve"
check_out '^用法：lika serve' "... which prints the usage of serve"
mkdir "$T/alone"
cp "$LIKA" "$T/alone/lika"
if [ ! -e "$(strings "$LIKA" | grep -m1 '/libexec/lika$')/lika-serve" ]; then
	lk_run "$T/alone/lika" serve
	check_rc 5 "lika serve without lika-serve: exit 5"
	check_err 'cannot run .*lika-serve' "... naming the program"
fi

# --help on every command (and sub-command), before any ledger exists:
# exit 0, the command's usage on stdout, no ledger created.
NOLEDGER=$T/none.db
for c in $COMMANDS; do
	lk_run "$LIKA" --db "$NOLEDGER" $c --help
	check_rc 0 "lika $c --help: exit 0"
	check_out "^usage: lika $c" "lika $c --help prints its usage"
	check_eq "" "$(cat "$ERR_FILE")" "lika $c --help: nothing on stderr"
done
for cs in "regions load" "regions list" "regions show" "regions add-group" \
	"household add" "household show" "household list" "household search" \
	"household edit" "household history" "member add" "member edit" \
	"member remove" "income set" "income show" "audit verify" "audit log"; do
	lk_run "$LIKA" --db "$NOLEDGER" $cs --help
	check_rc 0 "lika $cs --help: exit 0"
	check_out "^ *(usage:)? *lika ${cs%% *} " "lika $cs --help prints the usage"
done
check_eq "no" "$([ -e "$NOLEDGER" ] && echo yes || echo no)" "--help creates no ledger"

# A command on a ledger that does not exist: not found, nothing created.
lk_run "$LIKA" --db "$NOLEDGER" household list
check_rc 3 "no ledger: exit 3"
check_err 'no ledger at' "no ledger: says so"
check_eq "no" "$([ -e "$NOLEDGER" ] && echo yes || echo no)" "no ledger is created by household list"
lk_run "$LIKA" --db "$NOLEDGER" --json household list
check_rc 3 "no ledger --json: exit 3"
check_json "no ledger --json: error body is JSON"
check_json_eq 'd["error"]["status"]' 3 "no ledger --json: status 3"

# ---- init and regions ---------------------------------------------------

lkj init
check_rc 0 "init"
check_json "init --json"
check_json_eq 'd["initialised"]' true "init --json says initialised"
lk init
check_rc 0 "init again (upgrade of an existing ledger)"
lk init extra
check_rc 1 "init with an argument: usage error"

lk regions load --province 53
check_rc 0 "regions load --province 53"
check_out 'regions loaded' "regions load reports the count"
lk regions list
check_rc 0 "regions list"
check_out '^53 +云南省' "regions list shows the province"
lk regions list 532923101
check_out '^532923101202 +褚家营社区村民委员会' "regions list CODE shows the villages"
check_out '^532923101203 ' "regions list CODE shows the second village"
lk regions show 532923101202
check_rc 0 "regions show"
check_out '^name: 褚家营社区村民委员会' "regions show: name"
check_out '^level: 5' "regions show: level"
check_out '^parent: 532923101$' "regions show: parent"
lkj regions show 532923101202
check_json "regions show --json"
check_json_eq 'd["name"]' 褚家营社区村民委员会 "regions show --json: name"
lkj regions list 532923101
check_json "regions list --json"
check_json_eq 'len(d["regions"]) > 2' true "regions list --json: villages"
lk regions show 000000000000
check_rc 3 "regions show of an unknown code: exit 3"
lk regions add-group 532923101203 三组 --attribute 山区
check_rc 0 "regions add-group"
check_out '^code: 532923101203[0-9]{3}' "add-group shows the new group's code"
check_out '^attribute: mountain' "add-group keeps the attribute"
GROUP=$(sed -n 's/^code: //p' "$OUT_FILE")
lk regions list 532923101203
check_out "^$GROUP +三组 +mountain" "the group is listed under its village"
lk regions add-group 532923101203 三组
check_rc 4 "add-group twice: conflict"
lk regions add-group 532923101203 四组 --attribute 海边
check_rc 2 "add-group with a bad attribute: invalid"
lk regions add-group 999999999999 五组
check_rc 3 "add-group in an unknown village: not found"
lk regions frob
check_rc 1 "regions frob: usage error"
lk regions
check_rc 1 "regions without a sub-command: usage error"

# ---- households ---------------------------------------------------------

ZS=$(lk_id 53292319801120051)    # 张三, male
LS=$(lk_id 53292319830315002)    # 李四, female
SON=$(lk_id 53292320100101001)   # 张小明, male
LGH=$(lk_id 53292319650304011)   # 李国华, male
H1=5329231012020001
H2=5329231012030001

lk household add --no $H1 --village 532923101202 --head-name 张三 \
	--head-id "$ZS" --status 未脱贫 --set phone=13812345678 \
	--set main_cause=因病 --set 村民小组=上村组 --set attribute=一般贫困户 \
	--set identified_year=2015
check_rc 0 "household add"
check_out "^household $H1" "household add shows the household"
check_out 'head of household +张三' "... with its head"
check_out 'status +poor' "... and status"
check_out 'villager group +上村组' "... and the group given by its Chinese header"
lkj household add --no $H2 --village 532923101203 --head-name 李国华 \
	--head-id "$LGH" --set phone=0878-1234567
check_rc 0 "household add --json"
check_json "household add --json"
check_json_eq 'd["household"]["status"]' ordinary "household add: default status ordinary"
check_json_eq '[m["id_number"] for m in d["members"]]' "[\"$LGH\"]" "household add creates the head as member"

lk household add --no $H1 --village 532923101202 --head-name 王五 --head-id "$(lk_id 53292319900101011)"
check_rc 4 "household add of an existing number: conflict"
lkj household add --no $H1 --village 532923101202 --head-name 王五 --head-id "$(lk_id 53292319900101011)"
check_rc 4 "household add of an existing number --json: conflict"
check_json_eq 'd["error"]["status"], d["error"]["code"] > 0' '[4, true]' "--json conflict: error body with status 4"
lk household add --no 5329231012020002 --village 532923101202 --head-name 张三 --head-id "$ZS"
check_rc 4 "household add with the ID of a current member elsewhere: conflict"
lk household add --no 5329231012020002 --village 532923101202 --head-name 王五 --head-id "$(lk_bad_id 53292319900101011)"
check_rc 2 "household add with a bad check character: invalid"
check_err 'check character' "... names the problem"
lk household add --no 5329231012020002 --village 532923101299 --head-name 王五 --head-id "$(lk_id 53292319900101011)"
check_rc 2 "household add in an unknown village: invalid"
lk household add --no 5329231012020002 --village 532923101202
check_rc 1 "household add without head: usage error"
lk household add --no 5329231012020002 --village 532923101202 --head-name 王五 \
	--head-id "$(lk_id 53292319900101011)" --set house_grade=Z
check_rc 2 "household add with a value outside its code list: invalid"
lk household show 5329231012020002
check_rc 3 "the refused households were not created"

lk household show $H1
check_rc 0 "household show"
check_out 'phone +13812345678' "household show: phone"
check_out "ID number +$ZS" "household show: member"
lkj household show $H1
check_json "household show --json"
check_json_eq 'd["household"]["head_name"]' 张三 "show --json: head_name"
check_json_eq 'd["household"]["main_cause_label"]' illness "show --json: label of a coded value"
lk household show 5329231012029999
check_rc 3 "household show of an unknown number: exit 3"
check_err 'no household 5329231012029999' "... says so"
lkj household show 5329231012029999
check_rc 3 "household show --json unknown: exit 3"
check_json "household show --json unknown: error body"
check_json_eq 'd["error"]["status"]' 3 "error body status 3"

lk household history $H1
check_rc 0 "household history"
check_out 'status +poor +entered' "history: the status entered on the command line"

lk household list
check_rc 0 "household list"
check_out "^$H1 +张三 " "list: first household"
check_out "^$H2 +李国华 " "list: second household"
lkj household list
check_json "household list --json"
check_json_eq 'd["count"]' 2 "list --json: count"
lk household list --status 未脱贫
check_out "^$H1 " "list --status: the poor household"
check_no_out "^$H2 " "list --status: not the ordinary one"
lk household list --region 532923101203
check_out "^$H2 " "list --region: the household of the village"
check_no_out "^$H1 " "list --region: not the other village"
lkj household list --limit 1
check_json_eq 'd["count"]' 1 "list --limit 1"
lk household list --limit 0
check_rc 1 "list --limit 0: usage error"
lkj household list --limit 0
check_rc 1 "list --limit 0 --json: usage error"
check_json_eq 'd["error"]["status"]' 1 "--json usage error: error body with status 1"
lk household list --status 富裕
check_rc 1 "list --status unknown: usage error"
lk household list --frob
check_rc 1 "list with an unknown option: usage error"

# ---- members --------------------------------------------------------------

lk member add --household $H1 --name 李四 --id "$LS" --relation 配偶 --set 民族=彝族
check_rc 0 "member add"
check_out "ID number +$LS" "member add shows the household with the member"
check_out 'sex +female' "sex derived from the ID number"
lkj member add --household $H1 --name 张小明 --id "$SON" --relation 之子 --set school=小学
check_rc 0 "member add --json"
check_json "member add --json"
check_json_eq 'len(d["members"])' 3 "three members"
lk member add --household $H1 --name 张小红 --id "$(lk_id 53292320120202002)" --relation 之女 --set sex=男
check_rc 2 "member add with sex contradicting the ID: invalid"
check_err 'contradicts' "... names the problem"
lkj member add --household $H1 --name 张小红 --id "$(lk_id 53292320120202002)" --relation 之女 --set sex=男
check_rc 2 "member add with sex contradicting the ID --json: invalid"
check_json_eq 'd["error"]["status"], d["error"]["field"]' '[2, "sex"]' "--json invalid: error body names the field"
lk member add --household $H2 --name 李四 --id "$LS" --relation 之女
check_rc 4 "member add of an ID current in another household: conflict"
lk member add --household 5329231012029999 --name 王五 --id "$(lk_id 53292319900101011)" --relation 户主
check_rc 3 "member add to an unknown household: not found"
lk member add --household $H1 --name 王五 --id "$(lk_id 53292319900101011)" --relation 老伴
check_rc 2 "member add with an unknown relation: invalid"
lk member add --household $H1 --name 王五
check_rc 1 "member add without --id: usage error"

lk member edit "$LS" --set education=初中 --set 健康状况=长期慢性病
check_rc 0 "member edit"
check_out "member $LS updated" "member edit: updated"
lk member edit "$LS" --set education=初中
check_out "member $LS unchanged" "member edit of the same value: unchanged"
lk member edit "$LS" --set education=博士后
check_rc 2 "member edit with a value outside the list: invalid"
lk member edit "$LS" --set id_number="$SON"
check_rc 2 "member edit of the ID number: invalid"
lk member edit "$(lk_id 53292319900101011)" --set education=初中
check_rc 3 "member edit of an unknown ID: not found"
lk member edit "$LS"
check_rc 1 "member edit without --set: usage error"
lkj household show $H1
check_json_eq "[m['education'] for m in d['members'] if m['id_number'] == '$LS']" '["junior"]' "the edit is stored"

# ---- household edit -------------------------------------------------------

lk household edit $H1 --set house_grade=C --set 是否易地搬迁户=是 --set phone=13900001111
check_rc 0 "household edit --set"
check_out "household $H1 updated" "household edit: updated"
lk household edit $H1 --set house_grade=C
check_out "household $H1 unchanged" "household edit of the same value: unchanged"
lkj household show $H1
check_json_eq 'd["household"]["house_grade"]' C "edit stored: house_grade"
check_json_eq 'd["household"]["relocated"]' true "edit stored: relocated"
check_json_eq 'd["household"]["phone"]' 13900001111 "edit stored: phone"
check_json_eq 'd["household"]["main_cause"]' 1 "edit keeps the fields it does not name"
lk household edit $H1 --set house_grade=Z
check_rc 2 "household edit with a bad value: invalid"
lk household edit $H1 --set shoe_size=42
check_rc 2 "household edit of an unknown field: invalid"
lk household edit $H1 --set household_no=1
check_rc 2 "household edit of the number: invalid"
lk household edit $H1 --set house_grade
check_rc 1 "household edit --set without '=': usage error"
lk household edit $H1
check_rc 1 "household edit without --set: usage error"
lk household edit 5329231012029999 --set house_grade=A
check_rc 3 "household edit of an unknown household: not found"
lkj household edit $H1 --set house_grade=B
check_rc 0 "household edit --json"
check_json "household edit --json"

# ---- search -----------------------------------------------------------------

lk household search 张三
check_rc 0 "search a two-character name"
check_out "^$H1 " "search 张三 finds the household"
check_no_out "^$H2 " "search 张三 finds only it"
lk household search 李四
check_out "^$H1 .*李四" "search a member's name shows the member"
lk household search "${ZS:12:6}"
check_out "^$H1 " "search a partial ID number"
lk household search "$LGH"
check_out "^$H2 " "search a full ID number"
lk household search $H2
check_out "^$H2 " "search a household number"
check_no_out "^$H1 " "search a household number finds only it"
lk household search 13900001111
check_out "^$H1 " "search a phone number"
lk household search 0878-1234567
check_out "^$H2 " "search a fixed phone number"
lk household search 赵钱孙
check_rc 0 "search without a hit: exit 0"
check_out 'no household found' "search without a hit says so"
lkj household search 李
check_json "search --json"
check_json_eq 'sorted(h["household_no"] for h in d["households"])' "[\"$H1\", \"$H2\"]" "search 李: both households"

# ---- incomes ------------------------------------------------------------------

lk income set $H1 --year 2022 --set wage=12000 --set 低保金=1200.60 --set expense=600
check_rc 0 "income set"
check_out "$H1 2022: net income 12600.60 yuan, 3 persons, 4200.20 yuan per person" \
	"income set: derived net and per-capita"
lkj income set $H1 --year 2021 --set operating=3000 --set expense=1500.30
check_rc 0 "income set --json"
check_json "income set --json"
check_json_eq 'd["net_income"]' 1499.7 "income set --json: net"
check_json_eq 'd["per_capita"]' 499.9 "income set --json: per capita"
lk income show $H1
check_rc 0 "income show"
check_out '^  2021 +1499\.70 +3 +499\.90' "income show: 2021"
check_out '^  2022 +12600\.60 +3 +4200\.20' "income show: 2022"
lkj income show $H1
check_json "income show --json"
check_json_eq '[(i["year"], i["net_income"], i["per_capita"]) for i in d["incomes"]]' \
	'[[2021, 1499.7, 499.9], [2022, 12600.6, 4200.2]]' "income show --json: years"
lk income set $H1 --year 2022 --set wage=-5
check_rc 2 "income set of a negative amount: invalid"
lk income set $H1 --year 2022 --set wage=abc
check_rc 2 "income set of a non-number: invalid"
lk income set $H1 --year 2022 --set wage=12000 --set net_income=99999
check_rc 2 "income set with a stated net that disagrees: invalid"
lk income set $H1 --set wage=1
check_rc 1 "income set without --year: usage error"
lk income set 5329231012029999 --year 2022 --set wage=1
check_rc 3 "income set of an unknown household: not found"
lk income show $H1
check_out '^  2022 +12600\.60 ' "refused income sets changed nothing"

# ---- member remove ----------------------------------------------------------

lk member remove "$SON" --status 死亡 --date 2023-04-05
check_rc 0 "member remove (death)"
check_out "member $SON removed" "member remove says so"
lkj household show $H1
check_json_eq "[(m['member_status'], m['status_date']) for m in d['members'] if m['id_number'] == '$SON']" \
	'[["deceased", "2023-04-05"]]' "the member stays, deceased with the date"
lkj household list
check_json_eq "[h['members'] for h in d['households'] if h['household_no'] == '$H1']" '[2]' \
	"the household has two current members"
lk member remove "$SON" --status 死亡 --date 2023-04-05
check_rc 3 "removing a removed member: not found"
lk member remove "$LS" --status 迁出
check_rc 1 "member remove without --date: usage error"
lk member remove "$LS" --status 在册 --date 2023-01-01
check_rc 2 "member remove with status current: invalid"
lk member remove "$LS" --status 迁出 --date 2023-02-30
check_rc 2 "member remove with an impossible date: invalid"

# The head cannot leave without a new head.
lk_snapshot "$DB" before_head
lk member remove "$ZS" --status 死亡 --date 2024-01-02
check_rc 2 "removing the head without --new-head: refused"
check_err 'new-head' "... and the message names --new-head"
check_unchanged "$DB" before_head "refused head removal leaves the ledger unchanged"
lk member remove "$ZS" --status 死亡 --date 2024-01-02 --new-head "$LGH"
check_rc 2 "--new-head from another household: refused"
check_unchanged "$DB" before_head "refused --new-head leaves the ledger unchanged"
lk member remove "$ZS" --status 死亡 --date 2024-01-02 --new-head "$LS"
check_rc 0 "removing the head with --new-head"
lkj household show $H1
check_json_eq 'd["household"]["head_id"]' "$LS" "the new head's ID is head_id"
check_json_eq 'd["household"]["head_name"]' 李四 "the new head's name is head_name"
check_json_eq "[m['relation'] for m in d['members'] if m['id_number'] == '$LS']" '["1"]' \
	"the new head's relation is head"
check_json_eq "[m['member_status'] for m in d['members'] if m['id_number'] == '$ZS']" '["deceased"]' \
	"the old head is deceased"
lkj member remove "$LGH" --status 迁出 --date 2024-05-01
check_rc 2 "removing the only member: refused"
check_json "refused remove --json: error body"

# ---- audit -------------------------------------------------------------------

lk audit verify
check_rc 0 "audit verify"
check_out 'audit log intact' "audit verify: intact"
lkj audit verify
check_json "audit verify --json"
check_json_eq 'd["intact"]' true "audit verify --json: intact"
lk audit log
check_rc 0 "audit log"
check_out "create +household $H1" "audit log: household created"
check_out "update +member $LS" "audit log: member updated"
check_out "update +household $H1" "audit log: household edited"
check_out "create +income $H1/2022" "audit log: income set"
lk audit log --entity household:$H2
check_out "household $H2" "audit log --entity: the household"
check_no_out "household $H1" "audit log --entity: only it"
lkj audit log --limit 3
check_json "audit log --json"
check_json_eq 'len(d["records"])' 3 "audit log --limit 3"
lk_run "$LIKA" --db "$DB" --user 王会计 household edit $H2 --set house_grade=A
lk audit log --user 王会计
check_out "王会计 +update +household $H2" "audit log records --user"
lk audit frob
check_rc 1 "audit frob: usage error"

# A changed audit record is found.
cp "$DB" "$T/tampered.db"
sqlite3 "$T/tampered.db" "UPDATE audit SET user = 'mallory' WHERE seq = 3"
lk_run "$LIKA" --db "$T/tampered.db" audit verify
check_rc 2 "audit verify of a changed record: exit 2"
check_err 'record 3' "audit verify names the changed record"
lk_run "$LIKA" --db "$T/tampered.db" --json audit verify
check_json "audit verify --json of a changed log"
check_json_eq 'd["first_bad"]' 3 "audit verify --json: first_bad"

# ---- internal / I/O errors: exit 5 --------------------------------------------

touch "$T/plainfile"
lk export --out "$T/plainfile/sub"
check_rc 5 "export into a path under a file: exit 5"
lkj export --out "$T/plainfile/sub"
check_rc 5 "export into a path under a file --json: exit 5"
check_json_eq 'd["error"]["status"]' 5 "--json I/O error: error body with status 5"
lk export
check_rc 1 "export without --out: usage error"

finish
