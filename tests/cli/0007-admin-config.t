#!/bin/sh
# pm-admin config: effective configuration, and bad files refused fast.
. "$PM_TESTS/lib.sh"

ok "defaults without a file" pm-admin config
out_has "time zone default" '^timezone	Asia/Shanghai	default$'
out_has "busy timeout default" '^busy_timeout	5s	default$'

cat > good.yaml <<'Y'
# a comment
timezone: Asia/Shanghai
busy_timeout: 10s
money:
  rounding: half-even
company:
  name: "阳光物业"
Y
ok "a good file" pm-admin config good.yaml
out_has "value from the file, with its line" '^money.rounding	half-even	.*good.yaml:5$'
out_has "Chinese value" '^company.name	阳光物业	'
ok "-c FILE is the same" pm-admin -c good.yaml config
out_has "-c value" '^busy_timeout	10s	'
ok "PM_CONFIG too" env PM_CONFIG=good.yaml pm-admin -o json config
is "json output parses" "half-even" "$(jq -r 'select(.key=="money.rounding").value' "$T/.out")"

mkdir -p config/pm && cp good.yaml config/pm/config.yaml
ok "XDG_CONFIG_HOME lookup" pm-admin config
out_has "found the XDG file" "config/pm/config.yaml"
rm -r config

bad() { # bad NAME FILE PATTERN
	fails 78 "$1 exits 78" pm-admin config "$2"
	err_has "$1: file:line:col and reason" "$3"
}
printf 'timezone: UTC\ntimezone: UTC\n' > dup.yaml
bad "duplicate key" dup.yaml "dup.yaml:2:1: .*duplicate key"
printf 'money:\n  rounding: half-up\n  unit_prise: 3\n' > unknown.yaml
bad "unknown key" unknown.yaml "unknown.yaml:3:3: .*unknown key"
printf 'company:\n  name: &n x\nbackup:\n  dir: *n\n' > alias.yaml
bad "anchor" alias.yaml "alias.yaml:2:9: .*anchor"
printf 'money:\n\trounding: half-up\n' > tab.yaml
bad "tab indentation" tab.yaml "tab.yaml:2:1: .*tab"
printf 'money:\n  rounding: halfup\n' > enum.yaml
bad "bad enum" enum.yaml "enum.yaml:2:13: .*half-up"
printf 'timezone: Mars/Olympus\n' > tz.yaml
bad "unknown time zone" tz.yaml "tz.yaml:1:11: .*Mars/Olympus"
printf 'busy_timeout: 3x\n' > span.yaml
bad "bad duration" span.yaml "span.yaml:1:15"
printf 'a: 1\n---\nb: 2\n' > two.yaml
bad "two documents" two.yaml "two.yaml:.*document"
printf '# only a comment\n' > empty.yaml
bad "comments only" empty.yaml "empty.yaml.*empty"
printf 'company:\n  name: [1, 2]\n' > type.yaml
bad "wrong type" type.yaml "type.yaml:2:9: .*string"

awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; print "" }' > deep.yaml
fails 78 "100,000 nested brackets" pm-admin config deep.yaml
err_has "refused at the 65th level, not at the end (timing: make bench)" "deep.yaml:1:65: .*nest"

printf 'calendar:\n  hours: "09:00-25:00"\n' > cal.yaml
bad "bad working hours" cal.yaml "cal.yaml:2:[0-9]+: .*25:00"
printf 'categories:\n  维修: urgentt\n' > cat.yaml
bad "bad category priority" cat.yaml "cat.yaml:2:[0-9]+: "
printf 'roles:\n  guard:\n    perms: [patrol.*]\n' > roles.yaml
bad "roles: is refused (roles live in the database)" roles.yaml "roles.yaml:2:3: roles: no longer read.*pm-org role import FILE"

fails 66 "a missing explicit file exits 66" pm-admin -c nothere.yaml config
fails 78 "a bad config stops every verb" pm-admin -c dup.yaml audit

printf 'database: %s/fromcfg.db\n' "$T" > db.yaml
ok "database: from config" env -u PM_DB pm-admin -c db.yaml init
is "created where the config says" yes "$([ -f fromcfg.db ] && echo yes)"

done_testing
