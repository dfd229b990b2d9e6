/* test_record.c — the record mechanism on scratch kinds that are no
 * kind of pm-unit's: an "asset" (a code within a place, a name, a money
 * field, a date, a personal field, a reference scoped by the place, a
 * validate hook) and a "reading" named by its row id — the shapes
 * equipment, checkpoints, fee items, rates and meters will have.  Put in
 * its three modes, normalising, references, the hook, the masked audit,
 * listing, import, and the kept statements across column sets. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "registry.h"
#include "record.h"
#include "fixture.h"

static pm_ctx ctx;
static int hook_calls;

/* A costly asset needs its purchase date: a rule across two fields. */
static int
asset_valid(pm_ctx *c, const pm_rkind *k, const char *const *v, pm_err *err)
{
	int cost = pm_record_field(k, "cost"), bought = pm_record_field(k, "bought");

	(void)c;
	hook_calls++;
	if (strlen(v[cost]) >= 7 && *v[bought] == '\0')       /* 1000.00 and more */
		return pm_err_field(err, PM_EX_DATAERR, "bought",
		    "bought is needed for an asset of %s", v[cost]);
	return 0;
}

static const pm_rkind asset = {
	.name = "asset", .table = "asset",
	.from = "asset t JOIN place p ON p.id = t.place_id LEFT JOIN room r ON r.id = t.room_id",
	.order = "p.code, t.code", .current = "t.retired = 0", .scope = 0, .label = 1,
	.validate = asset_valid, .nf = 9, .fl = {
		{ .name = "place", .type = PM_RF_REF, .flags = PM_RF_KEY | PM_RF_REQ,
		  .sel = "p.code", .col = "place_id", .ref = "place" },
		{ .name = "code", .type = PM_RF_CODE, .flags = PM_RF_KEY | PM_RF_REQ,
		  .sel = "t.code", .col = "code" },
		{ .name = "name", .type = PM_RF_TEXT, .flags = PM_RF_REQ, .max = 20,
		  .sel = "t.name", .col = "name" },
		{ .name = "cost", .type = PM_RF_MONEY, .min = 0, .max = 100000000,
		  .sel = "t.cost", .col = "cost" },
		{ .name = "bought", .type = PM_RF_DATE, .sel = "t.bought", .col = "bought" },
		{ .name = "keeper_phone", .type = PM_RF_PHONE, .sel = "t.keeper_phone",
		  .col = "keeper_phone" },
		{ .name = "room", .type = PM_RF_REF, .ref = "room", .ref_scope = "place_id",
		  .sel = "r.code", .col = "room_id" },
		{ .name = "weight", .type = PM_RF_DEC, .scale = 1, .unit = "kg", .min = 1,
		  .max = 50000, .sel = "t.weight", .col = "weight" },
		{ .name = "retired", .type = PM_RF_BOOL, .def = "no", .sel = "t.retired",
		  .col = "retired" },
	} };

/* Named by its row id; a person's name in its key. */
static const pm_rkind reading = {
	.name = "reading", .table = "reading", .from = "reading t JOIN place p ON p.id = t.place_id",
	.order = "p.code, t.id", .scope = 1, .label = 0, .nf = 5, .fl = {
		{ .name = "id", .type = PM_RF_ID, .sel = "t.id" },
		{ .name = "place", .type = PM_RF_REF, .flags = PM_RF_KEY | PM_RF_REQ,
		  .sel = "p.code", .col = "place_id", .ref = "place" },
		{ .name = "by", .type = PM_RF_NAME, .flags = PM_RF_KEY | PM_RF_REQ, .max = 20,
		  .sel = "t.by", .col = "by" },
		{ .name = "on", .type = PM_RF_DATE, .flags = PM_RF_KEY | PM_RF_REQ,
		  .sel = "t.on_day", .col = "on_day" },
		{ .name = "value", .type = PM_RF_INT, .min = 0, .max = 999999,
		  .sel = "t.value", .col = "value" },
	} };

/* A kind's own rules for its PM_RF_HOOK fields: a path spelt "a>b" is
 * stored "a/b", "zz" is no path; a level left out comes from the path. */
static int
gadget_norm(pm_ctx *c, const pm_rkind *k, int i, const char *const *v, pm_buf *out,
    pm_err *err)
{
	char *gt;

	(void)c;
	if (strcmp(k->fl[i].name, "path") == 0) {
		if (strcmp(out->s, "zz") == 0)
			return pm_err_field(err, PM_EX_DATAERR, "path", "path zz: no such path");
		if ((gt = strchr(out->s, '>')) != NULL)
			*gt = '/';
		return 0;
	}
	if (out->len == 0)      /* a default: the path is complete by now */
		pm_buf_adds(out, v[pm_record_field(k, "path")][0] == 'a' ? "hi" : "lo");
	return 0;
}

/* A path, a level defaulted by the hook, a keeper by login. */
static const pm_rkind gadget = {
	.name = "gadget", .table = "gadget",
	.from = "gadget t JOIN place p ON p.id = t.place_id LEFT JOIN person k ON k.id = t.keeper_id",
	.order = "p.code, t.code", .scope = 0, .label = 1, .norm = gadget_norm, .nf = 5, .fl = {
		{ .name = "place", .type = PM_RF_REF, .flags = PM_RF_KEY | PM_RF_REQ,
		  .sel = "p.code", .col = "place_id", .ref = "place" },
		{ .name = "code", .type = PM_RF_CODE, .flags = PM_RF_KEY | PM_RF_REQ,
		  .sel = "t.code", .col = "code" },
		{ .name = "path", .type = PM_RF_TEXT, .flags = PM_RF_REQ | PM_RF_HOOK, .max = 20,
		  .sel = "t.path", .col = "path" },
		{ .name = "level", .type = PM_RF_ENUM, .flags = PM_RF_HOOK, .choices = "hi|lo",
		  .sel = "t.level", .col = "level" },
		{ .name = "keeper", .type = PM_RF_REF, .ref = "person", .ref_key = "login",
		  .sel = "k.login", .col = "keeper_id" },
	} };

static int
setup(void **state)
{
	(void)state;
	hook_calls = 0;
	return fx_open(&ctx, "pm-test", "root",
	    "CREATE TABLE place (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE) STRICT;"
	    "CREATE TABLE room (id INTEGER PRIMARY KEY, place_id INTEGER NOT NULL "
	    "  REFERENCES place (id), code TEXT NOT NULL, UNIQUE (place_id, code)) STRICT;"
	    "CREATE TABLE asset (id INTEGER PRIMARY KEY, place_id INTEGER NOT NULL "
	    "  REFERENCES place (id), code TEXT NOT NULL, name TEXT NOT NULL, cost INTEGER, "
	    "  bought TEXT, keeper_phone TEXT, room_id INTEGER REFERENCES room (id), "
	    "  weight INTEGER, retired INTEGER NOT NULL DEFAULT 0, "
	    "  UNIQUE (place_id, code)) STRICT;"
	    "CREATE TABLE reading (id INTEGER PRIMARY KEY, place_id INTEGER NOT NULL "
	    "  REFERENCES place (id), by TEXT NOT NULL, on_day TEXT NOT NULL, value INTEGER) STRICT;"
	    "CREATE TABLE person (id INTEGER PRIMARY KEY, login TEXT NOT NULL UNIQUE) STRICT;"
	    "CREATE TABLE gadget (id INTEGER PRIMARY KEY, place_id INTEGER NOT NULL, "
	    "  code TEXT NOT NULL, path TEXT NOT NULL, level TEXT NOT NULL DEFAULT 'lo', "
	    "  keeper_id INTEGER, UNIQUE (place_id, code)) STRICT;"
	    "INSERT INTO person (login) VALUES ('li.ming');"
	    "INSERT INTO place (code) VALUES ('north'), ('south');"
	    "INSERT INTO room (place_id, code) VALUES (1, 'r1'), (2, 'r2')");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

/* put(kind, mode, res, "field=value", ..., NULL) */
static int
put(const pm_rkind *k, pm_rmode mode, pm_rput *res, ...)
{
	pm_rrec rec;
	va_list ap;
	int rc;

	va_start(ap, res);
	rc = fx_record(k, &rec, ap);
	va_end(ap);
	assert_int_equal(rc, 0);
	pm_err_clear(&ctx.err);
	return pm_record_put(&ctx, k, &rec, mode, res, &ctx.err);
}

static const char *
text(const char *sql)
{
	static char out[512];
	int found = 0;

	out[0] = '\0';
	if (pm_db_get_text(ctx.db, &ctx.err, out, sizeof out, &found, sql, "") != 0)
		fail_msg("%s: %s", sql, ctx.err.msg);
	return found ? out : NULL;
}

static void
modes(void **state)
{
	pm_rput r;

	(void)state;
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "code=A1", "name=drill",
	    "cost=¥1,234.5", "bought=2026-03-01", NULL), 0);
	assert_int_equal(r.change, PM_R_INSERTED);
	assert_string_equal(r.key, "A1");
	assert_string_equal(text("SELECT cost || ' ' || bought || ' ' || retired FROM asset"),
	    "123450 2026-03-01 0");
	/* the same record spelled otherwise is no change, and no hook */
	hook_calls = 0;
	assert_int_equal(put(&asset, PM_PUT_UPSERT, &r, "place=north", "code=A1",
	    "cost=1234.50", "bought=2026-3-1 08:00", NULL), PM_EX_DATAERR);    /* not a date */
	assert_int_equal(put(&asset, PM_PUT_UPSERT, &r, "place=north", "code=A1",
	    "cost=1234.50", "bought=2026-03-01 08:00", NULL), 0);
	assert_int_equal(r.change, PM_R_UNCHANGED);
	assert_int_equal(hook_calls, 0);
	assert_int_equal(put(&asset, PM_PUT_SET, &r, "place=north", "code=A1", "name=saw",
	    NULL), 0);
	assert_int_equal(r.change, PM_R_UPDATED);
	assert_int_equal(hook_calls, 1);
	/* new on an existing key, set on a missing one */
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "code=A1", "name=x", NULL),
	    PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "asset A1: already exists (use set to change it)");
	assert_int_equal(put(&asset, PM_PUT_SET, &r, "place=south", "code=A1", "name=x", NULL),
	    PM_EX_NOINPUT);
	assert_string_equal(ctx.err.msg, "asset A1: no such asset");
	/* the same code in another place is another asset */
	assert_int_equal(put(&asset, PM_PUT_UPSERT, &r, "place=south", "code=A1", "name=x",
	    NULL), 0);
	assert_int_equal(r.change, PM_R_INSERTED);
	/* a missing key: usage for a verb, bad data in a file */
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "name=x", NULL),
	    PM_EX_USAGE);
	assert_string_equal(ctx.err.msg, "asset: code is needed");
	assert_int_equal(put(&asset, PM_PUT_UPSERT, &r, "place=north", "code=", NULL),
	    PM_EX_DATAERR);
	assert_int_equal(put(&asset, PM_PUT_UPSERT, &r, "place=north", "code=B1", NULL),
	    PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "asset: name is needed");
}

static void
values(void **state)
{
	pm_rput r;

	(void)state;
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "code=A1", "name=x",
	    "cost=12.345", NULL), PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "cost"));
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "code=A1", "name=x",
	    "cost=-1", NULL), PM_EX_DATAERR);
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "code=A1", "name=x",
	    "cost=1000000.01", NULL), PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg,
	    "cost 1000000.01: must be at least 0.00 and at most 1000000");
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "code=A1", "name=x",
	    "weight=0", NULL), PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "weight 0: must be more than 0 and at most 5000 kg");
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "code=A1", "name=x",
	    "weight=1.25", NULL), PM_EX_DATAERR);
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "code=A 1", "name=x", NULL),
	    PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "code 'A 1': a code is 1-32 letters, digits, - and _");
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "code=A1",
	    "name=a name far longer than twenty", NULL), PM_EX_DATAERR);
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "code=A1", "name=x",
	    "keeper_phone=12", NULL), PM_EX_DATAERR);
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "code=A1", "name=x",
	    "retired=maybe", NULL), PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "retired 'maybe': expected yes or no");
	/* references: the scope by code, the room within the scope */
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=east", "code=A1", "name=x", NULL),
	    PM_EX_NOINPUT);
	assert_string_equal(ctx.err.msg, "place east: no such place");
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "code=A1", "name=x",
	    "room=r2", NULL), PM_EX_NOINPUT);
	assert_string_equal(ctx.err.msg, "room r2: no such room");
	/* the hook: its refusal comes back as it made it */
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "code=A1", "name=x",
	    "cost=1000", NULL), PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "bought is needed for an asset of 1000.00");
	assert_string_equal(ctx.err.field, "bought");
	assert_null(text("SELECT code FROM asset"));
	/* all of it at once: normalised as stored */
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "code=A1", "name=x",
	    "cost=1000", "bought=2026-11-30", "keeper_phone=+86 138-1234-1234", "room=r1",
	    "weight=12.5", "retired=true", NULL), 0);
	assert_string_equal(text("SELECT cost || ' ' || bought || ' ' || keeper_phone || ' ' || "
	    "room_id || ' ' || weight || ' ' || retired FROM asset"),
	    "100000 2026-11-30 13812341234 1 125 1");
	/* cleared: text to "", the rest to NULL */
	assert_int_equal(put(&asset, PM_PUT_SET, &r, "place=north", "code=A1", "room=",
	    "weight=", NULL), 0);
	assert_string_equal(text("SELECT (room_id IS NULL) || ' ' || (weight IS NULL) "
	    "FROM asset"), "1 1");
}

static void
audit_masked(void **state)
{
	pm_rput r;

	(void)state;
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "code=A1", "name=drill",
	    "keeper_phone=13812341234", NULL), 0);
	assert_int_equal(put(&asset, PM_PUT_SET, &r, "place=north", "code=A1",
	    "keeper_phone=13900001111", NULL), 0);
	assert_string_equal(text("SELECT group_concat(entity || ' ' || entity_id || ' ' || action, "
	    "'; ') FROM audit WHERE entity = 'asset'"), "asset north/A1 new; asset north/A1 set");
	assert_string_equal(text("SELECT after FROM audit WHERE action = 'new'"),
	    "{\"place\":\"north\",\"code\":\"A1\",\"name\":\"drill\",\"keeper_phone\":"
	    "\"138****1234\",\"retired\":\"no\"}");
	assert_non_null(strstr(text("SELECT before FROM audit WHERE action = 'set'"),
	    "\"138****1234\""));
	assert_non_null(strstr(text("SELECT after FROM audit WHERE action = 'set'"),
	    "\"139****1111\""));
	/* nowhere in clear */
	assert_null(strstr(text("SELECT group_concat(coalesce(before, '') || after) FROM audit "
	    "WHERE entity = 'asset'"), "1381234"));
	/* named by its id: the key is the id, a person's name masked in the log */
	assert_int_equal(put(&reading, PM_PUT_NEW, &r, "place=south", "by=张三丰",
	    "on=2026-11-30", "value=17", NULL), 0);
	assert_string_equal(r.key, "1");
	assert_string_equal(text("SELECT entity_id || ' ' || after FROM audit WHERE "
	    "entity = 'reading'"), "1 {\"place\":\"south\",\"by\":\"张**\","
	    "\"on\":\"2026-11-30\",\"value\":\"17\"}");
}

static void
by_id(void **state)
{
	pm_rput r;

	(void)state;
	assert_int_equal(put(&reading, PM_PUT_NEW, &r, "place=south", "by=Li", "on=2026-11-30",
	    NULL), 0);
	/* set names it by its id alone; the place comes from the row */
	assert_int_equal(put(&reading, PM_PUT_SET, &r, "id=1", "value=5", NULL), 0);
	assert_int_equal(r.change, PM_R_UPDATED);
	assert_int_equal(put(&reading, PM_PUT_SET, &r, "id=2", "value=5", NULL), PM_EX_NOINPUT);
	assert_string_equal(ctx.err.msg, "reading 2: no such reading");
	assert_int_equal(put(&reading, PM_PUT_SET, &r, "id=x", NULL), PM_EX_USAGE);
	assert_int_equal(put(&reading, PM_PUT_SET, &r, "value=5", NULL), PM_EX_USAGE);
	assert_string_equal(ctx.err.msg, "reading: id is needed");
	/* an import without the id matches it by natural key */
	assert_int_equal(put(&reading, PM_PUT_UPSERT, &r, "place=south", "by=Li",
	    "on=2026-11-30", "value=5", NULL), 0);
	assert_int_equal(r.change, PM_R_UNCHANGED);
	/* with it (an export read back), by the id: a changed key field
	 * updates that record in place */
	assert_int_equal(put(&reading, PM_PUT_UPSERT, &r, "id=1", "place=south", "by=Wang",
	    "on=2026-11-30", "value=5", NULL), 0);
	assert_int_equal(r.change, PM_R_UPDATED);
	assert_string_equal(text("SELECT count(*) || ' ' || by FROM reading"), "1 Wang");
	/* an id the database does not have is inserted as that id */
	assert_int_equal(put(&reading, PM_PUT_UPSERT, &r, "id=99", "place=south", "by=Li",
	    "on=2026-11-30", "value=5", NULL), 0);
	assert_int_equal(r.change, PM_R_INSERTED);
	assert_int_equal(r.id, 99);
	assert_string_equal(text("SELECT group_concat(id, ' ') FROM reading"), "1 99");
	/* and then it is there: unchanged */
	assert_int_equal(put(&reading, PM_PUT_UPSERT, &r, "id=99", "place=south", "by=Li",
	    "on=2026-11-30", "value=5", NULL), 0);
	assert_int_equal(r.change, PM_R_UNCHANGED);
	/* new by id needs the natural key all the same */
	assert_int_equal(put(&reading, PM_PUT_UPSERT, &r, "id=7", "place=south", NULL),
	    PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "reading: by is needed");
}

/* Imports and personal data: a masked cell is refused, an empty one
 * keeps what is stored; a required field given empty is "needed";
 * messages mask what they quote. */
static void
import_personal(void **state)
{
	pm_rput r;

	(void)state;
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "code=A", "name=a",
	    "keeper_phone=13812341234", NULL), 0);
	assert_int_equal(put(&asset, PM_PUT_UPSERT, &r, "place=north", "code=A",
	    "keeper_phone=138****1234", NULL), PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "asset: keeper_phone looks masked (it holds *): "
	    "export with --unmask to re-import");
	assert_int_equal(put(&reading, PM_PUT_UPSERT, &r, "place=south", "by=欧***",
	    "on=2026-11-30", NULL), PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "by looks masked"));
	/* set is not an import: no such rule there (a phone with * is
	 * simply not a phone) */
	assert_int_equal(put(&asset, PM_PUT_SET, &r, "place=north", "code=A",
	    "keeper_phone=138****1234", NULL), PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "not a mobile"));
	/* an empty personal cell leaves the stored value */
	assert_int_equal(put(&asset, PM_PUT_UPSERT, &r, "place=north", "code=A", "name=a",
	    "keeper_phone=", NULL), 0);
	assert_int_equal(r.change, PM_R_UNCHANGED);
	assert_string_equal(text("SELECT keeper_phone FROM asset"), "13812341234");
	/* set clears it */
	assert_int_equal(put(&asset, PM_PUT_SET, &r, "place=north", "code=A", "keeper_phone=",
	    NULL), 0);
	assert_string_equal(text("SELECT ifnull(keeper_phone, 'null') FROM asset"), "null");
	/* a required field given empty: by name, not by the schema */
	assert_int_equal(put(&asset, PM_PUT_UPSERT, &r, "place=north", "code=B", "name=",
	    NULL), PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "asset: name is needed");
	assert_int_equal(put(&asset, PM_PUT_SET, &r, "place=north", "code=A", "name=", NULL),
	    PM_EX_USAGE);
	assert_string_equal(ctx.err.msg, "asset: name is needed");
	/* personal data in messages: masked by its class */
	assert_int_equal(put(&asset, PM_PUT_UPSERT, &r, "place=north", "code=A",
	    "keeper_phone=1370000111", NULL), PM_EX_DATAERR);
	assert_null(strstr(ctx.err.msg, "1370000111"));
}

static void
listing(void **state)
{
	pm_rfilter f[1] = { { "p.code", "north", PM_RF_EQ } };
	pm_col cols[PM_R_MAXF];
	pm_riter *it = NULL;
	pm_rrow row;
	pm_rput r;

	(void)state;
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "code=B", "name=b",
	    "cost=1000", "bought=2026-01-02", "keeper_phone=13812341234", NULL), 0);
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=north", "code=A", "name=a",
	    "retired=yes", NULL), 0);
	assert_int_equal(put(&asset, PM_PUT_NEW, &r, "place=south", "code=C", "name=c", NULL), 0);
	/* in natural-key order, rows raw; former ones hidden unless PM_R_ALL */
	assert_int_equal(pm_record_list(&ctx, &asset, f, 1, 0, &it, &ctx.err), 0);
	assert_int_equal(pm_record_next(it, &row, &ctx.err), 1);
	assert_string_equal(row.c[1].s, "B");
	assert_string_equal(row.c[3].s, "1000.00");
	assert_int_equal(row.c[3].i, 100000);
	assert_string_equal(row.c[5].s, "13812341234");
	assert_true(row.c[6].null);
	assert_null(row.c[6].s);
	assert_string_equal(row.c[8].s, "no");
	assert_int_equal(pm_record_next(it, &row, &ctx.err), 0);
	pm_record_iter_free(it);
	assert_int_equal(pm_record_list(&ctx, &asset, NULL, 0, PM_R_ALL, &it, &ctx.err), 0);
	assert_int_equal(pm_record_next(it, &row, &ctx.err), 1);
	assert_string_equal(row.c[1].s, "A");
	assert_string_equal(row.c[8].s, "yes");
	assert_int_equal(row.c[8].i, 1);
	assert_int_equal(pm_record_next(it, &row, &ctx.err), 1);
	assert_int_equal(pm_record_next(it, &row, &ctx.err), 1);
	assert_string_equal(row.c[0].s, "south");
	assert_int_equal(pm_record_next(it, &row, &ctx.err), 0);
	pm_record_iter_free(it);
	/* the columns: types from the fields, the classes the writers mask by */
	assert_int_equal(pm_record_cols(&asset, 0, cols), 9);
	assert_string_equal(cols[3].name, "cost");
	assert_int_equal(cols[0].type, PM_C_ID);
	assert_int_equal(cols[1].type, PM_C_ID);
	assert_int_equal(cols[2].type, PM_C_TEXT);
	assert_int_equal(cols[2].maxw, 30);
	assert_int_equal(cols[3].type, PM_C_MONEY);
	assert_int_equal(cols[7].type, PM_C_TEXT);          /* one decimal: as text */
	assert_int_equal(cols[5].pii, PM_PII_PHONE);
	assert_int_equal(cols[2].pii, PM_PII_NONE);
	/* a person's name is personal in exports only */
	assert_int_equal(pm_record_cols(&reading, 0, cols), 5);
	assert_int_equal(cols[0].type, PM_C_INT);
	assert_int_equal(cols[2].pii, PM_PII_NONE);
	pm_record_cols(&reading, PM_R_EXPORT, cols);
	assert_int_equal(cols[2].pii, PM_PII_NAME);
	assert_int_equal(put(&reading, PM_PUT_NEW, &r, "place=south", "by=张三丰",
	    "on=2026-11-30", NULL), 0);
	assert_int_equal(pm_record_list(&ctx, &reading, NULL, 0, 0, &it, &ctx.err), 0);
	assert_int_equal(pm_record_next(it, &row, &ctx.err), 1);
	assert_string_equal(row.c[2].s, "张三丰");
	assert_int_equal(row.c[0].i, 1);
	pm_record_iter_free(it);
}

static void
put_file(const char *name, const char *data)
{
	FILE *fp = fopen(name, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(data, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

static void
import(void **state)
{
	char path[400], bad[400];
	pm_icounts n;

	(void)state;
	snprintf(path, sizeof path, "%s/assets.csv", fx_dir);
	snprintf(bad, sizeof bad, "%s/bad.csv", fx_dir);
	/* columns in any order, some left out; the key columns required */
	put_file(path, "code,place,name,cost,bought\n"
	    "A1,north,drill,1200,2026-01-01\nA2,north,saw,,\nA1,south,drill,5.5,\n");
	assert_int_equal(pm_record_import(&ctx, &asset, path, PM_IFMT_AUTO, &n, &ctx.err), 0);
	assert_int_equal(n.rows, 3);
	assert_int_equal(n.inserted, 3);
	assert_int_equal(pm_record_import(&ctx, &asset, path, PM_IFMT_AUTO, &n, &ctx.err), 0);
	assert_int_equal(n.unchanged, 3);
	/* another column set on the same kept statements */
	put_file(path, "place,code,weight\nnorth,A1,3\nnorth,A2,4.5\nsouth,A1,3\n");
	assert_int_equal(pm_record_import(&ctx, &asset, path, PM_IFMT_AUTO, &n, &ctx.err), 0);
	assert_int_equal(n.updated, 3);
	assert_string_equal(text("SELECT group_concat(weight, ' ') FROM (SELECT weight FROM "
	    "asset ORDER BY id)"), "30 45 30");
	/* the first bad row, by its line, with the engine's own reason */
	put_file(bad, "place,code,name,cost\nnorth,A3,x,1\nnorth,A4,y,1.001\n");
	assert_int_equal(pm_record_import(&ctx, &asset, bad, PM_IFMT_AUTO, &n, &ctx.err),
	    PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "bad.csv:3: cost"));
	assert_int_equal(n.inserted, 1);
	put_file(bad, "place,code,name,room\nnorth,A5,x,r2\n");
	assert_int_equal(pm_record_import(&ctx, &asset, bad, PM_IFMT_AUTO, &n, &ctx.err),
	    PM_EX_NOINPUT);
	assert_non_null(strstr(ctx.err.msg, "bad.csv:2: room r2: no such room"));
	/* the key columns must be in the header */
	put_file(bad, "code,name\nA6,x\n");
	assert_int_equal(pm_record_import(&ctx, &asset, bad, PM_IFMT_AUTO, &n, &ctx.err),
	    PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "place"));
}

/* The norm hook, a reference by login, and listing under a path. */
static void
hooks_refs_paths(void **state)
{
	pm_rfilter f[1] = { { "t.path", "a", PM_RF_UNDER } };
	static const char *const want[] = { "G1", "G2", "G5" };
	pm_riter *it = NULL;
	pm_rrow row;
	pm_rput r;
	int i;

	(void)state;
	assert_int_equal(put(&gadget, PM_PUT_NEW, &r, "place=north", "code=G1", "path=a>b",
	    "keeper=li.ming", NULL), 0);
	assert_string_equal(text("SELECT path || ' ' || level || ' ' || keeper_id FROM gadget"),
	    "a/b hi 1");
	assert_int_equal(put(&gadget, PM_PUT_NEW, &r, "place=north", "code=G9", "path=zz", NULL),
	    PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "path zz: no such path");
	assert_int_equal(put(&gadget, PM_PUT_NEW, &r, "place=north", "code=G9", "path=b",
	    "keeper=nobody", NULL), PM_EX_NOINPUT);
	assert_string_equal(ctx.err.msg, "keeper nobody: no such keeper");
	/* given, the level is the caller's; set leaves it alone */
	assert_int_equal(put(&gadget, PM_PUT_NEW, &r, "place=north", "code=G2", "path=a",
	    "level=lo", NULL), 0);
	assert_int_equal(put(&gadget, PM_PUT_SET, &r, "place=north", "code=G2", "path=a>c", NULL),
	    0);
	assert_string_equal(text("SELECT path || ' ' || level FROM gadget WHERE code = 'G2'"),
	    "a/c lo");
	assert_int_equal(put(&gadget, PM_PUT_NEW, &r, "place=north", "code=G3", "path=ab", NULL),
	    0);
	assert_int_equal(put(&gadget, PM_PUT_NEW, &r, "place=north", "code=G4", "path=b", NULL),
	    0);
	assert_string_equal(text("SELECT level FROM gadget WHERE code = 'G4'"), "lo");
	assert_int_equal(put(&gadget, PM_PUT_NEW, &r, "place=north", "code=G5", "path=a0", NULL),
	    0);
	assert_int_equal(put(&gadget, PM_PUT_SET, &r, "place=north", "code=G5", "path=a", NULL),
	    0);
	/* under "a": a itself and a/..., not ab */
	assert_int_equal(pm_record_list(&ctx, &gadget, f, 1, 0, &it, &ctx.err), 0);
	for (i = 0; i < 3; i++) {
		assert_int_equal(pm_record_next(it, &row, &ctx.err), 1);
		assert_string_equal(row.c[1].s, want[i]);
	}
	assert_int_equal(pm_record_next(it, &row, &ctx.err), 0);
	pm_record_iter_free(it);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(modes, setup, teardown),
		cmocka_unit_test_setup_teardown(values, setup, teardown),
		cmocka_unit_test_setup_teardown(audit_masked, setup, teardown),
		cmocka_unit_test_setup_teardown(by_id, setup, teardown),
		cmocka_unit_test_setup_teardown(import_personal, setup, teardown),
		cmocka_unit_test_setup_teardown(listing, setup, teardown),
		cmocka_unit_test_setup_teardown(import, setup, teardown),
		cmocka_unit_test_setup_teardown(hooks_refs_paths, setup, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
