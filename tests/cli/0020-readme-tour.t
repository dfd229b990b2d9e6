#!/bin/sh
# The README's tour, typed into a fresh clone: documentation that cannot
# drift.  The commands of the section "A short tour" run in order in one
# shell, as a user would type them, and print what the README shows
# (tests/cli/readme.sh says how a section is read).
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/readme.sh"
readme_section "A short tour" 20
done_testing
