#!/bin/sh
# The Chinese interface: zh_CN tables, help and errors; machine formats,
# IDs and exit statuses byte-identical in every language.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/table.sh"
unset LANGUAGE LC_MESSAGES LANG
zh=zh_CN.UTF-8

if ! LC_ALL=$zh locale charmap 2>/dev/null | grep -q UTF-8 ||
   ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	echo "# skipped: the zh_CN.UTF-8 locale is not generated (scripts/install-deps does it as root)"
	printf '1..0 # SKIP no zh_CN.UTF-8 locale\n'
	exit 0
fi
if [ ! -f "${PM_LOCALEDIR:-}/zh_CN/LC_MESSAGES/pm.mo" ]; then
	echo "# no catalogue in PM_LOCALEDIR=${PM_LOCALEDIR:-}"
	printf '1..1\nnot ok 1 - build/locale/zh_CN/LC_MESSAGES/pm.mo exists\n'
	exit 0
fi

pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new li --name 李客服 --roles service --dept service >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit building new 3 --name 3号楼 --floors 18 >/dev/null
pm-unit unit new 3-2-1502 --building 3 --area 100.50 >/dev/null
pm-unit occupant new --unit 3-2-1502 --name 张三 --role owner --move-in 2020-01-01 --phone 13812345678 >/dev/null
pm-complaint new --unit 3-2-1502 --name 张三 --phone 13812345678 --text "楼上漏水" >/dev/null
pm-complaint new --kind repair --place 地下车库 --text "灯不亮" >/dev/null
pm-complaint assign C1 --dept maint >/dev/null

# LANG alone (no LC_ALL) is what a user's shell sets.
zh() { env -u LC_ALL LANG=$zh "$@"; }
en() { env -u LC_ALL LANG=C "$@"; }

zh pm-complaint list -o table >"$T/zh" 2>"$T/.err"
head -n 1 "$T/zh" > "$T/zhhead"
if grep -q '编号' "$T/zhhead" && grep -q '受理时间' "$T/zhhead" && grep -q '状态' "$T/zhhead"; then
	_ok "LANG=zh_CN.UTF-8: list -o table has Chinese headers"
else _notok "LANG=zh_CN.UTF-8: list -o table has Chinese headers"; sed 's/^/#   /' "$T/zhhead"; fi
is "every header is translated" "" "$(tr -s ' ' '\n' < "$T/zhhead" | grep '^[a-z_]*$' | grep . | tr '\n' ' ')"
# numbers are right-aligned: compare where the last (text) column starts
is "the Chinese table lines up" "$(head -n 1 "$T/zh" | starts | awk '{ print $NF }')" \
	"$(sed -n 2p "$T/zh" | starts | awk '{ print $NF }')"
en pm-complaint list -o table >"$T/en" 2>/dev/null
out=$(head -n 1 "$T/en" | awk '{ print $1, $2 }')
is "LANG=C: English headers" "id received" "$out"

# Machine formats: the same bytes in both languages, for several verbs.
for cmd in "pm-complaint list" "pm-complaint list --all" "pm-complaint show C1" \
    "pm-complaint stats" "pm-org staff list" "pm-org dept list" "pm-org role list" \
    "pm-org whoami" "pm-unit unit list" "pm-unit occupant list" "pm-unit site export" \
    "pm-admin audit" "pm-admin config" "pm-admin calendar show --year 2026"; do
	for f in tsv csv json id; do
		[ "$f" = id ] && case $cmd in *"complaint list"*) ;; *) continue ;; esac
		en $cmd -o $f --header >"$T/a" 2>"$T/ae"; sa=$?
		zh $cmd -o $f --header >"$T/b" 2>"$T/be"; sb=$?
		if [ $sa -eq $sb ] && cmp -s "$T/a" "$T/b" && [ -s "$T/a" ]; then
			_ok "-o $f identical in zh_CN and C: $cmd"
		else
			_notok "-o $f identical in zh_CN and C: $cmd (exit $sa/$sb)"
			diff "$T/a" "$T/b" | head -n 4 | sed 's/^/#   /'
		fi
	done
done
# The audit rows the commands above wrote are English-free data too.
en pm-admin audit -o json > "$T/a"; zh pm-admin audit -o json > "$T/b"
same_file "audit log read back the same" "$T/a" "$T/b"
en pm-complaint new --text 一 >"$T/a"; zh pm-complaint new --text 二 >"$T/b"
is "new prints the ID, not a word" "C3 C4" "$(cat "$T/a") $(cat "$T/b")"

# Errors: Chinese message, the same exit status.
en pm-complaint close C99 >/dev/null 2>"$T/ae"; sa=$?
zh pm-complaint close C99 >/dev/null 2>"$T/be"; sb=$?
is "not found: same status" "$sa" "$sb"
if grep -q '没有' "$T/be" && grep -q '^pm-complaint: ' "$T/be" && grep -q 'C99' "$T/be"; then
	_ok "not found: a Chinese message, tool prefix and ID kept"
else _notok "not found: a Chinese message"; sed 's/^/#   /' "$T/be"; fi
en pm-complaint list --bogus >/dev/null 2>"$T/ae"; sa=$?
zh pm-complaint list --bogus >/dev/null 2>"$T/be"; sb=$?
is "usage error: same status 64" "64 64" "$sa $sb"
if grep -q '未知选项' "$T/be"; then _ok "usage error in Chinese"; else _notok "usage error in Chinese"; fi
zh pm-complaint new --unit 9-9-9 --text x >/dev/null 2>"$T/be"; sb=$?
en pm-complaint new --unit 9-9-9 --text x >/dev/null 2>"$T/ae"; sa=$?
is "lib error: same status" "$sa" "$sb"
if grep -q '没有这个房号' "$T/be" && grep -q 'unit' "$T/ae"; then _ok "lib error in Chinese, English in C"
else _notok "lib error in Chinese"; cat "$T/ae" "$T/be" | sed 's/^/#   /'; fi
zh pm-complaint new >/dev/null 2>"$T/be"; sb=$?
if [ $sb -eq 64 ] && grep -q -- '--text' "$T/be" && grep -q '必须' "$T/be"; then
	_ok "required option: Chinese, names the option"
else _notok "required option: Chinese"; sed 's/^/#   /' "$T/be"; fi

# Help: every verb's help and option lines are translated.
bad=
for tool in pm-admin pm-org pm-unit pm-complaint; do
	zh $tool --help > "$T/h" || bad="$bad $tool"
	grep -q '^用法：' "$T/h" || bad="$bad $tool:usage"
	for verb in $($tool --options | cut -f1 | tr ' ' '+'); do
		v=$(printf '%s' "$verb" | tr '+' ' ')
		zh $tool $v --help > "$T/h" 2>&1 || { bad="$bad $tool/$verb"; continue; }
		# lines of words that are all ASCII, other than usage lines,
		# option names and column lists, are untranslated
		l=$(grep -v '[^ -~]' "$T/h" | grep '[a-z]\{3,\} [a-z]\{3,\}' |
		    grep -v '^ *\[\|^ *--[a-z-]* [A-Z0-9|.-]*$\|_p[59]0_s\|] [A-Z]*$' | head -n 1)
		[ -n "$l" ] && bad="$bad $tool/$verb:'$l'"
	done
done
is "help translated for every verb" "" "$bad"
en pm-complaint --help | head -n 1 > "$T/h"
out_is_en=$(cat "$T/h")
case $out_is_en in "usage: pm-complaint"*) _ok "help in English under C" ;; *) _notok "help in English under C" ;; esac

# show: field names are labels in a table, data in tsv
zh pm-complaint -o table show C1 >"$T/zhshow" 2>&1
if grep -q '^状态' "$T/zhshow" && grep -q '^编号' "$T/zhshow"; then
	_ok "show -o table labels its fields in Chinese"
else _notok "show -o table labels its fields in Chinese"; head -n 5 "$T/zhshow" | sed 's/^/#   /'; fi
zh pm-complaint -o tsv show C1 >"$T/zhtsv" 2>&1
en pm-complaint -o tsv show C1 >"$T/entsv" 2>&1
same_file "show -o tsv is the same in both languages" "$T/zhtsv" "$T/entsv"

done_testing
