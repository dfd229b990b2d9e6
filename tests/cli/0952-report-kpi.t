#!/bin/sh
# pm-report kpi: one line per target (kpi value target met), exit 1
# exactly when a target is missed (a target met, then the same one
# missed, from config); -o tsv is what pm-action review --kpi reads;
# report.kpi refused with file:line:col; targets in the json.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/report-seed.sh"
report_db "$PM_DB" S1 || { echo "not ok 1 - seed"; done_testing; exit 1; }
export PM_NOW="$REPORT_NOW"
M=$REPORT_MONTH
cfg="$XDG_CONFIG_HOME/pm/config.yaml"
base=$(cat "$cfg" 2>/dev/null || true)
# setcfg YAML-LINES: config = the seed's settings and report.kpi with these entries
setcfg() { { [ -n "$base" ] && printf '%s\n' "$base"; printf 'report:\n  kpi:\n%s\n' "$1"; } >"$cfg"; }

ok "json" pm-report monthly --month $M -o json
cp "$T/.out" r.json
# every built-in target off, so the one set below is the only one
offs=$(jq -r '.kpi[] | "    \(.key): \"off\""' r.json)
# a count figure, one with _ in its key when there is one (the md
# review below must spell it escaped)
count=$(jq -r '[.figures | to_entries[] | select(.value.kind == "count" and .value.cur != null)] |
	(map(select(.key | contains("_"))) + .)[0] | "\(.key) \(.value.cur.n)"' r.json)
if [ "$count" = "null null" ] || [ -z "$count" ]; then
	# the placeholder sections: no figures, so no targets
	ok "no targets, nothing missed" pm-report kpi --month $M -o tsv
	out_is "no lines" ""
	setcfg '    complaints.nosuch: ">= 1"'
	fails 78 "a target naming no figure" pm-report kpi --month $M
	err_has "file:line:col" 'config.yaml:[0-9]+:[0-9]+: .*no such figure'
	done_testing
	exit 0
fi
key=${count% *} n=${count#* }

setcfg "$offs
    $key: \"<= $n\""
ok "a target met: exit 0" pm-report kpi --month $M -o tsv
out_is "kpi value target met" "$(printf '%s\t%s\t<= %s\t1' "$key" "$n" "$n")"
cp "$T/.out" met.tsv
ok "the json holds the target" pm-report monthly --month $M -o json
is "target and met" "$n true" "$(jq -r --arg k "$key" '"\(.figures[$k].target) \(.figures[$k].met)"' "$T/.out")"
is "kpi list" "$key <= $n $n true" "$(jq -r '.kpi[] | "\(.key) \(.op) \(.target) \(.value) \(.met)"' "$T/.out")"

if [ "$n" -gt 0 ]; then
	setcfg "$offs
    $key: \"<= $((n - 1))\""
	want="<= $((n - 1))"
else
	setcfg "$offs
    $key: \">= 1\""
	want=">= 1"
fi
fails 1 "a target missed: exit 1" pm-report kpi --month $M -o tsv
out_is "met 0" "$(printf '%s\t%s\t%s\t0' "$key" "$n" "$want")"
is "quiet on stderr" "" "$(cat "$T/.err")"
cp "$T/.out" missed.tsv
ok "json: met false" pm-report monthly --month $M -o json
is "marked missed" "false" "$(jq -r --arg k "$key" '.figures[$k].met' "$T/.out")"
ok "the text marks it" pm-report monthly --month $M -o text
out_has "(missed)" '\(missed\)'
fails 1 "-o json: exit 1 too" pm-report kpi --month $M -o json
is "json line" "$key" "$(jq -r 'select(.met == false) | .kpi' "$T/.out")"

# pm-action review reads the tsv.  Its md escapes Markdown's markup
# (lib/base/doc.c: \ ` * _ [ ] < > | ~ take a backslash), so the row of
# the targets-missed table is matched as a fixed string the way the md
# spells it: a key with _ in it would not match itself, and a bare
# grep -E of the key would match a dot anywhere.
mdesc() { printf '%s' "$1" | sed 's/[][\\`*_<>|~]/\\&/g'; }
# the row names the figure by its label, then its key (pm-action(1)):
# "| **Label (key)** | value | target |"
row=" ($(mdesc "$key"))** | $n | $(mdesc "$want") |"
is "the md spelling of a key with _" 'patrols.hazards\_in\_time \>= 90%' \
	"$(mdesc 'patrols.hazards_in_time') $(mdesc '>= 90%')"
ok "review --kpi: missed" pm-action review --month $M --kpi missed.tsv -o md
if grep -F -- "$row" "$T/.out" | grep -q '^| \*\*[^ (]'; then _ok "the missed KPI's row: label, key, value, target"
else _notok "the missed KPI's row (no '$row' in stdout)"; fi
ok "review --kpi: met" pm-action review --month $M --kpi met.tsv -o md
out_has "every target met" 'Every target was met'
if grep -qF -- "$(mdesc "$key")" "$T/.out"; then _notok "a met KPI is not listed"
else _ok "a met KPI is not listed"; fi

# report.kpi refused: file:line:col
setcfg '    nosuch.figure: ">= 1"'
fails 78 "a target naming no figure" pm-report kpi --month $M
err_has "file:line:col" 'config.yaml:[0-9]+:5: .*nosuch.figure: no such figure'
setcfg "    $key: \"= 3\""
fails 78 "a bad operator" pm-report kpi --month $M
err_has "says what it expects" '[0-9]+:[0-9]+: .*expected >= VALUE'
setcfg "    $key: \">= 3%\""
fails 78 "a percentage for a count" pm-report kpi --month $M
setcfg "    $key:
      a: 1"
fails 78 "a mapping" pm-report kpi --month $M
pm-admin config "$cfg" >/dev/null 2>&1; st=$?
is "pm-admin config FILE: 78" 78 "$st"
done_testing
