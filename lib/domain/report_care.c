/* report_care.c — the complaints and maintenance sections (placeholders
 * until the care sections arrive; see report_care.h). */
#include <stddef.h>

#include "i18n.h"
#include "report_care.h"

const pm_fig_section pm_report_complaints_section = {
	"complaints", N_("Complaints"), NULL, 0, NULL, 0, NULL
};

const pm_fig_section pm_report_maintenance_section = {
	"maintenance", N_("Maintenance"), NULL, 0, NULL, 0, NULL
};
