/* test_admin.c — database life: init, migrate from every schema version, check, backup. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "registry.h"
#include "admin.h"
#include "fixture.h"

/* Each test gets a database of its own (fixture.h), made by init. */
static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	if (fx_open(&ctx, "pm-admin", "admin", NULL) != 0 ||
	    pm_db_commit(ctx.db, &ctx.err) != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static const char *
path(const char *name)
{
	static char buf[4][300];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", fx_dir, name);
	return buf[k];
}

/* The single value of a query, as text ("" for no row or NULL), in a
 * read transaction of its own unless one is open.  */
static const char *
value(pm_db *db, const char *sql)
{
	static char v[512];
	pm_stmt *st = NULL;
	pm_err e;
	int own = !pm_db_in_txn(db), rc;

	v[0] = '\0';
	if (own)
		assert_int_equal(pm_db_begin(db, 0, &e), 0);
	assert_int_equal(pm_db_prepare(db, sql, &st, &e), 0);
	rc = pm_stmt_step(st, &e);
	assert_true(rc >= 0);
	if (rc == 1 && !pm_stmt_null(st, 0))
		snprintf(v, sizeof v, "%s", pm_stmt_text(st, 0));
	pm_stmt_free(st);
	if (own)
		pm_db_rollback(db);
	return v;
}

/* What a check found: the problems, one "check: detail" a line. */
static char found[2048];

static int
note(void *arg, const char *check, const char *detail)
{
	size_t n = strlen(found);

	(void)arg;
	snprintf(found + n, sizeof found - n, "%s: %s\n", check, detail);
	return 0;
}

static long
check(pm_db *db)
{
	pm_ctx c = ctx;
	long problems = -1;

	c.db = db;
	found[0] = '\0';
	assert_int_equal(pm_admin_check(&c, note, NULL, &problems, &c.err), 0);
	return problems;
}

/* ---- the fixture --------------------------------------------------- */

static char first_dir[sizeof fx_dir];

static void
fixture_first(void **state)
{
	(void)state;
	snprintf(first_dir, sizeof first_dir, "%s", fx_dir);
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
	assert_int_equal(pm_db_exec(ctx.db, "INSERT INTO meta VALUES ('probe', 'left')",
	    &ctx.err), 0);
	assert_int_equal(pm_db_commit(ctx.db, &ctx.err), 0);
}

/* The test after it sees none of it: a directory and a database of its own. */
static void
fixture_second_is_fresh(void **state)
{
	struct stat sb;

	(void)state;
	assert_string_not_equal(fx_dir, first_dir);
	assert_int_equal(stat(first_dir, &sb), -1);     /* the last one is gone */
	assert_string_equal(value(ctx.db, "SELECT count(*) FROM meta WHERE key = 'probe'"), "0");
	assert_string_equal(value(ctx.db, "SELECT count(*) FROM audit"), "1");
}

/* ---- init ---------------------------------------------------------- */

static void
init_writes_facts(void **state)
{
	char v[16], want[64];

	(void)state;
	snprintf(v, sizeof v, "%d", pm_db_schema_latest());
	assert_string_equal(value(ctx.db, "PRAGMA user_version"), v);
	assert_string_equal(value(ctx.db, "SELECT value FROM meta WHERE key = 'created_at'"),
	    "2026-11-30T09:00:00+08:00");
	assert_string_equal(value(ctx.db, "SELECT value FROM meta WHERE key = 'created_by'"),
	    "admin");
	assert_string_equal(value(ctx.db, "SELECT value FROM meta WHERE key = 'pm_version'"),
	    PM_VERSION);
	snprintf(want, sizeof want, "pm-admin admin database init %d", pm_db_schema_latest());
	assert_string_equal(value(ctx.db, "SELECT tool || ' ' || actor || ' ' || entity || ' ' || "
	    "action || ' ' || (after->>'schema_version') FROM audit"), want);
	assert_int_equal(check(ctx.db), 0);
	assert_string_equal(found, "");
}

/* init makes a new file only: an existing database is never written over */
static void
init_twice_is_refused(void **state)
{
	pm_db *db = NULL;
	pm_err e;

	(void)state;
	assert_int_equal(pm_db_create(path("t.db"), 1000, &db, &e), PM_EX_CANTCREAT);
	assert_null(db);
	assert_int_equal(check(ctx.db), 0);
}

/* ---- migrate from every schema version ----------------------------- */

/*
 * Representative data as each schema version could hold it: a seed is
 * written right after its migration (so it is data that version's pm
 * wrote, whatever later migrations change), and each probe must give
 * the same answer after pm_admin_migrate to the latest version.  A new
 * migration adds its rows here; the test refuses a version without one.
 */
static const struct {
	int version;
	const char *seed;       /* SQL, or NULL for one more probe of the same version */
	const char *probe, *want;
} data[] = {
	{ 1, "INSERT INTO meta VALUES ('site_note', '第一版');"
	     "INSERT INTO audit (at, actor, tool, entity, entity_id, action, before, after) "
	     "VALUES (1700000000, 'li', 'pm-org', 'staff', 'li', 'new', NULL, '{\"n\":1}');",
	  "SELECT value FROM meta WHERE key = 'site_note'", "第一版" },
	{ 1, NULL, "SELECT actor || ' ' || after FROM audit WHERE action = 'new'", "li {\"n\":1}" },
	{ 2, "INSERT INTO department (code, name_zh, name_en) VALUES ('ops', '运营部', 'Operations');"
	     "UPDATE department SET active = 0 WHERE code = 'market';",
	  "SELECT count(*) || ' ' || sum(active) FROM department", "7 6" },
	{ 2, NULL, "SELECT name_zh FROM department WHERE code = 'ops'", "运营部" },
	{ 3, "INSERT INTO site (id, code, name, kind) VALUES (1, 'S1', '锦绣花园', 'residential');"
	     "INSERT INTO building (id, site_id, code, floors) VALUES (1, 1, 'B1', 18);"
	     "INSERT INTO unit (id, site_id, building_id, code, floor, area, state, handover) "
	     "VALUES (1, 1, 1, '1-1502', 15, 8850, 'occupied', '2020-06-01');"
	     "INSERT INTO occupant (unit_id, name, phone, role, move_in) "
	     "VALUES (1, '王芳', '13800138000', 'owner', '2020-06-01');"
	     "INSERT INTO vehicle (site_id, plate, unit_id) VALUES (1, '沪A12345', 1);",
	  "SELECT code || ' ' || area || ' ' || state FROM unit", "1-1502 8850 occupied" },
	{ 3, NULL, "SELECT name || ' ' || phone || ' ' || role FROM occupant", "王芳 13800138000 owner" },
	{ 3, NULL, "SELECT plate FROM vehicle WHERE unit_id = 1", "沪A12345" },
	{ 4, "INSERT INTO staff (id, login, name, phone, dept_id, created_at) VALUES "
	     "(1, 'li.ming', '李明', '13900139000', (SELECT id FROM department WHERE code = 'ops'),"
	     " 1700000000);"
	     "INSERT INTO staff_role VALUES (1, 'handler');"
	     "INSERT INTO staff_site VALUES (1, 1);"
	     "UPDATE department SET head_id = 1 WHERE code = 'ops';",
	  "SELECT s.login || ' ' || r.role || ' ' || ss.site_id FROM staff s "
	  "JOIN staff_role r ON r.staff_id = s.id JOIN staff_site ss ON ss.staff_id = s.id",
	  "li.ming handler 1" },
	{ 4, NULL, "SELECT head_id FROM department WHERE code = 'ops'", "1" },
	{ 5, "INSERT INTO event (entity, entity_id, at, actor, event, note, data) VALUES "
	     "('ticket', 3, 1700000100, 'li.ming', 'open', '漏水', '{\"k\":\"v\"}');"
	     "INSERT INTO link (a_type, a_id, b_type, b_id, rel, at, actor) "
	     "VALUES ('W', 1, 'H', 2, 'cause', 1700000100, 'li.ming');",
	  "SELECT entity || entity_id || ' ' || event || ' ' || note || ' ' || data FROM event",
	  "ticket3 open 漏水 {\"k\":\"v\"}" },
	{ 5, NULL, "SELECT a_type || a_id || ' ' || rel || ' ' || b_type || b_id FROM link",
	  "W1 cause H2" },
	{ 6, "INSERT INTO contact (id, kind, channel, site_id, building_id, unit_id, name, phone, "
	     "text, category, priority, status, received_at, dept_id, assignee_id, response_due, "
	     "resolve_due, due_at) VALUES (1, 'complaint', 'phone', 1, 1, 1, '王芳', '13800138000', "
	     "'楼上漏水', 'repair/water', 'high', 'assigned', 1700000000, "
	     "(SELECT id FROM department WHERE code = 'ops'), 1, 1700003600, 1700086400, 1700003600);",
	  "SELECT kind || ' ' || status || ' ' || text || ' ' || assignee_id || ' ' || due_at "
	  "FROM contact WHERE id = 1", "complaint assigned 楼上漏水 1 1700003600" },
	{ 7, "INSERT INTO survey (id, code, title, site_id, created_at) "
	     "VALUES (1, 'Q4', '满意度', 1, 1700000000);"
	     "INSERT INTO survey_question VALUES (1, 1, 'score', '总体'), (1, 2, 'text', '建议');"
	     "INSERT INTO survey_answer (survey_id, unit_id, n, score, text, answered_at) VALUES "
	     "(1, 1, 1, 4, NULL, 1700000000), (1, 1, 2, NULL, '很好', 1700000000);",
	  "SELECT group_concat(coalesce(score, text), ' ') FROM "
	  "(SELECT * FROM survey_answer ORDER BY n)", "4 很好" },
	{ 8, "INSERT INTO calendar_year (year, papers, imported_at, actor) VALUES "
	     "(2027, '[\"https://www.gov.cn/x\"]', 1700000000, 'admin');"
	     "INSERT INTO calendar_day (year, day, off, name) VALUES "
	     "(2027, '2026-12-31', 1, '元旦'), (2027, '2027-01-01', 1, '元旦');",
	  "SELECT group_concat(year || ' ' || day || ' ' || off || ' ' || name, ', ') FROM "
	  "(SELECT * FROM calendar_day ORDER BY day)",
	  "2027 2026-12-31 1 元旦, 2027 2027-01-01 1 元旦" },
	{ 9, "INSERT INTO role (name, description, source, changed_at) "
	     "VALUES ('handler', '处理人', 'local', 1700000000);"
	     "INSERT INTO role_perm VALUES ('handler', 'complaint.handle'), ('handler', 'fee.*');"
	     "UPDATE role SET source = 'local', changed_at = 1700000000 WHERE name = 'clerk';"
	     "DELETE FROM role_perm WHERE role = 'clerk' AND pattern = 'unit.import';",
	  "SELECT group_concat(pattern, ',') FROM (SELECT pattern FROM role_perm "
	  "WHERE role = 'handler' ORDER BY pattern)", "complaint.handle,fee.*" },
	{ 9, NULL, "SELECT source || ' ' || group_concat(pattern, ',') FROM role "
	  "JOIN role_perm ON role = name WHERE name = 'clerk'", "local unit.edit" },
	{ 9, NULL, "SELECT count(*) FROM role WHERE source = 'builtin'", "7" },
	/* 0010 rewrote the enumeration CHECKs: the same words still go in */
	{ 10, "INSERT INTO unit (id, site_id, code, area, kind, state) "
	     "VALUES (2, 1, 'B1-07', 1250, 'storage', 'renovating');"
	     /* a contact of its own: version 6's row must still read as it was */
	     "INSERT INTO contact (id, kind, channel, site_id, building_id, unit_id, name, phone, "
	     "text, category, priority, status, received_at, dept_id, assignee_id, response_due, "
	     "resolve_due, due_at, replied_at, reply_channel) VALUES (2, 'complaint', 'phone', 1, "
	     "1, 1, '王芳', '13800138000', '噪音', 'repair/water', 'high', 'replied', 1700000000, "
	     "(SELECT id FROM department WHERE code = 'ops'), 1, 1700003600, 1700086400, NULL, "
	     "1700050000, 'sms');",
	  "SELECT u.kind || ' ' || u.state || ' ' || c.reply_channel || ' ' || c.status "
	  "FROM unit u, contact c WHERE u.id = 2 AND c.id = 2", "storage renovating sms replied" },
	{ 11, "INSERT INTO audit (at, actor, tool, entity, entity_id, action, before, after, "
	     "os_user) VALUES (1700000200, 'li.ming', 'pm-unit', 'unit', '1-1502', 'set', NULL, "
	     "'{\"area\":8850}', 'www-data');",
	  "SELECT actor || ' ' || os_user FROM audit WHERE at = 1700000200", "li.ming www-data" },
	{ 11, NULL, "SELECT count(*) FROM audit WHERE os_user IS NULL AND action = 'new'", "1" },
	{ 12, "INSERT INTO equipment (id, site_id, code, name, kind, building_id, floor, place, "
	     "installed, warranty_end, life_years, importance, dept_id, staff_id) VALUES "
	     "(1, 1, 'ELV-1-1', '1号客梯', '电梯/客梯', 1, -1, '井道', '2020-06-01', '2022-05-31', "
	     "15, 'A', (SELECT id FROM department WHERE code = 'ops'), 1);"
	     "INSERT INTO equipment (id, site_id, code, kind, retired, retire_reason) VALUES "
	     "(2, 1, 'PMP-1', '给排水/生活水泵', '2026-01-05', '更换');",
	  "SELECT code || ' ' || kind || ' ' || importance || ' ' || staff_id || ' ' || "
	  "warranty_end FROM equipment WHERE id = 1", "ELV-1-1 电梯/客梯 A 1 2022-05-31" },
	{ 12, NULL, "SELECT count(*) || ' ' || group_concat(retire_reason, '') FROM equipment "
	  "WHERE retired IS NOT NULL", "1 更换" },
	{ 13, "INSERT INTO plan (id, code, title, loaded) VALUES (1, 'p2027', '年度计划', 1700000000);"
	     "INSERT INTO plan_item (id, plan_id, key, site_id, title, task, equipment, recurrence, "
	     "start, dept_id) VALUES (1, 1, 'lift', 1, '电梯保养', '维保', 'ELV-1-1', 'every 15 days', "
	     "'2027-01-01', (SELECT id FROM department WHERE code = 'ops'));"
	     "INSERT INTO plan_target VALUES (1, 1);"
	     "INSERT INTO plan_exempt VALUES (1, 'lift-upkeep', '30d', '豁免', 1700000000, 'li.ming');",
	  "SELECT i.key || ' ' || i.recurrence || ' ' || i.anchor || ' ' || i.version || ' ' || "
	  "x.max FROM plan_item i JOIN plan_target t ON t.item_id = i.id "
	  "JOIN plan_exempt x ON x.equipment_id = t.equipment_id",
	  "lift every 15 days calendar 1 30d" },
	{ 14, "INSERT INTO workorder (id, site_id, title, source_type, source_id, equipment_id, "
	     "type, priority, status, dept_id, assignee_id, reported_at, clock, on_site_due, fix_due, "
	     "due_at, started_at, paused_s) VALUES (1, 1, '困人', 'C', 1, 1, '电梯/困人', 'urgent', "
	     "'in_progress', (SELECT id FROM department WHERE code = 'ops'), 1, 1700000000, "
	     "'calendar', 1700001800, 1700014400, 1700014400, 1700000600, 300);"
	     "INSERT INTO checklist_result (workorder_id, n, item, result) VALUES (1, 1, '门机', 'pass');"
	     "INSERT INTO part_use (workorder_id, n, name, qty, price_fen) VALUES (1, 1, '门机板', 1, 120000);",
	  "SELECT status || ' ' || source_type || source_id || ' ' || paused_s || ' ' || due_at "
	  "FROM workorder WHERE id = 1", "in_progress C1 300 1700014400" },
	{ 14, NULL, "SELECT c.item || ' ' || c.result || ' ' || p.name || ' ' || p.price_fen FROM "
	  "checklist_result c JOIN part_use p USING (workorder_id)", "门机 pass 门机板 120000" },
	/* a planned job: its item, version and occurrence key (an hourly
	 * rule's has the time) */
	{ 14, "INSERT INTO workorder (id, site_id, title, source_type, plan_item_id, plan_version, "
	     "occurrence, equipment_id, type, reported_at, clock, on_site_due, fix_due, est_minutes) "
	     "VALUES (2, 1, '电梯保养', 'plan', 1, 1, '2027-01-16', 1, '电梯', 1700000000, 'calendar', "
	     "1700086400, 1700086400, 120), (3, 1, '巡检', 'plan', 1, 2, '2027-01-16 08:00', 1, '其他', "
	     "1700000000, 'calendar', 1700086400, 1700086400, NULL);",
	  "SELECT group_concat(occurrence || ' v' || plan_version, ',') FROM workorder "
	  "WHERE source_type = 'plan'", "2027-01-16 v1,2027-01-16 08:00 v2" },
	/* the journal as the ledger writes it: postings, then the entry that
	 * closes them, its receipt number from the counter (accounts of no
	 * tool: a receivable before bills existed would be no bill's) */
	{ 15, "INSERT INTO ledger_account (id, name, created_at) VALUES "
	     "(1, 'Assets:Clearing:S1:1-1502', 1700000000), (2, 'Income:物业费', 1700000000), "
	     "(3, 'Assets:Cash', 1700000000);"
	     "INSERT INTO ledger_posting (txn_id, account_id, date, amount, ref) VALUES "
	     "(1, 1, '2026-11-01', 18593, 'B1'), (1, 2, '2026-11-01', -18593, NULL);"
	     "INSERT INTO ledger_txn (id, kind, date, posted_at, actor, ref) VALUES "
	     "(1, 'charge', '2026-11-01', 1700000000, 'li.ming', 'B1');"
	     "INSERT INTO ledger_seq VALUES ('S1', 2026, 1);"
	     "INSERT INTO ledger_posting (txn_id, account_id, date, amount, ref) VALUES "
	     "(2, 3, '2026-11-05', 10000, NULL), (2, 1, '2026-11-05', -10000, 'B1');"
	     "INSERT INTO ledger_txn (id, kind, date, posted_at, actor, ref, seq_scope, seq_year, "
	     "seq_no) VALUES (2, 'payment', '2026-11-05', 1700000100, 'li.ming', 'P1', 'S1', 2026, 1);",
	  "SELECT sum(amount) FROM ledger_posting WHERE account_id = 1", "8593" },
	{ 15, NULL, "SELECT seq_scope || '/' || seq_year || '/' || seq_no || ' ' || last "
	  "FROM ledger_txn, ledger_seq WHERE seq_no IS NOT NULL", "S1/2026/1 1" },
	/* a planned job, read by its occurrence as the statistics read it */
	{ 14, NULL, "SELECT id || ' ' || occurrence FROM workorder WHERE plan_item_id IS NOT NULL AND "
	  "occurrence >= '2027-01-01' AND occurrence < '2027-02-01' ORDER BY id LIMIT 1",
	  "2 2027-01-16" },
	/* a run, its bill and line, and its charge entry as fee.h shapes it */
	{ 16, "INSERT INTO fee_run (id, kind, period, site_id, at, actor, bills, lines, total) "
	     "VALUES (1, 'bill', '2026-11', 1, 1700000000, 'li.ming', 1, 1, 18593);"
	     "INSERT INTO bill (id, run_id, site_id, unit_id, period, date, due) VALUES "
	     "(1, 1, 1, 1, '2026-11', '2026-11-01', '2026-11-30');"
	     "INSERT INTO bill_line (bill_id, n, unit_id, kind, item, period, rate, qty, day_from, "
	     "day_to, amount) VALUES (1, 1, 1, 'period', 'PROP', '2026-11', 18500, 10050, 1, 30, "
	     "18593);"
	     "INSERT INTO ledger_account (id, name, created_at) VALUES "
	     "(16, 'Assets:Receivable:S1:1-1502', 1700000000), (17, 'Income:Fee:PROP', 1700000000);"
	     "INSERT INTO ledger_posting (txn_id, account_id, date, amount, ref) VALUES "
	     "(3, 16, '2026-11-01', 18593, 'B1.1'), (3, 17, '2026-11-01', -18593, 'B1.1');"
	     "INSERT INTO ledger_txn (id, kind, date, posted_at, actor, ref) VALUES "
	     "(3, 'charge', '2026-11-01', 1700000000, 'li.ming', 'B1');",
	  "SELECT 'B' || b.id || '.' || l.n || ' ' || l.item || ' ' || l.amount || ' ' || b.due "
	  "FROM bill b JOIN bill_line l ON l.bill_id = b.id", "B1.1 PROP 18593 2026-11-30" },
	/* meters and readings (a rollover), a budget, a cost and a fund
	 * deposit, each on its ledger entry */
	{ 17, "INSERT INTO meter (id, site_id, code, kind, unit_id, max_reading, step, installed) "
	     "VALUES (1, 1, 'W1', 'water', 1, 9999990, 10, '2026-10-01');"
	     "INSERT INTO meter_reading (meter_id, at, period, reading, event, max_reading, step, "
	     "used) VALUES (1, 1790000000, '2026-09', 9998760, 'install', 9999990, 10, 0), "
	     "(1, 1795000000, '2026-11', 1230, 'rollover', 9999990, 10, 2470);"
	     "INSERT INTO budget VALUES (2026, (SELECT id FROM department WHERE code = 'ops'), "
	     "'材料费', 1000000);"
	     "INSERT INTO cost (id, date, dept_id, category, amount_fen, txn_id, posted_at) VALUES "
	     "(1, '2026-11-01', (SELECT id FROM department WHERE code = 'ops'), '材料费', 18593, 1, "
	     "1700000000);"
	     "INSERT INTO fund_move (id, site_id, unit_id, kind, amount_fen, date, txn_id, posted_at) "
	     "VALUES (1, 1, 1, 'deposit', 10000, '2026-11-05', 2, 1700000100);",
	  "SELECT sum(used) || ' ' || (SELECT amount_fen FROM cost) || ' ' || "
	  "(SELECT kind FROM fund_move) FROM meter_reading", "2470 18593 deposit" },
	{ 17, NULL, "SELECT used FROM meter_use WHERE period = '2026-11'", "2470" },
	/* a payment on the journal's payment entry (P1 above), from an import */
	{ 18, "INSERT INTO pay_import (id, at, actor, rows, new, first_date, last_date) VALUES "
	     "(1, 1700000100, 'li.ming', 1, 1, '2026-11-05', '2026-11-05');"
	     /* its entry as the contract shapes it: the money lands as credit */
	     "INSERT INTO ledger_account (id, name, created_at) VALUES "
	     "(18, 'Assets:Cash:wechat', 1700000100), (19, 'Liabilities:Credit:S1:1-1502', 1700000100);"
	     "INSERT INTO ledger_posting (txn_id, account_id, date, amount, ref) VALUES "
	     "(4, 18, '2027-01-05', 10000, 'P1'), (4, 19, '2027-01-05', -10000, 'P1');"
	     "INSERT INTO ledger_seq VALUES ('S1', 2027, 1);"
	     "INSERT INTO ledger_txn (id, kind, date, posted_at, actor, ref, seq_scope, seq_year, "
	     "seq_no) VALUES (4, 'payment', '2027-01-05', 1700000100, 'li.ming', 'P1', 'S1', 2027, 1);"
	     "INSERT INTO payment (id, site_id, unit_id, amount, method, ref, date, at, "
	     "recorded_at, actor, import_id, entry_id) VALUES (1, 1, 1, 10000, 'wechat', 'WX1', "
	     "'2027-01-05', 1700000000, 1700000100, 'li.ming', 1, 4);"
	     "INSERT INTO payment_entry (payment_id, entry_id, role) VALUES (1, 4, 'payment');",
	  "SELECT y.method || ' ' || y.ref || ' ' || y.amount || ' ' || pe.role || ' ' || i.new "
	  "FROM payment y JOIN payment_entry pe ON pe.payment_id = y.id "
	  "JOIN pay_import i ON i.id = y.import_id", "wechat WX1 10000 payment 1" },
	/* a demand delivered and a repayment agreement (limitation restarts) */
	{ 19, "INSERT INTO fee_demand (site_id, unit_id, kind, date, method, at, actor) VALUES "
	     "(1, 1, 'demand', '2024-06-01', 'post', 1700000000, 'li.ming'), "
	     "(1, 1, 'agreement', '2024-07-01', NULL, 1700000100, 'li.ming');",
	  "SELECT group_concat(kind || ' ' || date || ' ' || coalesce(method, '-'), ',') "
	  "FROM fee_demand", "demand 2024-06-01 post,agreement 2024-07-01 -" },
	/* a checkpoint, a night route, a round walked with one check-in (late) */
	{ 20, "INSERT INTO checkpoint (id, site_id, code, name, kind, tag, checklist) VALUES "
	     "(1, 1, 'N-GATE', '北门岗', 'entrance', 'QR-1', '门锁;压力:number:0.8..1.2');"
	     "INSERT INTO route (id, code, title, site_id, depts, schedule, start, window_s, "
	     "remind_s, file, loaded, since) VALUES (1, 'night', '夜间巡逻', 1, 'security', "
	     "'every 2 hours 20:00-06:00', '2026-12-01', 3600, 1800, 'r.yaml', 1700000000, "
	     "1700000000);"
	     "INSERT INTO route_point VALUES (1, 1, 1, 1, 0, 600);"
	     "INSERT INTO patrol_round (id, route_id, version, site_id, occurrence, planned, closes, "
	     "status, walkers, started, finished, made) VALUES (1, 1, 1, 1, '2026-12-01 20:00', "
	     "1796040000, 1796043600, 'done', 'li', 1796040000, 1796041800, 1700000000);"
	     "INSERT INTO checkin (round_id, seq, checkpoint_id, site_id, at, staff_id, method, "
	     "timing, answers) VALUES (1, 1, 1, 1, 1796040900, 1, 'qr', 'late', "
	     "'{\"门锁\":true}');",
	  "SELECT r.occurrence || ' ' || c.timing || ' ' || p.code FROM patrol_round r "
	  "JOIN checkin c ON c.round_id = r.id JOIN checkpoint p ON p.id = c.checkpoint_id",
	  "2026-12-01 20:00 late N-GATE" },
	/* a hazard from a patrol check-in, rectified, awaiting re-inspection */
	{ 21, "INSERT INTO hazard (id, site_id, place, point, severity, text, source_type, "
	     "checkin_id, round_id, found_at, status, dept_id, clock, rectify_due, reinspect_due, "
	     "due_at, rectified_at, action) VALUES (1, 1, '北门岗', 'N-GATE', '较大', '摄像头不亮', "
	     "'checkin', 41, 7, 1700000000, 'rectified', (SELECT id FROM department WHERE code = "
	     "'ops'), 'calendar', 1700259200, 1700100000, 1700100000, 1700013600, '更换摄像头');",
	  "SELECT status || ' ' || point || ' ' || checkin_id || ' ' || due_at FROM hazard "
	  "WHERE status <> 'verified' AND status <> 'cancelled'", "rectified N-GATE 41 1700100000" },
	/* a drill held with its findings, an incident closed with its analysis */
	{ 22, "INSERT INTO drill (id, site_id, kind, planned, status, held, participants, minutes, "
	     "created_at, recorded_at) VALUES (1, 1, 'fire', '2026-04-28', 'done', '2026-04-28', "
	     "36, 50, 1700000000, 1700000000);"
	     "INSERT INTO drill_finding VALUES (1, 1, '消防通道堆放杂物');"
	     "INSERT INTO incident (id, site_id, kind, severity, text, status, occurred_at, "
	     "reported_at, respond_due, resolved_at, closed_at, cause, measures) VALUES "
	     "(1, 1, 'fire', 'serious', '冒烟', 'closed', 1700000000, 1700000060, 1700000300, "
	     "1700000900, 1700001000, '线路老化', '更换线路');",
	  "SELECT d.kind || ' ' || d.held || ' ' || f.text FROM drill d JOIN drill_finding f "
	  "ON f.drill_id = d.id", "fire 2026-04-28 消防通道堆放杂物" },
	{ 22, NULL, "SELECT status || ' ' || (resolved_at - occurred_at) || ' ' || cause FROM incident",
	  "closed 900 线路老化" },
	/* a meeting with an attendee and an issue, an action from it and one
	 * from a month's report */
	{ 23, "INSERT INTO meeting (id, site_id, dept_id, held_at, title, minutes, created_at) "
	     "VALUES (1, 1, (SELECT id FROM department WHERE code = 'ops'), 1795000000, "
	     "'十一月例会', '纪要', 1795000000);"
	     "INSERT INTO meeting_attendee VALUES (1, 1);"
	     "INSERT INTO meeting_issue VALUES (1, 1, '电梯困人响应慢', 1795000000);"
	     "INSERT INTO action (id, site_id, text, owner_id, dept_id, source_type, source_id, "
	     "source_issue, status, created_at, due_end, due_at) VALUES (1, 1, '应急演练', 1, "
	     "(SELECT id FROM department WHERE code = 'ops'), 'G', 1, 1, 'open', 1795000000, "
	     "1796000000, 1796000000);"
	     "INSERT INTO action (id, text, owner_id, source_type, source_month, status, "
	     "created_at, due_end, done_at, result) VALUES (2, '收缴率', 1, 'report', '2026-11', "
	     "'done', 1795000000, 1796000000, 1795500000, '已走访');",
	  "SELECT group_concat(id || ' ' || source_type || coalesce('#' || source_issue, '') || ' ' || "
	  "status, ',') FROM action", "1 G#1 open,2 report done" },
	{ 23, NULL, "SELECT m.title || ' ' || i.text || ' ' || (SELECT count(*) FROM "
	  "meeting_attendee) FROM meeting m JOIN meeting_issue i ON i.meeting_id = m.id",
	  "十一月例会 电梯困人响应慢 1" },
	/* 0024 a placeholder; 0025 indexes only: the hazard and the drill of
	 * 21/22 read by the report's indexes */
	{ 24, "", "SELECT count(*) FROM drill", "1" },
	{ 25, "", "SELECT count(*) FROM hazard WHERE rectified_at >= 1700000000", "1" },
	/* 0026: the index the report's arrears read */
	{ 26, "SELECT 1;", "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
	  "AND name = 'ledger_posting_unit_ref'", "1" },
	/* 0027: the bill of 16 backfilled from its journal: opened by its
	 * charge, not settled */
	{ 27, "", "SELECT opened || ' ' || coalesce(settled, 'open') FROM bill", "2026-11-01 open" },
	/* 0028: the index drill due seeks, and the limit an event set */
	{ 28, "INSERT INTO event (entity, entity_id, at, actor, event, due) VALUES "
	  "('contact', 1, 1795000000, 'admin', 'reopen', 1795086400);",
	  "SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'index' "
	  "AND name = 'drill_next') || ' ' || (SELECT group_concat(due) FROM event)", "1 1795086400" },
};
#define NDATA (sizeof data / sizeof data[0])

/* A database at schema version v, as a pm of that version left it: each
 * migration in turn, then the data of that version. */
static pm_db *
old_db(const char *name, int v)
{
	pm_db *db = NULL;
	pm_err e;
	size_t i;
	int k, to = -1;

	assert_int_equal(pm_db_create(path(name), 1000, &db, &e), 0);
	for (k = 1; k <= v; k++) {
		/* as pm-admin migrate does: foreign keys off for the rebuilds
		 * (0010 rebuilds tables that hold the seeded rows) */
		assert_int_equal(pm_db_begin_migrate(db, &e), 0);
		if (pm_db_migrate_upto(db, k, NULL, &to, &e) != 0)
			fail_msg("migration %d: %s", k, e.msg);
		assert_int_equal(to, k);
		for (i = 0; i < NDATA; i++)
			if (data[i].version == k && data[i].seed != NULL &&
			    pm_db_exec(db, data[i].seed, &e) != 0)
				fail_msg("seed of version %d: %s", k, e.msg);
		assert_int_equal(pm_db_commit(db, &e), 0);
	}
	pm_db_close(db);
	/* reopened the way pm-admin migrate opens it */
	assert_int_equal(pm_db_open(path(name), 0, 1000, &db, &e), PM_EX_DATAERR);
	assert_non_null(strstr(e.msg, "run pm-admin migrate"));
	assert_int_equal(pm_db_open(path(name), PM_DB_ANYVERSION, 1000, &db, &e), 0);
	return db;
}

static void
migrate_upto_stops(void **state)
{
	pm_db *db = NULL;
	pm_err e;
	int from = -1, to = -1;

	(void)state;
	assert_int_equal(pm_db_create(path("u.db"), 1000, &db, &e), 0);
	assert_int_equal(pm_db_begin(db, 1, &e), 0);
	assert_int_equal(pm_db_migrate_upto(db, 2, &from, &to, &e), 0);
	assert_int_equal(from, 0);
	assert_int_equal(to, 2);
	assert_string_equal(value(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'site'"), "0");
	/* never downwards */
	assert_int_equal(pm_db_migrate_upto(db, 1, &from, &to, &e), 0);
	assert_int_equal(from, 2);
	assert_int_equal(to, 2);
	/* above the latest: all of them */
	assert_int_equal(pm_db_migrate_upto(db, pm_db_schema_latest() + 5, &from, &to, &e), 0);
	assert_int_equal(to, pm_db_schema_latest());
	assert_int_equal(pm_db_commit(db, &e), 0);
	pm_db_close(db);
}

static void
every_version_has_data(void **state)
{
	int v, latest = pm_db_schema_latest();
	size_t i;

	(void)state;
	for (v = 1; v <= latest; v++) {
		for (i = 0; i < NDATA && data[i].version != v; i++)
			;
		if (i == NDATA)
			fail_msg("schema version %d has no seed data in tests/unit/test_admin.c", v);
	}
}

static void
upgrade_from_every_version(void **state)
{
	int v, latest = pm_db_schema_latest();
	pm_admin_migration m;
	pm_ctx c = ctx;
	char name[32], bak[32], want[64];
	pm_db *backup = NULL;
	struct stat sb;
	size_t i;

	(void)state;
	for (v = 1; v < latest; v++) {
		snprintf(name, sizeof name, "v%d.db", v);
		snprintf(bak, sizeof bak, "v%d.bak", v);
		c.db = old_db(name, v);
		assert_true(check(c.db) >= 1);
		assert_non_null(strstr(found, "schema: "));

		if (pm_admin_migrate(&c, path(bak), PM_DB_VERIFY_FAST, &m, &c.err) != 0)
			fail_msg("migrate from version %d: %s", v, c.err.msg);
		assert_int_equal(m.from, v);
		assert_int_equal(m.to, latest);
		assert_string_equal(m.backup, path(bak));
		if (check(c.db) != 0)
			fail_msg("check after migrating from version %d:\n%s", v, found);
		for (i = 0; i < NDATA; i++) {
			const char *got;
			if (data[i].version > v)
				continue;
			got = value(c.db, data[i].probe);
			if (strcmp(got, data[i].want) != 0)
				fail_msg("from version %d: %s\n  want %s\n  got  %s", v,
				    data[i].probe, data[i].want, got);
		}
		snprintf(want, sizeof want, "%d %d", v, latest);
		assert_string_equal(value(c.db, "SELECT (after->>'from_version') || ' ' || "
		    "(after->>'to_version') FROM audit WHERE action = 'migrate'"), want);
		/* the data a version did not have: empty tables, not missing ones */
		assert_string_equal(value(c.db, "SELECT count(*) FROM survey_answer"),
		    v >= 7 ? "2" : "0");

		/* the backup is the database as it was */
		assert_int_equal(stat(path(bak), &sb), 0);
		assert_int_equal(sb.st_mode & 0777, 0600);
		assert_int_equal(pm_db_open(path(bak), PM_DB_ANYVERSION, 1000, &backup, &c.err), 0);
		snprintf(want, sizeof want, "%d", v);
		assert_string_equal(value(backup, "PRAGMA user_version"), want);
		pm_db_close(backup);

		/* a second migrate has nothing to do */
		assert_int_equal(pm_admin_migrate(&c, NULL, PM_DB_VERIFY_FAST, &m, &c.err), 0);
		assert_int_equal(m.from, latest);
		assert_int_equal(m.to, latest);
		assert_string_equal(m.backup, "");
		pm_db_close(c.db);
	}
}

/* Without --backup, the backup goes beside the database, named for the
 * version and the time; backup.dir moves it. */
static void
migrate_backup_name(void **state)
{
	pm_admin_migration m;
	pm_ctx c = ctx;
	char want[400], cfgtext[400];
	struct stat sb;

	(void)state;
	c.db = old_db("n.db", 3);
	assert_int_equal(pm_admin_migrate(&c, NULL, PM_DB_VERIFY_FAST, &m, &c.err), 0);
	snprintf(want, sizeof want, "%s.v3-20261130T090000.bak", path("n.db"));
	assert_string_equal(m.backup, want);
	assert_int_equal(stat(want, &sb), 0);
	pm_db_close(c.db);

	assert_int_equal(mkdir(path("bdir"), 0700), 0);
	snprintf(cfgtext, sizeof cfgtext, "backup:\n  dir: %s\n", path("bdir"));
	assert_int_equal(pm_config_parse("t.yaml", cfgtext, strlen(cfgtext), &c.cfg, &c.err), 0);
	c.db = old_db("d.db", 1);
	assert_int_equal(pm_admin_migrate(&c, NULL, PM_DB_VERIFY_FAST, &m, &c.err), 0);
	snprintf(want, sizeof want, "%s/d.db.v1-20261130T090000.bak", path("bdir"));
	assert_string_equal(m.backup, want);
	assert_int_equal(stat(want, &sb), 0);
	pm_db_close(c.db);
	pm_config_free(c.cfg);
}

static void
migrate_refuses(void **state)
{
	pm_admin_migration m;
	pm_ctx c = ctx;
	char sql[64];
	struct stat sb;
	int fd;

	(void)state;
	/* the backup cannot be made: nothing is migrated */
	c.db = old_db("o.db", 2);
	fd = open(path("taken.bak"), O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(pm_admin_migrate(&c, path("taken.bak"), PM_DB_VERIFY_FAST, &m, &c.err),
	    PM_EX_CANTCREAT);
	assert_non_null(strstr(c.err.msg, "backup before migrating"));
	assert_string_equal(value(c.db, "PRAGMA user_version"), "2");
	assert_int_equal(pm_db_in_txn(c.db), 0);
	pm_db_close(c.db);

	/* newer than this pm */
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", pm_db_schema_latest() + 1);
	assert_int_equal(pm_db_exec(ctx.db, sql, &ctx.err), 0);
	assert_int_equal(pm_admin_migrate(&ctx, path("new.bak"), PM_DB_VERIFY_FAST, &m, &ctx.err),
	    PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "newer than this pm"));
	assert_int_equal(stat(path("new.bak"), &sb), -1);
	assert_int_equal(check(ctx.db), 1);
	assert_non_null(strstr(found, "schema: schema version"));
	assert_non_null(strstr(found, "(use a newer pm)"));
}

/* ---- check --------------------------------------------------------- */

static void
check_finds_dropped_timeline_trigger(void **state)
{
	(void)state;
	assert_int_equal(pm_db_exec(ctx.db, "DROP TRIGGER event_no_update", &ctx.err), 0);
	assert_int_equal(check(ctx.db), 1);
	assert_string_equal(found,
	    "timeline: trigger event_no_update is missing: the timeline is not append-only\n");
	assert_int_equal(pm_db_exec(ctx.db, "DROP TRIGGER event_no_delete; "
	    "DROP TRIGGER audit_no_delete", &ctx.err), 0);
	assert_int_equal(check(ctx.db), 3);
	assert_string_equal(found,
	    "audit: trigger audit_no_delete is missing: the log is not append-only\n"
	    "timeline: trigger event_no_update is missing: the timeline is not append-only\n"
	    "timeline: trigger event_no_delete is missing: the timeline is not append-only\n");
}

/* A trigger of the same name on another table protects nothing. */
static void
check_wants_the_trigger_on_its_table(void **state)
{
	(void)state;
	assert_int_equal(pm_db_exec(ctx.db, "DROP TRIGGER event_no_delete; "
	    "CREATE TRIGGER event_no_delete BEFORE DELETE ON link BEGIN SELECT 1; END",
	    &ctx.err), 0);
	assert_int_equal(check(ctx.db), 1);
	assert_non_null(strstr(found, "timeline: trigger event_no_delete is missing"));
}

/* A database older than the timeline is not asked for its triggers. */
static void
check_old_database(void **state)
{
	pm_db *db;

	(void)state;
	db = old_db("c.db", 4);
	assert_int_equal(check(db), 1);
	assert_non_null(strstr(found, "schema: schema version 4"));
	assert_non_null(strstr(found, "(run pm-admin migrate)"));
	assert_null(strstr(found, "timeline"));
	pm_db_close(db);
}

static void
check_finds_broken_foreign_key(void **state)
{
	(void)state;
	assert_int_equal(pm_db_exec(ctx.db, "PRAGMA foreign_keys=OFF; "
	    "INSERT INTO building (site_id, code) VALUES (99, 'X'); PRAGMA foreign_keys=ON",
	    &ctx.err), 0);
	assert_int_equal(check(ctx.db), 1);
	assert_non_null(strstr(found, "foreign_key: building: row 1 refers to missing site"));
}

static void
check_finds_foreign_file(void **state)
{
	(void)state;
	assert_int_equal(pm_db_exec(ctx.db, "PRAGMA application_id=1", &ctx.err), 0);
	assert_int_equal(check(ctx.db), 1);
	assert_non_null(strstr(found, "identity: application_id is 1"));
}

/* ---- backup -------------------------------------------------------- */

static void
backup_copies_and_audits(void **state)
{
	pm_db *copy = NULL;
	struct stat sb;
	char want[400];

	(void)state;
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
	assert_int_equal(pm_db_exec(ctx.db, "INSERT INTO site (code, name, kind) VALUES "
	    "('S1', '锦绣花园', 'residential')", &ctx.err), 0);
	assert_int_equal(pm_db_commit(ctx.db, &ctx.err), 0);

	assert_int_equal(pm_admin_backup(&ctx, path("b.db"), PM_DB_VERIFY_FAST, &ctx.err), 0);
	assert_int_equal(pm_db_in_txn(ctx.db), 0);
	assert_int_equal(stat(path("b.db"), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	snprintf(want, sizeof want, "backup {\"file\":\"%s\",\"verify\":\"fast\"}", path("b.db"));
	assert_string_equal(value(ctx.db, "SELECT action || ' ' || after FROM audit "
	    "ORDER BY id DESC LIMIT 1"), want);

	/* the copy is a current pm database with the data, sound; the
	 * backup's own audit row came after it */
	assert_int_equal(pm_db_open(path("b.db"), 0, 1000, &copy, &ctx.err), 0);
	assert_string_equal(value(copy, "SELECT name FROM site WHERE code = 'S1'"), "锦绣花园");
	assert_string_equal(value(copy, "SELECT count(*) FROM audit WHERE action = 'backup'"), "0");
	assert_int_equal(check(copy), 0);
	pm_db_close(copy);
}

static void
backup_refuses_existing_file(void **state)
{
	int fd;
	struct stat sb;

	(void)state;
	fd = open(path("x.db"), O_WRONLY | O_CREAT, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "mine", 4), 4);
	close(fd);
	assert_int_equal(pm_admin_backup(&ctx, path("x.db"), PM_DB_VERIFY_FAST, &ctx.err),
	    PM_EX_CANTCREAT);
	assert_int_equal(stat(path("x.db"), &sb), 0);
	assert_int_equal(sb.st_size, 4);
	assert_string_equal(value(ctx.db, "SELECT count(*) FROM audit WHERE action = 'backup'"),
	    "0");
	/* nor into a directory that is not there */
	assert_int_equal(pm_admin_backup(&ctx, path("no/such/dir/b.db"), PM_DB_VERIFY_FAST,
	    &ctx.err) != 0, 1);
}

/* A database older than the audit table is backed up all the same
 * (migrate needs it), without a row. */
static void
backup_before_any_schema(void **state)
{
	pm_db *db = NULL;
	pm_ctx c = ctx;
	struct stat sb;

	(void)state;
	assert_int_equal(pm_db_create(path("e.db"), 1000, &c.db, &c.err), 0);
	assert_int_equal(pm_admin_backup(&c, path("e.bak"), PM_DB_VERIFY_FAST, &c.err), 0);
	assert_int_equal(stat(path("e.bak"), &sb), 0);
	pm_db_close(c.db);
	assert_int_equal(pm_db_open(path("e.bak"), PM_DB_ANYVERSION, 1000, &db, &c.err), 0);
	assert_string_equal(value(db, "PRAGMA user_version"), "0");
	pm_db_close(db);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(fixture_first),
		T(fixture_second_is_fresh),
		T(init_writes_facts),
		T(init_twice_is_refused),
		T(migrate_upto_stops),
		T(every_version_has_data),
		T(upgrade_from_every_version),
		T(migrate_backup_name),
		T(migrate_refuses),
		T(check_finds_dropped_timeline_trigger),
		T(check_wants_the_trigger_on_its_table),
		T(check_old_database),
		T(check_finds_broken_foreign_key),
		T(check_finds_foreign_file),
		T(backup_copies_and_audits),
		T(backup_refuses_existing_file),
		T(backup_before_any_schema),
	};
#undef T
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
