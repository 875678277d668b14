#!/usr/bin/env bash
# xlsx.sh - the village ledger book as XLSX and XLSX import.
#
# The demo ledger is exported as a workbook (Chinese and English); the
# workbook imports into a fresh ledger whose CSV export equals the
# original's; LibreOffice opens it (converted to CSV, the members and
# incomes sheets equal lika's CSV export, the other sheets hold the
# expected names and figures) and a copy saved by LibreOffice as XLSX
# imports too; a workbook with an ID typed as a number, a bad check
# character or a corrupt file is rejected naming sheet, row and column,
# leaving the ledger as it was.  The LibreOffice parts are skipped
# (with a message) when soffice is missing.
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"
cd "$T"

DEMO=$T/demo.db
lk_run "$LIKA" --db "$DEMO" demo
check_rc 0 "demo ledger"
lk_run "$LIKA" --db "$DEMO" export --out base
check_rc 0 "CSV export of the demo"

# ---- export ------------------------------------------------------------

lk_run "$LIKA" --db "$DEMO" --json export --format xlsx --out book.xlsx
check_rc 0 "export --format xlsx"
check_json_eq 'd["format"], d["households"], d["members"], d["incomes"]' \
	'["xlsx", 320, 1290, 1600]' "export --json counts"
check_json_eq 'd["work"] > 100' true "the work sheets have records"
check_eq 504b0304 "$(head -c 4 book.xlsx | od -An -tx1 | tr -d ' ')" "a zip file"
check_eq "" "$(ls -A | grep -E '\.tmp$' || true)" "no temporary file left"
sheets=$(unzip -p book.xlsx xl/workbook.xml | grep -o 'sheet name="[^"]*"' | cut -d'"' -f2 | tr '\n' ' ')
check_eq "农户 家庭成员 收入 帮扶责任人 帮扶措施 民情日记 扶贫资金 资金拨付 扶贫项目 驻村工作队 党支部 党员 党员活动 " \
	"$sheets" "Chinese sheet names, one per table"
s1=$(unzip -p book.xlsx xl/worksheets/sheet1.xml)
check_eq 1 "$(grep -c 'state="frozen"' <<<"$s1")" "the header row is frozen"
check_eq 1 "$(grep -c '<autoFilter ref="A1:AP321"/>' <<<"$s1")" "autofilter over the households"
check_eq 1 "$(grep -c '<cols><col min="1" max="1" width=' <<<"$s1")" "column widths are set"
# household numbers and IDs are text, areas numbers (cells that follow
# the previous one leave out their reference)
check_eq 1 "$(grep -c '<row r="2"><c t="inlineStr"><is><t>5329231012020001</t>' <<<"$s1")" \
	"the household number is text"
check_eq 1 "$(grep -cE '<c s="2"><v>[0-9]+\.[0-9]+</v></c>' <<<"$s1")" "the cultivated area is a number"
check_eq 1 "$(grep -c '<c t="s"><v>[0-9]*</v></c>' <<<"$s1")" "labels are shared strings"
s3=$(unzip -p book.xlsx xl/worksheets/sheet3.xml)
check_eq 1 "$(grep -c '<c s="2"><v>37418.9</v></c>' <<<"$s3")" "money is a number"
check_eq "No errors detected in compressed data of book.xlsx." "$(unzip -t book.xlsx | tail -1)" \
	"unzip tests every entry (CRC, sizes)"
st=$(unzip -p book.xlsx xl/styles.xml)
check_eq 1 "$(grep -c 'formatCode="0.00"' <<<"$st")" "money has a number format"

lk_run "$LIKA" --db "$DEMO" export --format xlsx --lang en --out book_en.xlsx
check_rc 0 "export --format xlsx --lang en"
check_out 'exported 320 households, 1290 members, 1600 incomes and [0-9]+ work records' "summary line"
sheets=$(unzip -p book_en.xlsx xl/workbook.xml | grep -o 'sheet name="[^"]*"' | cut -d'"' -f2 | tr '\n' ' ')
check_eq "households members incomes cadres measures visits funds disbursements projects team_members party_branches party_members party_activities " \
	"$sheets" "English sheet names"

lk_run "$LIKA" --db "$DEMO" export --format pdf --out x.pdf
check_rc 1 "an unknown format is a usage error"
lk_run "$LIKA" --db "$DEMO" export --format xlsx --out nodir/x.xlsx
check_rc 5 "an unwritable path fails"
check_err 'nodir/x.xlsx' "the message names the file"

# ---- import of the exported workbook -----------------------------------

# import_book NAME WORKBOOK: a fresh ledger with the workbook imported,
# exported as CSV into NAME/
import_book() {
	lk_new_ledger "$T/$1.db"
	lk_run "$LIKA" --db "$T/$1.db" import "$2"
	check_rc 0 "$1: import $2"
	check_out 'imported: households 320 \(320 new.*members 1290 \(1290 new.*incomes 1600 \(1600 new' \
		"$1: every row imported"
	lk_run "$LIKA" --db "$T/$1.db" export --out "$1"
	for f in households members incomes; do
		check_same base/$f.csv "$1/$f.csv" "$1: $f.csv equals the original's"
	done
}
import_book zh book.xlsx
import_book en book_en.xlsx

lk_snapshot "$T/zh.db" zh
lk_run "$LIKA" --db "$T/zh.db" import book.xlsx --dry-run
check_rc 0 "dry run of the workbook again"
check_out 'households 320 \(0 new, 0 updated, 320 unchanged' "re-import changes nothing"
lk_run "$LIKA" --db "$T/zh.db" import book.xlsx
check_rc 0 "re-import"
check_out 'members 1290 \(0 new, 0 updated, 1290 unchanged' "re-import: members unchanged"

# ---- rejected workbooks ------------------------------------------------

H1=$(lk_id 53292319650304011)
M1=$(lk_id 53292319900101021)
M2=$(lk_id 53292319920202031)
BAD=$(lk_bad_id 53292319940303041)
# mkbook FILE MEMBER-ROWS: a workbook (written by python3) with one
# household 5329231012029901 and the members given as
# "name|id|relation|idtype" (idtype n = a number cell, s = text)
mkbook() {
	python3 - "$@" <<'PY'
import sys, zipfile
from xml.sax.saxutils import escape
out, rows = sys.argv[1], sys.argv[2:]
def col(i): return chr(ord('A') + i)
def sheet(table):
    x = ['<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, cells in enumerate(table, 1):
        x.append('<row r="%d">' % r)
        for c, v in enumerate(cells):
            ref = '%s%d' % (col(c), r)
            if isinstance(v, tuple):
                x.append('<c r="%s"><v>%s</v></c>' % (ref, v[0]))
            elif v != '':
                x.append('<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(v)))
        x.append('</row>')
    x.append('</sheetData></worksheet>')
    return ''.join(x)
hh = [['household_no', 'village_code', 'head_name', 'head_id', 'status'],
      ['5329231012029901', '532923101202', '周一', rows[0].split('|')[1], '一般农户']]
mm = [['household_no', 'name', 'id_number', 'relation']]
for m in rows:
    name, idn, rel, kind = m.split('|')
    mm.append(['5329231012029901', name, (idn,) if kind == 'n' else idn, rel])
R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('_rels/.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="%s/officeDocument" Target="xl/workbook.xml"/></Relationships>' % R)
    z.writestr('xl/workbook.xml', '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="%s"><sheets><sheet name="households" sheetId="1" r:id="rId1"/><sheet name="members" sheetId="2" r:id="rId2"/></sheets></workbook>' % R)
    z.writestr('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="%s/worksheet" Target="worksheets/sheet2.xml"/></Relationships>' % (R, R))
    z.writestr('xl/worksheets/sheet1.xml', sheet(hh))
    z.writestr('xl/worksheets/sheet2.xml', sheet(mm))
PY
}

DB=$T/rej.db
lk_new_ledger "$DB"
mkbook good.xlsx "周一|$H1|户主|s" "周二|$M1|之子|s"
lk_run "$LIKA" --db "$DB" import good.xlsx --dry-run
check_rc 0 "a hand-made workbook is valid"
check_out 'households 1 \(1 new.*members 2 \(2 new' "dry run counts it"
# an 18-digit ID typed as a number (Excel keeps 15 digits) in row 3,
# a wrong check character in row 4
mkbook bad.xlsx "周一|$H1|户主|s" "周二|5.32923199001010E+17|之子|n" "周三|$BAD|之女|s"
lk_snapshot "$DB" before
lk_run "$LIKA" --db "$DB" import bad.xlsx --errors bad.errors.csv
check_rc 2 "a workbook with bad IDs is rejected"
check_err '^bad\.xlsx:members:3: error: id_number = 5\.32923199001010E\+17 \[value\.number_lossy\] .*lost digits' \
	"the number ID: sheet, row, column and reason"
check_err "^bad\\.xlsx:members:4: error: id_number = $BAD \\[id\\.checksum\\]" \
	"the bad check character: sheet, row, column"
check_errors_header bad.errors.csv "--errors header"
check_issue bad.errors.csv bad.xlsx:members 3 id_number value.number_lossy error "--errors: the number ID"
check_issue bad.errors.csv bad.xlsx:members 4 id_number id.checksum error "--errors: the check character"
check_err 'nothing was imported' "nothing imported"
check_unchanged "$DB" before "the rejected workbook left the ledger as it was"

# a workbook without the tables; a corrupt one; a CSV named .xlsx
printf 'PK\003\004 this is no zip' >corrupt.xlsx
lk_run "$LIKA" --db "$DB" import corrupt.xlsx
check_rc 2 "a corrupt workbook: exit 2"
check_err '^corrupt\.xlsx:0: error: .*\[file\.unreadable\] .*not an XLSX workbook' "a clear message"
head -c 3000 book.xlsx >cut.xlsx
lk_run "$LIKA" --db "$DEMO" import cut.xlsx
check_rc 2 "a truncated workbook: exit 2"
check_err 'nothing was imported' "a truncated workbook imports nothing"
lk_run "$LIKA" --db "$DB" import base/households.csv book.xlsx
check_rc 2 "a workbook among CSV files"
check_err 'is an XLSX workbook, not a CSV file' "says it is a workbook"
check_unchanged "$DB" before "still unchanged"

# ---- LibreOffice -------------------------------------------------------

if ! command -v soffice >/dev/null; then
	echo "skipped: the LibreOffice checks (no soffice)"
	finish
	exit 0
fi
SO=(env LC_ALL=C.UTF-8 soffice "-env:UserInstallation=file://$T/lo-profile" --headless)
# every sheet to CSV, UTF-8, as shown
lk_run "${SO[@]}" --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1' \
	--outdir lo book.xlsx
check_rc 0 "LibreOffice converts the workbook to CSV"
check_same <(tail -c +4 base/members.csv | tr -d '\r') <(tr -d '\r' <lo/book-家庭成员.csv 2>/dev/null) \
	"LibreOffice shows the members sheet as lika's members.csv"
check_same <(tail -c +4 base/incomes.csv | tr -d '\r') <(tr -d '\r' <lo/book-收入.csv 2>/dev/null) \
	"LibreOffice shows the incomes sheet as lika's incomes.csv"
hrow=$(sed -n 2p base/households.csv | cut -d, -f1-5)
check_file_has lo/book-农户.csv "^$(re_quote "$hrow")," "the first household as lika wrote it"
check_eq 321 "$(grep -c '' lo/book-农户.csv)" "320 households and the header"
check_file_has lo/book-帮扶措施.csv '^编号,户编号,帮扶措施类别' "measures sheet header"
check_file_has lo/book-扶贫资金.csv ',10000\.00,' "the training fund of 10,000 yuan"
check_file_has lo/book-驻村工作队.csv '第一书记' "the team's first secretary"
check_file_has lo/book-党员.csv '正式党员|预备党员' "party members"
# saved by LibreOffice as XLSX (shared strings, its own styles)
lk_run "${SO[@]}" --convert-to xlsx --outdir lo book.xlsx
check_rc 0 "LibreOffice saves the workbook as XLSX"
check_eq 1 "$(unzip -l lo/book.xlsx | grep -c 'xl/sharedStrings.xml')" "LibreOffice's copy uses shared strings"
import_book lo lo/book.xlsx

finish
