/* report_safety.h — the monthly report's patrols and actions sections. */
#ifndef PM_REPORT_SAFETY_H
#define PM_REPORT_SAFETY_H

#include "figure.h"

extern const pm_fig_section pm_report_patrols_section;
extern const pm_fig_section pm_report_actions_section;

#endif
