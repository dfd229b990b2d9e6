# pm — property-management toolkit.  GNU make.
#
#   make                 libpm.a, libpm.so and every cmd/pm-*.c binary in build/
#   make check           unit (cmocka), CLI (TAP), fuzz-corpus and conformance tests
#                        (the suites in ../shared/external or $PM_EXTERNAL, when present)
#   make check-asan      the same under ASan+UBSan, in build/asan/
#   make check-stress    concurrency, crash, fault and permission suites (a few
#                        minutes; sizes from STRESS_* in tests/stress/run)
#   make lint            floors, man pages (mandoc -Tlint, SYNOPSIS vs option tables),
#                        banned calls, sqlite3 outside lib/base/db*, cppcheck
#   make fuzz            libFuzzer targets (clang) in build/fuzz/
#   make bench           benchmarks with generated data
#   make demo            a month on the demo community and its monthly report in ./demo/
#   make demo-tour       the demo community shown step by step
#   make install PREFIX=/usr/local DESTDIR=
#   make clean

VERSION   := 0.1.0
SOVERSION := 0

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
LIBDIR  ?= $(PREFIX)/lib
INCDIR  ?= $(PREFIX)/include
MANDIR  ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale
DESTDIR ?=

CC      ?= cc
B       ?= build
PKG_CONFIG ?= pkg-config

WARN    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2 -Wno-format-nonliteral -Wvla
CFLAGS  ?= -O2 -g
SAN     ?=
ALL_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -D_FILE_OFFSET_BITS=64 $(WARN) -fPIC \
              -DPM_VERSION='"$(VERSION)"' $(SAN) $(CFLAGS)

# The floors (README "Layout"): a file sees the quoted headers of its own
# floor and those below it; only cmd/ sees the front's cli.h.  lint checks
# the same rule textually.
IQ_base   := -iquote lib/base
IQ_mech   := $(IQ_base) -iquote lib/mech
IQ_domain := $(IQ_mech) -iquote lib/domain
IQ_cmd    := $(IQ_domain) -iquote cmd

pc_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pc_libs   = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null || echo $(2))
DEP_CFLAGS := $(call pc_cflags,sqlite3 yaml-0.1)
DEP_LIBS   := $(call pc_libs,sqlite3,-lsqlite3) $(call pc_libs,yaml-0.1,-lyaml) -lm
CMOCKA_LIBS := $(call pc_libs,cmocka,-lcmocka)
LDFLAGS ?=
ALL_LDFLAGS := $(SAN) $(LDFLAGS)

FLOORS   := base mech domain
LIB_SRC  := $(foreach f,$(FLOORS),$(sort $(wildcard lib/$(f)/*.c)))
LIB_HDR  := $(foreach f,$(FLOORS),$(sort $(wildcard lib/$(f)/*.h)))
LIB_OBJ  := $(LIB_SRC:lib/%.c=$(B)/lib/%.o) $(B)/lib/base/schema.o
CMD_SRC  := $(sort $(wildcard cmd/pm-*.c))
FRONT_SRC := $(filter-out $(CMD_SRC),$(sort $(wildcard cmd/*.c)))
FRONT_OBJ := $(FRONT_SRC:cmd/%.c=$(B)/cmd/%.o)
FRONT    := $(B)/libpmfront.a
BINS     := $(CMD_SRC:cmd/%.c=$(B)/%)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNITS    := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
REPLAYS  := $(FUZZ_SRC:tests/fuzz/%.c=$(B)/tests/replay_%)
SCHEMA   := $(sort $(wildcard schema/[0-9][0-9][0-9][0-9]-*.sql))
MANS     := $(sort $(wildcard man/*.[157]))
POS      := $(sort $(wildcard po/*.po))
LANGS    := $(POS:po/%.po=%)
MOS      := $(LANGS:%=$(B)/locale/%/LC_MESSAGES/pm.mo)

.PHONY: all check check-unit check-cli check-fuzz check-conform check-asan check-stress check-valgrind \
        lint fuzz bench bench-report demo demo-tour pot \
        install uninstall clean deps
.DELETE_ON_ERROR:
.SECONDARY:

all: $(B)/libpm.a $(B)/libpm.so $(BINS) $(MOS)

# Messages (lib/base/i18n.h): po/pm.pot is extracted from the sources by
# `make pot` (scripts/pot, which adds the column names as "column"
# msgids); po/LANG.po is compiled to $(B)/locale/LANG/LC_MESSAGES/pm.mo.
$(B)/locale/%/LC_MESSAGES/pm.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt -c -o $@ $<

pot:
	sh scripts/pot

define floor_rule
$$(B)/lib/$(1)/%.o: lib/$(1)/%.c
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_CFLAGS) $$(IQ_$(1)) $$(DEP_CFLAGS) -MMD -MP -c -o $$@ $$<
endef
$(foreach f,$(FLOORS),$(eval $(call floor_rule,$(f))))

$(B)/lib/base/schema.c: $(SCHEMA) scripts/embed-schema
	@mkdir -p $(@D)
	sh scripts/embed-schema $(SCHEMA) > $@

$(B)/lib/base/schema.o: $(B)/lib/base/schema.c
	$(CC) $(ALL_CFLAGS) $(IQ_base) -MMD -MP -c -o $@ $<

$(B)/libpm.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(B)/libpm.so: $(LIB_OBJ)
	$(CC) -shared -Wl,-soname,libpm.so.$(SOVERSION) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS)

# The front (argument parsing, help, printing): a static library the
# binaries link, never installed, so that libpm itself cannot print.
# It binds the message catalogue to the installed LOCALEDIR
# ($PM_LOCALEDIR overrides: the tests use $(B)/locale).
$(B)/cmd/%.o: cmd/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(IQ_cmd) -DPM_LOCALEDIR='"$(LOCALEDIR)"' -MMD -MP -c -o $@ $<

$(FRONT): $(FRONT_OBJ)
	rm -f $@
	$(AR) rcs $@ $^

$(B)/pm-%: $(B)/cmd/pm-%.o $(FRONT) $(B)/libpm.a
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(FRONT) $(B)/libpm.a $(DEP_LIBS)

$(B)/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(IQ_cmd) $(DEP_CFLAGS) -Wno-missing-prototypes -MMD -MP -c -o $@ $<

$(B)/tests/test_%: $(B)/tests/test_%.o $(FRONT) $(B)/libpm.a
	$(CC) $(ALL_LDFLAGS) -o $@ $< $(FRONT) $(B)/libpm.a $(CMOCKA_LIBS) $(DEP_LIBS)

# Fuzz targets, built with a plain main() that replays a corpus, so the
# corpus runs in every `make check` without clang or libFuzzer.
$(B)/tests/fuzz_%.o: tests/fuzz/fuzz_%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(IQ_cmd) -Wno-missing-prototypes -MMD -MP -c -o $@ $<

$(B)/tests/replay.o: tests/fuzz/replay.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(IQ_domain) -MMD -MP -c -o $@ $<

$(B)/tests/replay_fuzz_%: $(B)/tests/fuzz_%.o $(B)/tests/replay.o $(FRONT) $(B)/libpm.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS)

# Conformance: pm's readers against suites written by others, and every
# JSON the binaries write through a strict parser (tests/conform/run).
$(B)/tests/conform/%.o: tests/conform/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(IQ_mech) -MMD -MP -c -o $@ $<

$(B)/tests/conform/conform: $(B)/tests/conform/conform.o $(B)/tests/conform/jv.o $(B)/libpm.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS)

$(B)/tests/conform/jcheck: $(B)/tests/conform/jcheck.o $(B)/tests/conform/jv.o
	$(CC) $(ALL_LDFLAGS) -o $@ $^

deps:
	@sh scripts/install-deps

check: deps
	@$(MAKE) --no-print-directory check-unit check-cli check-fuzz check-conform

check-unit: $(UNITS) $(MOS)
	@sh tests/run-unit $(UNITS)

check-cli: all
	@sh tests/cli/run $(B)

check-fuzz: $(REPLAYS)
	@for r in $(REPLAYS); do n=$${r##*/replay_fuzz_}; \
	  $$r tests/fuzz/corpus/$$n || exit 1; done; echo "fuzz corpora: ok"

check-conform: all $(B)/tests/conform/conform $(B)/tests/conform/jcheck
	@sh tests/conform/run $(B)

# Not part of check: minutes, not seconds, and they load the machine.
check-stress: all
	@sh tests/stress/run $(B)

ASAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# The Chromium renderings (0975-0979) are left out: their time is the
# browser's, and the HTML documents they render are made under ASan by
# 0806, 0950, 0951, 0953, 0972 and 0981 as well.
check-asan: deps
	@PM_CLI_SKIP="0975 0976 0977 0978 0979" \
	  $(MAKE) --no-print-directory B=$(B)/asan SAN="$(ASAN)" CFLAGS="-O1 -g" \
	  check-unit check-cli check-fuzz check-conform

lint: all
	@B=$(B) sh scripts/lint

# libFuzzer targets: build/fuzz/fuzz_X; run with a scratch corpus first,
# the seeds second, so new inputs do not land in the repository:
#   mkdir -p /tmp/c && build/fuzz/fuzz_yaml -max_total_time=60 /tmp/c tests/fuzz/corpus/yaml
fuzz: $(B)/lib/base/schema.c
	@mkdir -p $(B)/fuzz
	@for f in $(FUZZ_SRC); do n=$$(basename $$f .c); echo "clang $$n"; \
	  clang -std=c11 -D_DEFAULT_SOURCE $(IQ_cmd) -DPM_VERSION='"$(VERSION)"' -DPM_LOCALEDIR='"$(LOCALEDIR)"' -g -O1 \
	    -fsanitize=fuzzer,address,undefined $(DEP_CFLAGS) -o $(B)/fuzz/$$n $$f $(LIB_SRC) $(FRONT_SRC) \
	    $(B)/lib/base/schema.c $(DEP_LIBS) || exit 1; done

check-valgrind: deps all
	@PM_VALGRIND=1 sh tests/cli/run $(B)

bench: all $(B)/tests/bench_journal
	@sh scripts/bench $(B)
	@sh scripts/bench-report $(B)

# pm-report monthly on generated years of history, alone (scripts/bench-report)
bench-report: all
	@sh scripts/bench-report $(B)

# the journal writer for the bench (ledger.h), beside `ledger balance`
$(B)/tests/bench_%.o: tests/bench/bench_%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(IQ_mech) $(DEP_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/tests/bench_journal: $(B)/tests/bench_journal.o $(B)/libpm.a
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(DEP_LIBS)

# demo: a month on the demo community and its monthly report in ./demo/;
# demo-tour: the same community shown step by step, each command printed.
demo: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo-month $(B)

demo-tour: deps
	@$(MAKE) --no-print-directory all
	@sh scripts/demo $(B)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCDIR)/pm \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)/
	install -m 644 $(B)/libpm.a $(DESTDIR)$(LIBDIR)/
	install -m 755 $(B)/libpm.so $(DESTDIR)$(LIBDIR)/libpm.so.$(VERSION)
	ln -sf libpm.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libpm.so.$(SOVERSION)
	ln -sf libpm.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libpm.so
	install -m 644 $(LIB_HDR) $(DESTDIR)$(INCDIR)/pm/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCDIR@|$(INCDIR)|' \
	  -e 's|@VERSION@|$(VERSION)|' lib/libpm.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/libpm.pc
	for m in $(MANS); do s=$${m##*.}; install -m 644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	for l in $(LANGS); do install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
	  install -m 644 $(B)/locale/$$l/LC_MESSAGES/pm.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/; done
	install -d $(DESTDIR)$(PREFIX)/share/pm/cron
	install -m 755 scripts/pm-daily $(DESTDIR)$(PREFIX)/share/pm/
	install -m 755 scripts/cron/pm-cron $(DESTDIR)$(PREFIX)/share/pm/cron/
	install -m 644 scripts/cron/crontab scripts/cron/pm.env scripts/cron/*.service scripts/cron/*.timer \
	  $(DESTDIR)$(PREFIX)/share/pm/cron/

uninstall:
	rm -f $(BINS:$(B)/%=$(DESTDIR)$(BINDIR)/%) $(DESTDIR)$(LIBDIR)/libpm.* \
	  $(DESTDIR)$(LIBDIR)/pkgconfig/libpm.pc
	rm -rf $(DESTDIR)$(INCDIR)/pm
	for m in $(MANS); do s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m##*/}; done
	for l in $(LANGS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/pm.mo; done
	rm -rf $(DESTDIR)$(PREFIX)/share/pm/cron $(DESTDIR)$(PREFIX)/share/pm/pm-daily
	rmdir $(DESTDIR)$(PREFIX)/share/pm 2>/dev/null || true

clean:
	rm -rf build demo

-include $(shell find $(B) -name '*.d' 2>/dev/null)
