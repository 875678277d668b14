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

# The web application: an account per role, then the server in the
# foreground on the demo ledger (Ctrl-C stops it).  LIKA_DEMO_LISTEN
# changes the address; LIKA_DEMO_NO_SERVE=1 only creates the accounts.
db="$dir/lika.db"
pw=lika-demo-2018
# the helper account is linked to the cadre of the first pairing
cid=$("$lika" --db "$db" --json pairing list 2>/dev/null |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["pairings"][0]["cadre_id"])' 2>/dev/null || true)
cadre=""
if [ -n "$cid" ]; then
	cadre=$("$lika" --db "$db" --json cadre show "$cid" 2>/dev/null |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["cadre"]["name"])' 2>/dev/null || true)
fi
add_account() {
	printf '%s\n' "$pw" | "$lika" --db "$db" user add "$@" --password-stdin >/dev/null
}
add_account demo-admin --role admin
add_account demo-county --role county --region 532923
add_account demo-town --role town --region 532923101
add_account demo-village --role village --region 532923101202
if [ -n "$cadre" ] && ! add_account demo-helper --role helper \
	--region 532923101202 --cadre "$cadre"; then
	cadre=""
fi
add_account demo-viewer --role viewer --region 532923101202
listen=${LIKA_DEMO_LISTEN:-127.0.0.1:8080}
echo
echo "The web application: http://$listen/"
echo "Accounts (password $pw for each):"
echo "  demo-admin    admin of the whole ledger"
echo "  demo-county   county 祥云县 (532923)"
echo "  demo-town     town 祥城镇 (532923101)"
echo "  demo-village  village 褚家营社区 (532923101202)"
[ -n "$cadre" ] && echo "  demo-helper   helper: the households paired with $cadre"
echo "  demo-viewer   viewer of the village (ID numbers and phones masked)"
[ "${LIKA_DEMO_NO_SERVE:-}" = 1 ] && exit 0
echo "Press Ctrl-C to stop the server."
exec "$lika" --db "$db" serve --listen "$listen"
