#!/usr/bin/env bash
# The household file (扶贫手册) from the command line on the demo ledger:
# markdown, HTML and DOCX of one household in both languages, the batch
# of a village (a page per registered household, in number order), an
# unknown household, bad usage, and the DOCX files of one household
# opened by LibreOffice (converted to PDF, then to text) when soffice is
# installed.  (The batch of the demo village is some 360 pages: a minute
# of LibreOffice, so its page breaks are counted in the XML instead.)
set -euo pipefail
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. "$(dirname "$0")/lib.sh"

DB=$T/demo.db
V=532923101202
export LIKA_NOW=2024-06-30T10:00:00
lk() { lk_run "$LIKA" --db "$DB" "$@"; }
lkj() { lk_run "$LIKA" --db "$DB" --json "$@"; }

lk demo
check_rc 0 "lika demo"
lkj household list --status lifted --limit 1
NO=$(json_get 'd["households"][0]["household_no"]')
HEAD=$(json_get 'd["households"][0]["head_name"]')
HID=$(json_get 'd["households"][0]["head_id"]')

# ---- one household ---------------------------------------------------
lk report household "$NO"
check_rc 0 "report household (md)"
check_out "^# Household file: $HEAD \\($NO\\)$" "the title names the head and the number"
check_out "^## Basic information$" "basic information"
check_out "\\*\\*head's ID number\\*\\* \\| $HID \\|" "the head's ID as stored"
check_out "^## Household members$" "members"
check_out "^## Income by year$" "income by year"
check_out "^\\| poverty line \\| 2800\\.00 \\| 2855\\.00 \\| 2952\\.00 \\| 2952\\.00 \\| 2995\\.00 \\|" "the poverty line of each year from policy"
check_out "^## Helpers$" "helpers"
check_out "^### industry$" "measures by batch"
check_out "^## Visits$" "visits"
check_out "^\\| 2018-0[0-9]-[0-9]{2} \\| " "dated visits"
check_out "^\\| exit from poverty \\| " "the exit procedure"
check_out "^## Signatures$" "signatures block"
cp "$OUT_FILE" "$T/h.md"
# the visits of the household, counted by the work service
lkj visit list --household "$NO"
NV=$(json_get 'd["count"]')
check_eq "$NV" "$(sed -n '/^## Visits/,/^## Procedures/p' "$T/h.md" | grep -cE '^\| 20[0-9]{2}-')" "one row per visit"

lk --lang zh_CN report household "$NO"
check_rc 0 "report household in Chinese"
check_out "^# 扶贫手册：$HEAD（$NO）$" "the Chinese title"
check_out "^## 基本情况$" "基本情况"
check_out "\\*\\*户主姓名\\*\\* \\| $HEAD \\|" "Chinese field labels"
check_out "\\*\\*贫困户状态\\*\\* \\| 已脱贫 \\|" "codes as Chinese labels"
check_out "^## 签字$" "签字"

lk report household "$NO" --out "$T/h.html"
check_rc 0 "report household --out h.html"
check_file_has "$T/h.html" '^<html lang="en">$' "HTML by the extension, English"
check_file_has "$T/h.html" "<h1 class=\"title\">Household file: $HEAD \\($NO\\)</h1>" "the HTML title heading"
check_file_has "$T/h.html" "<td>$HID</td>" "the ID in a table cell"
check_file_lacks "$T/h.html" '<(link|script)|src=' "self-contained"
lk --lang zh_CN report household "$NO" --format html --out "$T/hz.out"
check_file_has "$T/hz.out" '^<html lang="zh-CN">$' "--format html wins over the extension"

lk report household "$NO" --out "$T/h.docx"
check_rc 0 "report household --out h.docx"
check_err "wrote .*h.docx" "says where it wrote"
lk --lang zh_CN report household "$NO" --out "$T/hz.docx"
check_rc 0 "Chinese docx"
python3 - "$T/h.docx" "$HEAD" "$HID" >"$T/zipcheck" 2>&1 <<'PY' || true
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = set(z.namelist())
need = {"[Content_Types].xml", "_rels/.rels", "word/document.xml",
        "word/styles.xml", "word/settings.xml", "word/numbering.xml",
        "docProps/core.xml", "docProps/app.xml",
        "word/_rels/document.xml.rels"}
doc = z.read("word/document.xml").decode()
print("parts", "ok" if need <= names else sorted(need - names))
print("head", sys.argv[2] in doc, "id", sys.argv[3] in doc)
print("zip", z.testzip())
import xml.dom.minidom
for n in sorted(names):
    try:
        xml.dom.minidom.parseString(z.read(n))
    except Exception as e:
        print("not well-formed:", n, e)
PY
check_eq "parts ok
head True id True
zip None" "$(cat "$T/zipcheck")" "the docx is a zip with its parts and the text"

# ---- the batch of a village ----------------------------------------
lkj household list --region $V
REG=$(json_get 'sum(1 for h in d["households"] if h["status"] in ("poor", "lifted", "returned"))')
ALL=$(json_get 'd["count"]')
FIRST=$(json_get 'sorted(h["household_no"] for h in d["households"] if h["status"] in ("poor", "lifted", "returned"))[0]')
LAST=$(json_get 'sorted(h["household_no"] for h in d["households"] if h["status"] in ("poor", "lifted", "returned"))[-1]')
lk report household --village $V --out "$T/v.md"
check_rc 0 "report household --village"
check_eq "$REG" "$(($(grep -c '^\\newpage$' "$T/v.md") + 1))" "a page per registered household"
check_eq "0" "$(grep -c "^## Basic information$" "$T/v.md" || true)" "no level-2 sections in a batch"
check_eq "$REG" "$(grep -c '^### Basic information$' "$T/v.md")" "a file per household"
check_eq "1" "$(grep -c '^# ' "$T/v.md")" "one title"
check_eq "$FIRST" "$(grep -m1 -oE '^## .* \(([0-9]+)\)$' "$T/v.md" | grep -oE '[0-9]{16}')" "the first household first"
check_eq "$LAST" "$(grep -oE '^## .* \(([0-9]+)\)$' "$T/v.md" | tail -1 | grep -oE '[0-9]{16}')" "the last household last"
check_eq "sorted" "$(grep -oE '^## .* \(([0-9]+)\)$' "$T/v.md" | grep -oE '[0-9]{16}' | sort -c && echo sorted)" "household-number order"
lkj report household --village $V --all --out "$T/all.md"
check_rc 0 "--all"
check_json_eq 'd["households"], d["format"]' "[$ALL, \"md\"]" "--all takes every household"
lk report household --village $V --out "$T/v.docx"
check_rc 0 "batch docx"
check_eq "$((REG - 1))" "$(python3 -c '
import sys, zipfile
print(zipfile.ZipFile(sys.argv[1]).read("word/document.xml").decode().count("<w:br w:type=\"page\"/>"))' "$T/v.docx")" "a page break between households in the docx"

# ---- failures --------------------------------------------------------
lk report household 9999999999999999
check_rc 3 "an unknown household: exit 3"
check_err "no household 9999999999999999" "the message names it"
lk report household 9999999999999999 --out "$T/none.docx"
check_rc 3 "an unknown household with --out"
check_eq "" "$(ls "$T" | grep none || true)" "nothing written"
lk report household "$NO" --format pdf
check_rc 1 "an unknown format: usage"
check_err "unknown format pdf" "the format is named"
lk report household
check_rc 1 "no household number: usage"
lk report household "$NO" --village $V
check_rc 1 "a number and --village: usage"
lk report household --village 53292310
check_rc 2 "a village code that is not one"
check_err "not a village code" "says so"
lk report household --village 532923101299
check_rc 3 "an unknown village"
lk report household "$NO" --out "$T/no/such/dir/h.md"
check_rc 5 "an unwritable --out"
check_err "cannot write" "says so"
lk report frobnicate
check_rc 1 "an unknown report"
lk report --help
check_rc 0 "report --help"
check_out "lika report household NO" "help"

# ---- LibreOffice -------------------------------------------------------
if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
	echo "soffice or pdftotext missing: DOCX conversion skipped"
	finish
	exit $?
fi
mkdir -p "$T/pdf"
lk_run timeout 300 soffice --headless "-env:UserInstallation=file://$T/lo" \
	--convert-to pdf --outdir "$T/pdf" "$T/h.docx" "$T/hz.docx"
check_rc 0 "LibreOffice converts the documents"
pdftotext -layout "$T/pdf/h.pdf" "$T/h.txt" || true
pdftotext -layout "$T/pdf/hz.pdf" "$T/hz.txt" || true
check_file_has "$T/h.txt" "Household file: $HEAD" "English title in the PDF"
check_file_has "$T/h.txt" "Basic information" "English heading in the PDF"
check_file_has "$T/h.txt" "$HID" "the ID cell in the PDF"
check_file_has "$T/h.txt" "2995\\.00" "the 2018 poverty line cell in the PDF"
check_file_has "$T/hz.txt" "扶贫手册" "Chinese title in the PDF"
check_file_has "$T/hz.txt" "户主姓名" "Chinese label in the PDF"
check_file_has "$T/hz.txt" "$HEAD" "the head's name in the PDF"
check_file_has "$T/hz.txt" "历年收入情况" "Chinese section heading in the PDF"
finish
