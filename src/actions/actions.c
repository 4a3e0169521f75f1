/*
 * actions.c - the action table: one row per flag action.
 */
#include <string.h>

#include "actions/action.h"

extern const struct action_entry action_stage_entry;
extern const struct action_entry action_kill_entry;
extern const struct action_entry action_restore_entry;

const struct action_entry *action_table[] = {
	&action_stage_entry,
	&action_kill_entry,
	&action_restore_entry,
	NULL
};

const struct action_entry *
action_find(const char *name)
{
	size_t i;

	for (i = 0; action_table[i] != NULL; i++) {
		if (strcmp(action_table[i]->name, name) == 0)
			return action_table[i];
	}
	return NULL;
}
