/*
 * action_restore.c - bring a killed flag back: enable it again at exactly
 * the percentage it kept while killed.
 */
#include "actions/action.h"

const struct action_entry action_restore_entry = {
	.name = "restore",
	.usage = "flag restore FLAG --env ENV [--source NAME] [--expect killed@PCT] "
	    "[--reason TEXT] [--force] [--dry-run]",
	.needs_stage = 0,
	.needs_reason = 0,
};
