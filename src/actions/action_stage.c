/*
 * action_stage.c - move a flag to a named rollout stage, or to the next or
 * previous one.  Sets the percentage of the rollout strategy relboard
 * manages (creating it if missing) and enables the environment; `off`
 * disables it and sets the percentage to 0.
 */
#include "actions/action.h"

const struct action_entry action_stage_entry = {
	.name = "stage",
	.usage = "flag stage FLAG STAGE --env ENV [--source NAME] [--expect STAGE[@PCT]] "
	    "[--reason TEXT] [--force] [--dry-run]",
	.needs_stage = 1,
	.needs_reason = 0,
};
