#!/bin/sh
# demo.sh LIKA DIR - builds the demo ledger in DIR/lika.db afresh and runs
# lika's main job on it.  Called by `make demo`.
set -eu
lika=$1
dir=$2
mkdir -p "$dir"
rm -f "$dir/lika.db" "$dir/lika.db-wal" "$dir/lika.db-shm"
"$lika" --db "$dir/lika.db" demo
"$lika" --db "$dir/lika.db" export --out "$dir/export" >/dev/null
"$lika" --db "$dir/lika.db" export --format xlsx --out "$dir/export/台账.xlsx" >/dev/null

# The reports: the village's 2018 annual work report in English and
# Chinese (markdown, HTML, Word), a household file and the village's
# household files, every figure computed from the ledger.
v=532923101202
r="$dir/reports"
mkdir -p "$r"
for fmt in md html docx; do
	"$lika" --db "$dir/lika.db" --lang en report annual --region $v \
		--year 2018 --out "$r/annual-2018.en.$fmt"
	"$lika" --db "$dir/lika.db" --lang zh_CN report annual --region $v \
		--year 2018 --out "$r/annual-2018.zh_CN.$fmt"
done
hh=$("$lika" --db "$dir/lika.db" --json household list --region $v \
	--status poor --limit 1 |
	sed -n 's/.*"household_no":"\([0-9]*\)".*/\1/p' | head -n 1)
"$lika" --db "$dir/lika.db" --lang zh_CN report household "$hh" \
	--out "$r/household-$hh.zh_CN.docx" 2>/dev/null
"$lika" --db "$dir/lika.db" --lang zh_CN report household --village $v \
	--out "$r/households-$v.zh_CN.html" 2>/dev/null
echo
echo "The 2018 annual work report of the demo village (every figure from the ledger):"
sed -n '1,12p' "$r/annual-2018.en.md" | sed 's/^/  | /'
echo "  ..."
echo "Reports in $r:"
ls "$r" | sed 's/^/  /'
echo
echo "The demo ledger is $dir/lika.db; its interchange files and the ledger"
echo "book (台账.xlsx) are in $dir/export."
echo "Try:"
echo "  $lika --db $dir/lika.db household list --status 未脱贫"
echo "  $lika --db $dir/lika.db --lang zh_CN household search 李"
echo "  $lika --db $dir/lika.db regions list 532923101202"
