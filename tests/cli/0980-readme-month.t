#!/bin/sh
# The README's "The month's pipeline", typed into a fresh clone as
# tests/cli/0020 types the tour (tests/cli/readme.sh): the demo's month,
# its report, KPIs, review and the group's merge.  Needs pm-report.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/readme.sh"
if [ ! -x "$PM_BIN/pm-report" ]; then
	printf 'ok 1 # SKIP pm-report is not built\n1..1\n'
	exit 0
fi
readme_section "The month's pipeline" 6
done_testing
