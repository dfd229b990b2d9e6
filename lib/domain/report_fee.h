/* report_fee.h — the monthly report's fees section. */
#ifndef PM_REPORT_FEE_H
#define PM_REPORT_FEE_H

#include "figure.h"

extern const pm_fig_section pm_report_fees_section;

#endif
