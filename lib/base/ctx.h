/*
 * ctx.h — the context of one command: who acts, when, on which database.
 *
 * cmd/ fills it (through cli.c); domain modules read it to stamp what
 * they write (audit rows, timeline events) with the same actor, tool and
 * clock.  One pm_ctx lives for one command, which is one transaction.
 */
#ifndef PM_CTX_H
#define PM_CTX_H

#include "actor.h"
#include "config.h"
#include "db.h"
#include "doc.h"
#include "err.h"
#include "out.h"
#include "pmtime.h"

typedef struct pm_ctx {
	const char *tool;       /* "pm-admin" */
	const char *verb;       /* "init", or "kind verb": "person list" */
	pm_config *cfg;         /* never NULL while a verb runs */
	pm_db *db;              /* NULL for verbs that need no database */
	const char *db_path;    /* the database chosen (may not exist yet) */
	pm_actor actor;
	pm_time now;            /* PM_NOW or the clock, fixed for the command */
	pm_fmt fmt;             /* output format chosen (-o, or by isatty) */
	int fmt_set;            /* 1 when -o chose it (export defaults to csv) */
	pm_doc_fmt doc;         /* a document verb's format (-o text|md|html) */
	unsigned outflags;      /* PM_OUT_HEADER */
	int dry_run;            /* -n: say what would change, change nothing */
	int unmask;             /* --unmask: print personal data in clear (the front
	                         * has checked the permission and taken the reason) */
	int bootstrap;          /* the verb may run before anyone holds a role (a
	                         * new database): the policy decides what it may do */
	pm_out *out;            /* the verb's writer, finished by cli */
	struct pm_hooks *hooks; /* the event hooks of the command (lib/mech/hooks.h),
	                         * NULL when none are configured */
	pm_err err;             /* what went wrong */
	char warn[256];         /* a warning the front prints once on stderr after the
	                         * verb, whatever its outcome ("" for none); lib
	                         * fills it only when empty, so the first one stays */
} pm_ctx;

#endif
