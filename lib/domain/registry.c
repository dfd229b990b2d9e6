/* registry.c — what libpm's modules contribute to the shared tables; see registry.h. */
#include <stddef.h>

#include "action.h"
#include "admin.h"
#include "calendar.h"
#include "complaint.h"
#include "config.h"
#include "drill.h"
#include "equip.h"
#include "fee.h"
#include "fee_budget.h"
#include "fee_fund.h"
#include "fee_meter.h"
#include "fee_notice.h"
#include "fee_pay.h"
#include "hazard.h"
#include "fee_report.h"
#include "hooks.h"
#include "incident.h"
#include "lifecycle.h"
#include "mask.h"
#include "meeting.h"
#include "org_perm.h"
#include "perm.h"
#include "pii.h"
#include "patrol.h"
#include "patrol_round.h"
#include "plan.h"
#include "registry.h"
#include "report.h"
#include "survey.h"
#include "unit.h"
#include "workorder.h"

/* configuration slices, in pm-config(5) order */
static const pm_cfg_slice *const slices[] = {
	&pm_org_perm_config,
	&pm_calendar_config,
	&pm_complaint_config,
	&pm_equip_config,
	&pm_plan_config,
	&pm_workorder_config,
	&pm_hazard_config,
	&pm_fee_config,
	&pm_action_config,
	&pm_patrol_config,
	&pm_drill_config,
	&pm_incident_config,
	&pm_report_config,
	&pm_hooks_config,
};

/* the kinds of record whose events hooks see with a typed ID and fields */
static const pm_hook_kind *const hook_kinds[] = {
	&pm_complaint_hook_kind,
	&pm_workorder_hook_kind,
	&pm_fee_payment_hook_kind,
	&pm_fee_refund_hook_kind,
	&pm_fee_bill_hook_kind,
	&pm_fee_demand_hook_kind,
	&pm_meeting_hook_kind,
	&pm_action_hook_kind,
	&pm_round_hook_kind,
	&pm_hazard_hook_kind,
	&pm_drill_hook_kind,
	&pm_incident_hook_kind,
};

/* what a work order tells the record it came from (workorder.h): one
 * line per ID letter a job may be made from */
static const pm_wo_source wo_sources[] = {
	{ 'C', pm_complaint_link_workorder, pm_complaint_workorder_done, NULL },
	{ 'H', pm_hazard_link_workorder, pm_hazard_workorder_done, pm_hazard_workorder_defaults },
};

/* what an improvement action may answer (action.h): one line per ID
 * letter, the kind's word in action.limits and how a record of it is
 * known to exist */
static const pm_action_source action_sources[] = {
	{ 'G', "meeting", NULL, pm_meeting_exists, "meeting" },
	{ 'C', "contact", &pm_complaint_lifecycle, NULL, "contact" },
	{ 'W', "workorder", &pm_workorder_lifecycle, NULL, "workorder" },
	{ 'H', "hazard", &pm_hazard_lifecycle, NULL, "hazard" },
	{ 'I', "incident", &pm_incident_lifecycle, NULL, "incident" },
	{ 'D', "drill", &pm_drill_lifecycle, NULL, "drill" },
};

/* the permission names each module's verbs ask for */
static const pm_perm_name *const perms[] = {
	pm_admin_perm_names,
	pm_org_perm_names,
	pm_unit_perm_names,
	pm_complaint_perm_names,
	pm_survey_perm_names,
	pm_equip_perm_names,
	pm_workorder_perm_names,
	pm_pii_perm_names,
	pm_plan_perm_names,
	pm_fee_perm_names,
	pm_fee_meter_perm_names,
	pm_fee_budget_perm_names,
	pm_fee_fund_perm_names,
	pm_fee_notice_perm_names,
	pm_fee_pay_perm_names,
	pm_fee_report_perm_names,
	pm_meeting_perm_names,
	pm_action_perm_names,
	pm_patrol_perm_names,
	pm_hazard_perm_names,
	pm_drill_perm_names,
	pm_incident_perm_names,
	pm_report_perm_names,
};

int
pm_registry_init(void)
{
	size_t i;

	/* fails only when two modules claim one key or one permission:
	 * every test would see it */
	for (i = 0; i < sizeof slices / sizeof slices[0]; i++)
		if (pm_config_register(slices[i]) != 0)
			return -1;
	for (i = 0; i < sizeof perms / sizeof perms[0]; i++)
		if (pm_perm_declare(perms[i]) != 0)
			return -1;
	for (i = 0; i < sizeof hook_kinds / sizeof hook_kinds[0]; i++)
		if (pm_hooks_declare(hook_kinds[i]) != 0)
			return -1;
	/* what pm-admin check holds each tool's states against */
	if (pm_lifecycle_register(&pm_complaint_lifecycle, "contact_open") != 0 ||
	    pm_lifecycle_register(&pm_workorder_lifecycle, "workorder_open") != 0 ||
	    pm_lifecycle_register(&pm_action_lifecycle, "action_open") != 0 ||
	    pm_lifecycle_register(&pm_hazard_lifecycle, "hazard_open") != 0 ||
	    pm_lifecycle_register(&pm_drill_lifecycle, "drill_open") != 0 ||
	    pm_lifecycle_register(&pm_incident_lifecycle, "incident_open") != 0)
		return -1;
	/* what pm-admin check holds each tool's money to */
	if (pm_admin_check_register(pm_fee_check) != 0)
		return -1;
	for (i = 0; i < sizeof wo_sources / sizeof wo_sources[0]; i++)
		if (pm_workorder_source_register(&wo_sources[i]) != 0)
			return -1;
	for (i = 0; i < sizeof action_sources / sizeof action_sources[0]; i++)
		if (pm_action_source_register(&action_sources[i]) != 0)
			return -1;
	/* roles are the organisation's: kept in its database, held by its staff */
	pm_perm_set_role_source(pm_org_perm_roles);
	pm_perm_set_holder(pm_org_perm_holder);
	/* every writer and the audit log mask personal data pii's way */
	pm_mask_set(pm_pii_mask);
	return 0;
}
