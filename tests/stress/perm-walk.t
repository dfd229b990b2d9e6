#!/bin/sh
# The permission walk, generated from the verb tables: every verb that
# `pm-<tool> --options` lists as writing (or as needing a permission), as
# an unknown actor, a deactivated one and each role that lacks the
# verb's permission: exit 77, one line on stderr, nothing changed (the
# dump without the audit log is equal, no file appears) and exactly one
# refusal row in the audit log.  A new verb is walked without a line
# here: its operands and required options come from its usage line and
# the table of example values below (a generic 1 for a name it lacks).
# The refusal comes before any operand is used (pm_cli_begin checks the
# permission when the database opens), so plausible values suffice; a
# verb that parses its operands first gets valid ones.
. "$PM_TESTS/lib.sh"
. "$PM_STRESS/lib.sh"
tools=${STRESS_TOOLS:-$(cd "$PM_BIN" && ls pm-* | grep -v '\.' | tr '\n' ' ')}

pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new s1 --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 1-101 --area 90 >/dev/null
pm-complaint new --text 漏水 --unit 1-101 >/dev/null
pm-complaint new --text 噪音 >/dev/null
printf 'code: autumn\ntitle: 调查\nquestions:\n  - text: 满意度\n' > q.yaml
pm-complaint survey new q.yaml >/dev/null
pm-org staff new target --name 目标 >/dev/null
pm-org staff new gone --name 离职 --roles admin >/dev/null
pm-org staff deactivate gone >/dev/null
roles_tsv=$T/.roles
pm-org role list -o tsv > "$roles_tsv"
roles=$(cut -f1 "$roles_tsv")
# a role's permission patterns, read once (the walk asks for them per verb)
perms_of() { awk -F '\t' -v r="$1" '$1 == r { print $NF }' "$roles_tsv" | tr -d '[]" ' | tr ',' ' '; }
for r in $roles; do pm-org staff new "r_$r" --name "角色$r" --roles "$r" >/dev/null; done
[ -n "$roles" ] || { echo "no roles listed"; exit 1; }

# grants PATTERNS PERM: whether one of a role's patterns grants PERM
grants() {
	_p=$2
	set -f          # "*" is a pattern here, not a glob
	for _g in $1; do
		case $_g in
		'*') set +f; return 0 ;;
		*.'*') case $_p in "${_g%\*}"*) set +f; return 0 ;; esac ;;
		"$_p") set +f; return 0 ;;
		esac
	done
	set +f
	return 1
}

# An example value for an operand or option value name.
example() {
	case $1 in
	--site|SITE|'SITE,...') echo s1 ;;
	--dept|--head) echo service ;;
	--to|LOGIN) echo target ;;
	TEXT|TEXT\|-|NOTE\|-|NAME) echo 走查 ;;
	TIME) echo "2026-11-30 10:00" ;;
	DATE) echo 2026-11-01 ;;
	CODE) echo w1 ;;
	FILE) echo q.yaml ;;
	SURVEY) echo autumn ;;
	ORIGINAL) echo 2 ;;
	ID|'ID...|-'|'ID...') echo 1 ;;
	PLATE) echo 京A12345 ;;
	PHONE) echo 13800138000 ;;
	M2) echo 90 ;;
	1-5) echo 3 ;;
	ROLE) echo owner ;;
	MONTH) echo 2026-11 ;;
	METHOD) echo cash ;;
	# a kind: pm-fee's are meters', the others units'
	KIND) if [ "$tool" = pm-fee ]; then echo water; else echo residential; fi ;;
	STATE) echo vacant ;;
	R|'R,...') echo clerk ;;
	'yes|no') echo yes ;;
	*) echo 1 ;;
	esac
}

# The usage line of a verb, one line, without "usage: pm-x kind verb".
usage_of() {
	"$1" $2 --help | awk 'NR == 1 { sub(/^usage: [^ ]+ /, "") } NF == 0 { exit } { printf "%s ", $0 }' |
	    sed "s/^$2 //; s/  */ /g"
}

# Split a usage line into its parts, one a line: "req --opt VALUE",
# "opt --opt VALUE" (optional), "op NAME" (a required operand).
parts_of() {
	printf '%s\n' "$1" | awk '{
		n = split($0, t, " "); i = 1
		while (i <= n) {
			w = t[i]
			if (w ~ /^\[/) {
				g = w; while (g !~ /\]/ && i < n) { i++; g = g " " t[i] }
				i++
				sub(/^\[/, "", g); sub(/\](\.\.\.)?$/, "", g)
				if (g ~ /^--unmask/) continue
				m = split(g, gw, " ")
				if (gw[1] ~ /^--/) print "opt\t" gw[1] "\t" (m > 1 ? gw[2] : "")
				continue
			}
			if (w ~ /^--/) {
				if (i < n && t[i + 1] !~ /^-/ && t[i + 1] !~ /^\[/) { print "req\t" w "\t" t[i + 1]; i += 2 }
				else { print "req\t" w "\t"; i++ }
				continue
			}
			print "op\t" w; i++
		}
	}'
}

# The arguments for a verb: required options, operands; with "more", the
# first optional option too (for a verb that refuses "nothing to change").
args_for() {
	_parts=$(parts_of "$1")
	printf '%s\n' "$_parts" | awk -F '\t' '$1 == "req"' | while IFS='	' read -r _k _o _a; do
		printf '%s\n' "$_o"
		[ -n "$_a" ] && { v=$(example "$_o"); [ "$v" = 1 ] && v=$(example "$_a"); printf '%s\n' "$v"; }
	done
	if [ "${2:-}" = more ]; then
		printf '%s\n' "$_parts" | awk -F '\t' '$1 == "opt"' | head -n 1 | while IFS='	' read -r _k _o _a; do
			printf '%s\n' "$_o"
			[ -n "$_a" ] && { v=$(example "$_o"); [ "$v" = 1 ] && v=$(example "$_a"); printf '%s\n' "$v"; }
		done
	fi
	printf '%s\n' "$_parts" | awk -F '\t' '$1 == "op" { print $2 }' | while read -r _op; do example "$_op"; done
}

# resnap: after a failed check, hold the next ones to what it left.
resnap() { before=$(snapshot); files=$(listing); }

# try ACTOR TOOL VERB ARGSFILE: run it with the arguments (one a line).
try() {
	_a=$1 _t=$2 _v=$3 _f=$4
	set --
	while IFS= read -r _l; do set -- "$@" "$_l"; done < "$_f"
	# shellcheck disable=SC2086
	run env PM_USER="$_a" "$_t" $_v "$@" </dev/null
}

# The tools are walked PM_JOBS at a time (default: the number of
# processors; a refusal waits mostly on its audit row's fsync), each
# group of tools on a copy of the database in a directory of its own,
# its TAP lines numbered again here.
tables=$(q "SELECT group_concat(name, ' ') FROM sqlite_master
    WHERE type = 'table' AND name NOT IN ('audit', 'sqlite_sequence') AND name NOT LIKE 'sqlite_%'")
# the directory but the database's own -wal and -shm, which come and go
listing() { ls | grep -vxE 'pm\.db-(wal|shm)'; }
snapshot() { sqlite3 -readonly "$PM_DB" 'PRAGMA user_version' ".dump $tables" 2>&1; }

# walk TOOL...: the walk of these tools in the current directory's
# database ($PM_DB), its counts into .counts.
walk() {
	verbs=0 checks=0 skipped_roles=0 tried_more=0
	# Nothing but the audit log may change during the whole walk, so
	# the database and the directory are taken once, before it, and
	# every refusal is held to them (after a failure, to the state it
	# left, so one failure is reported once); the refusal count is
	# carried from check to check.
	before=$(snapshot)
	files=$(listing)
	n0=$(q "SELECT count(*) FROM audit WHERE action = 'refused'")
	for tool in "$@"; do
		walk_tool
	done
	echo "$verbs $checks $skipped_roles $tried_more" > .counts
}

walk_tool() {
	# an empty options column would vanish in read (tab is IFS white space)
	"$tool" --options > "$T/.verbs" || { _notok "$tool --options"; return 0; }
	awk -F '\t' -v OFS='\t' '$2 == "" { $2 = "-" } { print }' "$T/.verbs" > "$T/.verbs2"
	mv "$T/.verbs2" "$T/.verbs"
	while IFS='	' read -r verb _opts access perm; do
		[ "$access" = write ] || { [ -n "$perm" ] && [ "$perm" != - ]; } || continue
		[ "$access" = create ] && continue
		verbs=$((verbs + 1))
		u=$(usage_of "$tool" "$verb")
		args_for "$u" > "$T/.args"
		actors="nobody gone"
		lacking=
		for r in $roles; do
			[ "$perm" = - ] && break
			grants "$(perms_of "$r")" "$perm" || lacking="$lacking r_$r"
		done
		[ -z "$lacking" ] && skipped_roles=$((skipped_roles + 1))
		for actor in $actors $lacking; do
			try "$actor" "$tool" "$verb" "$T/.args"
			if [ "$st" -eq 64 ] && [ "$actor" = nobody ]; then
				# e.g. "dept set: nothing to change": give it something
				args_for "$u" more > "$T/.args"
				tried_more=$((tried_more + 1))
				try "$actor" "$tool" "$verb" "$T/.args"
			fi
			what="$tool $verb as $actor ($(tr '\n' ' ' < "$T/.args"))"
			checks=$((checks + 1))
			# the refusal count and the last audit row, in one read
			r=$(q "SELECT (SELECT count(*) FROM audit WHERE action = 'refused') || ' ' ||
			    coalesce((SELECT actor || ' ' || after FROM audit ORDER BY id DESC LIMIT 1), '')")
			n1=${r%% *} last=${r#* }
			_n0=$n0 n0=$n1
			if [ "$st" -ne 77 ]; then _notok "$what: exit $st, want 77"; resnap; continue; fi
			if [ "$(wc -l < "$T/.err")" -ne 1 ]; then _notok "$what: stderr is not one line"; resnap; continue; fi
			if [ "$n1" -ne $((_n0 + 1)) ]; then _notok "$what: $((n1 - _n0)) refusal rows, want 1"; resnap; continue; fi
			case $last in
			"$actor "*"\"verb\":\"$verb\""*) ;;
			*) _notok "$what: the refusal row is $last"; resnap; continue ;;
			esac
			now=$(snapshot)
			if [ "$now" != "$before" ]; then _notok "$what: the database changed"; resnap; continue; fi
			if [ "$(listing)" != "$files" ]; then _notok "$what: a file appeared"; files=$(listing); continue; fi
			_ok "$what: 77, one line, one refusal row, nothing changed"
		done
	done < "$T/.verbs"
}

jobs=${PM_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
case $jobs in ''|*[!0-9]*|0) jobs=1 ;; esac
sqlite3 "$PM_DB" 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
g=0
while [ $g -lt "$jobs" ]; do
	mine= i=0
	for tool in $tools; do
		[ $((i % jobs)) -eq $g ] && mine="$mine $tool"
		i=$((i + 1))
	done
	mkdir "$T/g$g"
	cp "$PM_DB" "$T/g$g/pm.db"
	cp q.yaml "$T/g$g/"
	# shellcheck disable=SC2086
	( T=$T/g$g; PM_DB=$T/pm.db _n=0; cd "$T" && walk $mine > .tap 2>&1 ) &
	g=$((g + 1))
done
wait
verbs=0 checks=0 skipped_roles=0 tried_more=0
g=0
while [ $g -lt "$jobs" ]; do
	d=$T/g$g
	if [ -s "$d/.counts" ]; then
		read -r v c sr tm < "$d/.counts"
		verbs=$((verbs + v)) checks=$((checks + c))
		skipped_roles=$((skipped_roles + sr)) tried_more=$((tried_more + tm))
	else
		_notok "the walk of group $g did not finish"
	fi
	# number them again after this file's own
	awk -v n="$_n" '/^(not )?ok [0-9]+ / { n++; sub(/ok [0-9]+ /, "ok " n " ") } { print } END { print n > "/dev/stderr" }' \
	    "$d/.tap" 2> "$T/.n"
	_n=$(cat "$T/.n")
	g=$((g + 1))
done
say "perm-walk: $verbs guarded verbs of $(echo $tools | wc -w) tools, $checks refusals checked" \
    "(unknown actor, deactivated actor, $(echo $roles | wc -w) roles each where they lack the permission)"
say "perm-walk: $skipped_roles verbs that every role may run (walked as unknown and deactivated only);" \
    "$tried_more given an optional option after a usage error"
g=0 bad=0
while [ $g -lt "$jobs" ]; do
	PM_DB=$T/g$g/pm.db pm-admin check >/dev/null 2>&1 || bad=$((bad + 1))
	g=$((g + 1))
done
is "the databases are sound after the walk" 0 "$bad"
done_testing
