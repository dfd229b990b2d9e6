#!/bin/sh
# Machine output, walked from the verb tables (pm(7) "Output"): every
# "list" verb of every tool, found in `pm-<tool> --options`, so a new
# list joins by itself.
#   -o id   prints each record's own key: lines are unique, and each is
#           accepted by the kind's show verb where there is one (not the
#           site code on every building, unit and vehicle).
#   -o json every list and show verb (and whoami): flags are JSON
#           booleans, list-valued columns JSON arrays, no value is the
#           string "yes" or "no"; tsv spells flags 1/0.
. "$PM_TESTS/lib.sh"
q() { "$@" >/dev/null 2>"$T/.err" || { _notok "setup: $*"; }; }
q pm-admin init
q pm-org staff new admin --name 管理员
q pm-unit site new sunny --name 阳光花园 --kind residential
q pm-unit site new moon --name 月亮湾 --kind commercial --active no
q pm-org staff new wang --name 王师傅 --roles maint,service --dept maint --sites sunny
q pm-org staff new li --name 李 --dept service
q pm-unit building new 3 --site sunny --name 3号楼
q pm-unit building new 4 --site sunny
q pm-unit unit new 3-101 --site sunny --area 90 --building 3
q pm-unit unit new 3-102 --site sunny --area 88.5 --building 3
q pm-unit unit new P-1 --site sunny --area 12 --kind parking
q pm-unit vehicle new 京A12345 --site sunny --unit 3-101
q pm-unit vehicle new 京B54321 --site sunny --unit 3-102 --space P-1
q pm-unit occupant new --site sunny --unit 3-101 --name 欧阳 --role owner --move-in 2020-01-01 \
	--phone 13700001111
q pm-unit occupant new --site sunny --unit 3-102 --name 张三 --role tenant --move-in 2021-05-01
q pm-complaint new --site sunny --unit 3-101 --text 漏水
q pm-complaint new --site sunny --place 东门 --text 灯坏了
printf 'code: autumn\ntitle: t\nquestions:\n  - text: a\n' > s.yaml
q pm-complaint survey new s.yaml

# The list verbs and whether each takes --unmask (a vehicle's key, its
# plate, is personal data: masked it names nothing).
lists=$T/lists
for t in admin org unit complaint; do
	pm-$t --options | awk -F '\t' -v t="$t" '$1 ~ /(^| )list$/ { print t "\t" $1 "\t" $2 }'
done > "$lists"
is "list verbs found in --options" yes "$([ "$(wc -l < "$lists")" -ge 9 ] && echo yes)"

# show_of TOOL VERB: the show verb of a list's kind, if the tool has one.
show_of() {
	sv=$(printf '%s\n' "$2" | sed 's/list$/show/')
	pm-$1 --options | cut -f1 | grep -qx -- "$sv" && printf '%s\n' "$sv"
}

nid=0 nshow=0
while IFS='	' read -r tool verb opts; do
	um=
	case " $opts " in *" --unmask "*) um="--unmask --reason output-walk" ;; esac
	# shellcheck disable=SC2086
	run pm-$tool $verb --all $um -o id
	[ $st -ne 0 ] && run pm-$tool $verb $um -o id
	if [ $st -ne 0 ] || [ ! -s "$T/.out" ]; then
		_notok "pm-$tool $verb -o id prints keys (exit $st)"; continue
	fi
	cp "$T/.out" ids
	if [ "$(sort ids | uniq -d | wc -l)" -eq 0 ]; then _ok "pm-$tool $verb -o id: keys unique"
	else _notok "pm-$tool $verb -o id: keys unique"; sed 's/^/#   /' ids; fi
	nid=$((nid + $(wc -l < ids)))
	sv=$(show_of "$tool" "$verb") || continue
	bad=
	while read -r id; do
		# shellcheck disable=SC2086
		pm-$tool $sv "$id" $um -o tsv >/dev/null 2>"$T/.err" || bad="$bad $id"
		nshow=$((nshow + 1))
	done < ids
	is "pm-$tool $sv takes every key of $verb -o id" "" "$bad"
done < "$lists"
echo "# -o id: $nid keys from $(wc -l < "$lists") lists, $nshow accepted by show"

# The keys themselves, where they used to be wrong.
run pm-unit building list -o id
out_is "buildings: their codes, not the site's" "$(printf '3\n4')"
run pm-unit unit list -o id
out_is "units: their codes" "$(printf '3-101\n3-102\nP-1')"
run pm-unit occupant list -o id
out_is "occupants: their numbers" "$(printf '1\n2')"
run pm-unit vehicle list -o id --unmask --reason t
out_is "vehicles: their plates" "$(printf '京A12345\n京B54321')"

# ---- JSON types -------------------------------------------------------------

# Every list (with --all where taken), every show of its first key, whoami.
: > json
while IFS='	' read -r tool verb opts; do
	pm-$tool $verb --all -o json >> json 2>/dev/null || pm-$tool $verb -o json >> json
	sv=$(show_of "$tool" "$verb") || continue
	um=
	case " $opts " in *" --unmask "*) um="--unmask --reason output-walk" ;; esac
	# shellcheck disable=SC2086
	id=$(pm-$tool $verb -o id --all $um 2>/dev/null | head -n 1)
	# shellcheck disable=SC2086
	[ -n "$id" ] || id=$(pm-$tool $verb -o id $um | head -n 1)
	pm-$tool $sv "$id" -o json >> json
done < "$lists"
pm-org whoami -o json >> json
nobj=$(wc -l < json)

# The documented flag and list columns (pm(7): flags are booleans, lists
# arrays); any key is_* is a flag too.
flags="active repeat"
listkeys="roles sites perms"
if command -v python3 >/dev/null 2>&1; then
	run python3 -c '
import json, sys
flags, lists = sys.argv[1].split(), sys.argv[2].split()
n = 0
def walk(o, where):
	global n
	if isinstance(o, dict):
		for k, v in o.items():
			if k in flags or k.startswith("is_"):
				n += 1
				if v is not None and not isinstance(v, bool):
					print("%s: %s is %r, not a boolean" % (where, k, v))
			if k in lists:
				n += 1
				if v is not None and not (isinstance(v, list) and all(isinstance(x, str) for x in v)):
					print("%s: %s is %r, not an array of strings" % (where, k, v))
			walk(v, where)
	elif isinstance(o, list):
		for v in o:
			walk(v, where)
	elif o in ("yes", "no"):
		print("%s: the string %r" % (where, o))
for i, line in enumerate(open(sys.argv[3]), 1):
	walk(json.loads(line, parse_constant=lambda c: sys.exit("NaN")), "line %d" % i)
print("# checked %d typed keys" % n, file=sys.stderr)
' "$flags" "$listkeys" json
	is "json: flags booleans, lists arrays, no \"yes\"/\"no\" ($nobj objects, python3)" "" \
		"$(cat "$T/.out")"
	sed 's/^/#/' "$T/.err" | grep '^# checked' || true
else
	# jcheck parses; the types by their first character (pm writes
	# compact JSON: "key":value)
	run "$PM_BIN/tests/conform/jcheck" -q json
	is "json parses (jcheck)" 0 "$st"
	bad=
	for k in $flags; do
		bad="$bad$(grep -o "\"$k\":[^,}]*" json | grep -Ev ":(true|false|null)$")"
	done
	for k in $listkeys; do
		bad="$bad$(grep -o "\"$k\":." json | grep -Ev ':(\[|n)$')"
	done
	bad="$bad$(grep -oE ':"(yes|no)"' json)"
	is "json: flags booleans, lists arrays, no \"yes\"/\"no\" ($nobj objects, grep)" "" "$bad"
fi
run grep -c '"active":true' json
is "json: active sites, vehicles, staff and departments say true" yes \
	"$([ "$(cat "$T/.out")" -ge 4 ] && echo yes)"
run grep -c '"active":false' json
is "json: the inactive site says false" yes "$([ "$(cat "$T/.out")" -ge 1 ] && echo yes)"

# ---- one spelling of a flag in tsv, the list as its items --------------------

run pm-unit site list --all -o tsv
out_is "site active: 1/0 in tsv" "$(printf 'moon\t月亮湾\tcommercial\t\t0\nsunny\t阳光花园\tresidential\t\t1')"
run pm-unit vehicle list -o csv
out_has "vehicle active: 1 in csv" '^sunny,京A\*\*\*45,3-101,,1'
run pm-org staff list -o tsv
out_has "staff: roles and sites comma-separated in tsv" "^wang	王师傅		maint	1	maint,service	sunny$"
run pm-org staff list -o json
out_has "staff: roles and sites arrays in json" '"roles":\["maint","service"\],"sites":\["sunny"\]'
out_has "staff: no sites is the empty array" '"login":"li".*"roles":\[\],"sites":\[\]'
run pm-org role show maint -o json
out_has "role perms: an array" '"perms":\["complaint.handle",'
run pm-org whoami -o json
out_has "whoami: roles and perms arrays" '"roles":\["admin"\],"perms":\["\*"\]'
run pm-unit site list --all -o table
out_has "a table says yes/no" '^moon .* no$'

# An export still imports: 1/0 and JSON booleans are read back as flags.
run pm-unit site export --all -o csv
cp "$T/.out" sites.csv
ok "site export (1/0) imports" pm-unit site import sites.csv
out_is "and changes nothing" "$(printf '0\t0\t2')"
pm-unit vehicle export --unmask --reason t -o json > v.jsonl 2>/dev/null
ok "vehicle export (true/false) imports" pm-unit vehicle import --jsonl v.jsonl
out_is "and changes nothing" "$(printf '0\t0\t2')"

done_testing
