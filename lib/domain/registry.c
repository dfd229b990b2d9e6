/* registry.c — libpm's configuration slices, in pm-config(5) order; see registry.h. */
#include <stddef.h>

#include "calendar.h"
#include "complaint.h"
#include "config.h"
#include "perm.h"
#include "registry.h"

static const pm_cfg_slice *const all[] = {
	&pm_perm_config,
	&pm_calendar_config,
	&pm_complaint_config,
};

int
pm_registry_init(void)
{
	size_t i;

	/* fails only when two slices claim one key: every test would see it */
	for (i = 0; i < sizeof all / sizeof all[0]; i++)
		if (pm_config_register(all[i]) != 0)
			return -1;
	return 0;
}
