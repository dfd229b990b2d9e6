/* report_care.h — the monthly report's complaints and maintenance sections. */
#ifndef PM_REPORT_CARE_H
#define PM_REPORT_CARE_H

#include "figure.h"

extern const pm_fig_section pm_report_complaints_section;
extern const pm_fig_section pm_report_maintenance_section;

#endif
