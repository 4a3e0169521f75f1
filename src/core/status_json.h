/*
 * status_json.h - the model as the JSON document of `relboard status --json`
 * (schema in docs/relboard.1 and design notes; field names are a contract).
 */
#ifndef RB_STATUS_JSON_H
#define RB_STATUS_JSON_H

#include <jansson.h>

#include "core/config.h"
#include "core/model.h"

/* wall_now: time for generated_at; mono_now: clock of source ages. */
json_t	*status_json(const struct model *, const struct config *, double wall_now,
	    double mono_now);

#endif
