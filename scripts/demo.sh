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
echo
echo "The demo ledger is $dir/lika.db; its interchange files are in $dir/export."
echo "Try:"
echo "  $lika --db $dir/lika.db household list --status 未脱贫"
echo "  $lika --db $dir/lika.db --lang zh_CN household search 李"
echo "  $lika --db $dir/lika.db regions list 532923101202"
