#!/usr/bin/env bash
# The same files in UTF-8, UTF-8 with BOM (and CRLF), and GB18030 (what
# Excel writes on a Chinese Windows) import to the same ledger; a file in
# the wrong encoding is rejected and changes nothing.
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

D=$E2E_DATA
cd "$T"

# The fixture, with names that test the conversion: a supplementary-plane
# character (𠮷, four bytes in GB18030), an extension-A one (䶮) and the
# middle dot of transliterated names (·, A1A4 in GB18030).
mkdir utf8 bom gb
sed 's/字小红/𠮷小红/; s/李老汉/䶮老汉/' "$D/members.csv" >utf8/members.csv
sed 's/王秀兰/阿依古丽·王/' "$D/households.csv" >utf8/households.csv
sed 's/王秀兰/阿依古丽·王/' utf8/members.csv >utf8/members.tmp
mv utf8/members.tmp utf8/members.csv
cp "$D/incomes.csv" utf8/incomes.csv
python3 - <<'PY'
for name in ("households", "members", "incomes"):
    text = open("utf8/%s.csv" % name, encoding="utf-8").read()
    # UTF-8 with BOM and CRLF line ends, as Excel's "CSV UTF-8" writes
    open("bom/%s.csv" % name, "wb").write(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    # GB18030, as Excel's plain "CSV" writes on a Chinese Windows
    open("gb/%s.csv" % name, "wb").write(text.replace("\n", "\r\n").encode("gb18030"))
PY
check_eq "$(head -c 3 bom/households.csv | od -An -tx1 | tr -d ' ')" efbbbf "the BOM file starts with a BOM"
check_eq 0 "$(grep -c $'\xe6\x88\xb7' gb/households.csv || true)" "the GB18030 file has no UTF-8 户"

# import_to NAME [IMPORT-OPTIONS] DIR: imports DIR into a new ledger NAME.db
# and exports it to NAME.out.
import_to() {
	local name=$1
	shift
	lk_new_ledger "$T/$name.db"
	lk_run "$LIKA" --db "$T/$name.db" import "$@"
	check_rc 0 "$name: import"
	check_out 'households 5 \(5 new.*members 13 \(13 new.*incomes 6 \(6 new.*, 0 warnings' "$name: all rows imported"
	lk_run "$LIKA" --db "$T/$name.db" export --out "$T/$name.out"
	check_rc 0 "$name: export"
	lk_run "$LIKA" --db "$T/$name.db" household list
	cp "$OUT_FILE" "$T/$name.list"
	lk_data_dump "$T/$name.db" >"$T/$name.data"
}
files() { echo "$1/households.csv" "$1/members.csv" "$1/incomes.csv"; }

import_to utf8 $(files utf8)
import_to bom $(files bom)
import_to gb $(files gb)
import_to gb_forced --encoding gb18030 $(files gb)
import_to gbk_name --encoding GBK $(files gb)
import_to bom_forced --encoding utf-8 $(files bom)
# one file in each encoding in the same import
import_to mixed gb/households.csv bom/members.csv utf8/incomes.csv

for v in bom gb gb_forced gbk_name bom_forced mixed; do
	for f in households members incomes; do
		check_same "$T/utf8.out/$f.csv" "$T/$v.out/$f.csv" "$v: $f.csv exports as from UTF-8"
	done
	check_same "$T/utf8.list" "$T/$v.list" "$v: household list as from UTF-8"
	check_same "$T/utf8.data" "$T/$v.data" "$v: the ledger's tables as from UTF-8"
done
check_file_has "$T/utf8.data" '𠮷小红' "the table dump has the data"

# The names survived the conversion.
lk_run "$LIKA" --db "$T/gb.db" household search 𠮷小红
check_out '^5329231012020003 .*𠮷小红' "GB18030: a supplementary-plane character"
lk_run "$LIKA" --db "$T/gb.db" household search 䶮老汉
check_out '^5329231012020001 .*䶮老汉' "GB18030: an extension-A character"
lk_run "$LIKA" --db "$T/gb.db" household search 阿依古丽·王
check_out '^5329231012030001 +阿依古丽·王' "GB18030: the middle dot"
check_file_has "$T/gb.out/members.csv" '阿依古丽·王' "the export has the name in UTF-8"

# Re-importing the GB18030 files into the UTF-8 ledger changes nothing.
lk_snapshot "$T/utf8.db" utf8
lk_run "$LIKA" --db "$T/utf8.db" import $(files gb)
check_out 'households 5 \(0 new, 0 updated, 5 unchanged\).*members 13 \(0 new, 0 updated, 13 unchanged\)' \
	"GB18030 re-import into the UTF-8 ledger: unchanged"
check_unchanged "$T/utf8.db" utf8 "GB18030 re-import leaves the ledger unchanged"

# The wrong encoding forced: rejected, row and column named, no change.
lk_run "$LIKA" --db "$T/utf8.db" import --encoding utf-8 --errors "$T/wrong.csv" $(files gb)
check_rc 2 "GB18030 read as UTF-8: rejected"
check_err '^gb/households\.csv:1: error: .*\[file\.format\] row 1, column 1: invalid utf-8' \
	"GB18030 read as UTF-8: the first bad row and column"
check_issue "$T/wrong.csv" gb/households.csv 1 "column 1" file.format error "GB18030 read as UTF-8: --errors line"
check_unchanged "$T/utf8.db" utf8 "GB18030 read as UTF-8: ledger unchanged"

# Neither UTF-8 nor GB18030.
printf 'household_no,name,id_number,relation\r\n5329231012020001,\x80\xff\x80,532923196503040116,\xbb\xa7\xd6\xf7\r\n' >bad.csv
lk_run "$LIKA" --db "$T/utf8.db" import --members bad.csv
check_rc 2 "undecodable bytes: rejected"
check_err '^bad\.csv:0: error: .*\[file\.unreadable\].*encoding' "undecodable bytes: named as an encoding problem"
check_unchanged "$T/utf8.db" utf8 "undecodable bytes: ledger unchanged"

# A BOM before Chinese headers in a members-only import.
printf '\xef\xbb\xbf户编号,姓名,证件号码,与户主关系,文化程度\r\n5329231012020001,李国华,532923196503040116,户主,高中\r\n' >bomh.csv
lk_run "$LIKA" --db "$T/utf8.db" import --members bomh.csv
check_rc 0 "BOM and Chinese headers: imported"
check_out 'members 1 \(0 new, 1 updated' "BOM and Chinese headers: the member updated"

finish
