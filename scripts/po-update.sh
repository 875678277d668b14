#!/bin/sh
# po-update.sh - extracts the translatable strings of src/ into po/lika.pot
# and merges them into po/zh_CN.po (created with msginit if missing).
#
# Strings are marked with _("...") (translated at use) and N_("...")
# (marked only).  Comments starting with "TRANSLATORS:" just above a
# marked string are copied to the catalog.  msgmerge keeps every existing
# translation and the header of zh_CN.po; new strings come in
# untranslated, changed ones as fuzzy, removed ones as obsolete (#~).
# Idempotent: running it twice changes nothing the second time (the .pot
# keeps a fixed creation date unless the strings change).
#
# Usage: scripts/po-update.sh
# Needs GNU gettext (xgettext, msgmerge, msginit).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

pot=po/lika.pot
po=po/zh_CN.po
tmp=$(mktemp "${TMPDIR:-/tmp}/lika-pot.XXXXXX")
list=$(mktemp "${TMPDIR:-/tmp}/lika-src.XXXXXX")
err=$(mktemp "${TMPDIR:-/tmp}/lika-err.XXXXXX")
trap 'rm -f "$tmp" "$list" "$err"' EXIT INT TERM

# every .c and .h under src/, in a stable order
find src -type f \( -name '*.c' -o -name '*.h' \) | LC_ALL=C sort >"$list"

xgettext --language=C --from-code=UTF-8 \
	--keyword=_ --keyword=N_ \
	--add-comments=TRANSLATORS: \
	--add-location=file --sort-by-file \
	--package-name=lika --msgid-bugs-address= \
	--files-from="$list" -o "$tmp" 2>"$err" || {
	cat "$err" >&2
	exit 1
}
# lika has no bug address for translators; drop only that warning
grep -v -e 'option --msgid-bugs-address was not specified' \
	-e "If you are using a 'Makevars' file" \
	-e 'the MSGID_BUGS_ADDRESS variable there' \
	-e 'specify an --msgid-bugs-address command line option' \
	"$err" >&2 || true

# keep the old .pot (and its POT-Creation-Date) if only the date differs
if [ -f "$pot" ] &&
	diff -q -I '^"POT-Creation-Date:' "$pot" "$tmp" >/dev/null 2>&1; then
	:
else
	cp "$tmp" "$pot"
fi

if [ ! -f "$po" ]; then
	msginit --no-translator --locale=zh_CN.UTF-8 \
		--input="$pot" --output-file="$po"
fi

msgmerge --quiet --update --backup=none --previous "$po" "$pot"
