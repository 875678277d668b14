#!/bin/sh
# http.sh LIKA [HOUSEHOLDS] - the HTTP benchmark of issue 7.
#
# Generates HOUSEHOLDS (default 100,000) in the villages of county
# 532923 with `lika gen`, imports them and starts `lika serve` on the
# ledger; then, with wrk (2 threads, 32 connections, 10 s):
#   - GET /api/households/NO of one household, signed in as a county
#     account (ID numbers unmasked: every read audited) and as a viewer
#     (masked);
#   - the baseline of the same run: nginx (Debian package) serving the
#     same JSON body as a static file;
# prints requests per second, the ratio to nginx and the p99 latencies;
# times GET /api/indicators of the county (best of 3; target < 200 ms);
# and prints the server's peak RSS (target < 100 MB).  Target: 20,000
# requests per second or more.  Never run by the test suite.
set -eu
lika=$1
n=${2:-100000}
county=532923
t=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill -TERM "$p" 2>/dev/null || true; done
	sleep 1
	rm -rf "$t"
}
trap cleanup EXIT INT TERM
command -v wrk >/dev/null || { echo "wrk missing (scripts/setup.sh)"; exit 1; }
command -v nginx >/dev/null || { echo "nginx missing (scripts/setup.sh)"; exit 1; }

"$lika" gen --province $county --households "$n" --seed 1 --out "$t/data" >/dev/null
db=$t/lika.db
"$lika" --db "$db" init >/dev/null
"$lika" --db "$db" regions load --province 53 >/dev/null
"$lika" --db "$db" import "$t/data/households.csv" "$t/data/members.csv" \
	"$t/data/incomes.csv" >/dev/null
echo "ledger: $(($(wc -l <"$t/data/households.csv") - 1)) households in county $county"
echo bench-password-2018 >"$t/pw"
"$lika" --db "$db" user add b-county --role county --region $county --password-stdin <"$t/pw" >/dev/null
"$lika" --db "$db" user add b-viewer --role viewer --region $county --password-stdin <"$t/pw" >/dev/null
hh=$(sed -n "$((n / 2 + 1))p" "$t/data/households.csv" | cut -d, -f1)

/usr/bin/time -f "%M" -o "$t/rss" "$lika" --db "$db" serve --listen 127.0.0.1:0 \
	--threads 2 --access-log /dev/null >"$t/serve.out" 2>"$t/serve.err" &
timer=$!
pids="$pids $timer"
url=""
for _ in $(seq 1 100); do
	url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$t/serve.out" || true)
	[ -n "$url" ] && break
	sleep 0.1
done
[ -n "$url" ] || { echo "lika serve did not start"; cat "$t/serve.err"; exit 1; }
cookie() {
	curl -s -c - -H 'Content-Type: application/json' \
		-d "{\"name\":\"$1\",\"password\":\"bench-password-2018\"}" \
		"$url/api/login" | awk '$6 == "lika_session" {print $7}'
}
cc=$(cookie b-county)
cv=$(cookie b-viewer)

# nginx: the same body as a static file
mkdir -p "$t/www" "$t/nginx"
curl -s -H "Cookie: lika_session=$cv" "$url/api/households/$hh" >"$t/www/h.json"
port=$(( (($$ % 20000) + 30000) ))
cat >"$t/nginx/nginx.conf" <<CONF
worker_processes 2;
error_log $t/nginx/error.log;
pid $t/nginx/nginx.pid;
daemon off;
events { worker_connections 1024; }
http {
    access_log off;
    default_type application/json;
    client_body_temp_path $t/nginx;
    proxy_temp_path $t/nginx;
    fastcgi_temp_path $t/nginx;
    uwsgi_temp_path $t/nginx;
    scgi_temp_path $t/nginx;
    server { listen 127.0.0.1:$port; root $t/www; }
}
CONF
nginx -c "$t/nginx/nginx.conf" -p "$t/nginx" &
pids="$pids $!"
sleep 1

# run NAME URL [HEADER]: req/s and p99 of wrk
run() {
	if [ -n "${3:-}" ]; then
		wrk -t2 -c32 -d10s --latency -H "$3" "$2" >"$t/wrk.$1"
	else
		wrk -t2 -c32 -d10s --latency "$2" >"$t/wrk.$1"
	fi
	rps=$(awk '/^Requests\/sec/ {print $2}' "$t/wrk.$1")
	p99=$(awk '$1 == "99%" {print $2}' "$t/wrk.$1")
	non2xx=$(awk '/Non-2xx/ {print $NF}' "$t/wrk.$1")
	echo "$rps $p99 ${non2xx:-0}"
}
set -- $(run nginx "http://127.0.0.1:$port/h.json")
ng=$1
printf 'nginx static file:        %8.0f req/s  p99 %s\n' "$1" "$2"
set -- $(run viewer "$url/api/households/$hh" "Cookie: lika_session=$cv")
printf 'lika GET (viewer, masked): %7.0f req/s  p99 %s  non-2xx %s  ratio to nginx %.2f\n' \
	"$1" "$2" "$3" "$(echo "$1 / $ng" | bc -l)"
set -- $(run county "$url/api/households/$hh" "Cookie: lika_session=$cc")
printf 'lika GET (county, audited): %6.0f req/s  p99 %s  non-2xx %s  ratio to nginx %.2f\n' \
	"$1" "$2" "$3" "$(echo "$1 / $ng" | bc -l)"
echo "  (target: 20,000 req/s)"

best=""
for _ in 1 2 3; do
	s=$(curl -s -o /dev/null -w '%{time_total}' -H "Cookie: lika_session=$cc" \
		"$url/api/indicators?region=$county&year=2018")
	if [ -z "$best" ] || [ "$(echo "$s < $best" | bc -l)" = 1 ]; then best=$s; fi
done
printf 'GET /api/indicators of the county: %.0f ms (target < 200 ms)\n' \
	"$(echo "$best * 1000" | bc -l)"

kill -TERM $(pgrep -P "$timer") 2>/dev/null || true
wait "$timer" 2>/dev/null || true
printf 'lika serve peak RSS: %d MB (target < 100 MB)\n' $(($(cat "$t/rss") / 1024))
