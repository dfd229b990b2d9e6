#!/bin/sh
# lint-floors: the floors of lib hold on a copy of the tree, and each
# rule fails on the violation it exists for.
. "$PM_TESTS/lib.sh"
src=$(cd "$PM_TESTS/../.." && pwd)
fresh() {
	rm -rf tree
	mkdir -p tree/tests
	cp -R "$src/lib" tree/lib
	cp -R "$src/tests/unit" tree/tests/unit
	# the clean state: this test is about the rules, not about the
	# findings other work has not yet fixed
	for f in tree/lib/base/*.c tree/lib/mech/*.c tree/lib/domain/*.c; do
		m=$(basename "$f" .c)
		[ -f "tree/tests/unit/test_$m.c" ] || : > "tree/tests/unit/test_$m.c"
	done
	for f in tree/lib/base/*.[ch] tree/lib/mech/*.[ch]; do
		case "$f" in */id.[ch]) continue ;; esac
		sed -i -E 's/\b(staff|departments?|dept_|complaints?|contacts?|occupants?|owners?|surveys?|vehicles?|workorders?|hazards?|incidents?|drills?)\b/thing/gI; s/work orders?/things/gI; s/pm-(org|unit|complaint|workorder|patrol|fee|report|action)/pm-x/g' "$f"
	done
}
lint() { sh "$src/scripts/lint-floors" tree; }

fresh
ok "a clean tree passes" lint

fresh
printf '#include "lifecycle.h"\n' >> tree/lib/base/money.c
fails 1 "base including a mechanism fails" lint
err_has "names the arrow" 'lib/base/money.c \(base\) includes "lifecycle.h" \(mech\): an arrow pointing up'

fresh
printf '#include "complaint.h"\n' >> tree/lib/mech/link.h
fails 1 "a mech header including a domain header fails" lint
err_has "names it" 'lib/mech/link.h \(mech\) includes "complaint.h" \(domain\)'

fresh
printf '#include "cli.h"\n' >> tree/lib/domain/org.c
fails 1 "lib including the front's header fails" lint
err_has "says only cmd/ may" 'includes "cli.h": only cmd/ may'

fresh
printf '#include "nosuch.h"\n' >> tree/lib/mech/pii.c
fails 1 "an include that is in no floor fails" lint

fresh
printf 'int pm_gadget(void);\n' > tree/lib/mech/gadget.c
fails 1 "a module without a test file fails" lint
err_has "names the file it wants" 'lib/mech/gadget.c has no tests/unit/test_gadget.c'

fresh
printf '/* the department head decides */\n' >> tree/lib/base/out.c
fails 1 "a domain word in base fails" lint
err_has "names the file" 'lib/base/out.c names the domain'
fresh
printf '/* late complaints */\n' >> tree/lib/mech/deadline.c
fails 1 "a domain word in mech fails" lint
fresh
printf '/* run pm-fee */\n' >> tree/lib/mech/import.c
fails 1 "a tool name in mech fails" lint

fresh
printf '/* complaint */\n' >> tree/lib/base/id.c
ok "the typed-ID registry may name record types" lint
printf '/* a complaint about the staff */\n' >> tree/lib/domain/org.c
ok "the domain floor may name the domain" lint

done_testing
