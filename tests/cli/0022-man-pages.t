#!/bin/sh
# The man pages say what the code does: the built-in roles of pm-org(1)
# are the ones the database is seeded with, pm-config(5)'s complete
# example sets every registered key, and no page renders words as flags.
. "$PM_TESTS/lib.sh"
man=$PM_TESTS/../../man
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1

# pm-org(1): ".It Sy role" and its ".Li" patterns, in the list that
# follows "The built-in roles", against pm-org role list.
awk '
/^The built-in roles/ { intro = 1 }
intro && /^\.Bl/ { inlist = 1; next }
inlist && /^\.El/ { exit }
inlist && /^\.It Sy / { role = $3; order[++n] = role; next }
inlist && /^\.Li / { for (i = 2; i <= NF; i++) { p = $i; sub(/,$/, "", p); pats[role] = pats[role] " " p } }
END { for (i = 1; i <= n; i++) print order[i] "\t" pats[order[i]] }
' "$man/pm-org.1" | while IFS="$(printf '\t')" read -r role pats; do
	printf '%s\t%s\n' "$role" "$(set -f; printf '%s\n' $pats | sort | paste -sd, -)"
done | sort > man-roles
pm-org role list | cut -f1,4 | sort > db-roles
is "pm-org(1) lists every built-in role" "$(cut -f1 db-roles | paste -sd' ' -)" \
    "$(cut -f1 man-roles | paste -sd' ' -)"
while IFS="$(printf '\t')" read -r role pats; do
	is "pm-org(1): role $role grants what the database says" "$pats" \
	    "$(awk -F'\t' -v r="$role" '$1 == r { print $2 }' man-roles)"
done < db-roles

# pm-config(5): the complete example is valid and sets every key that
# pm-admin config knows (roles is refused, so left out).
awk '/^A complete$/ { want = 1 } want && /^\.Bd/ { inex = 1; next } inex && /^\.Ed/ { exit }
    inex { print }' "$man/pm-config.5" > example.yaml
ok "pm-config(5)'s example is a valid configuration" pm-admin config example.yaml
cp "$T/.out" example.out
pm-admin config | cut -f1 > keys
is "pm-admin config knows its keys" yes "$([ "$(wc -l < keys)" -ge 10 ] && echo yes)"
while read -r k; do
	[ "$k" = roles ] && continue
	is "pm-config(5)'s example sets $k" "example.yaml" \
	    "$(awk -F'\t' -v k="$k" '$1 == k { sub(/:[0-9]+$/, "", $3); print $3 }' example.out)"
done < keys

# Rendered, no word is a one-dash flag: ".Fl -all : deactivated" made
# "-deactivated -ones -too" of the words after the colon.
for f in "$man"/*.[1-8]; do
	mandoc -Tutf8 "$f" 2>/dev/null | col -b > rendered
	is "${f##*/}: no words rendered as flags" "" \
	    "$(grep -E -o "(^|[][ (|,])-[a-z]{3,}" rendered | sort -u | paste -sd' ' -)"
done

done_testing
