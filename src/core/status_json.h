/*
 * status_json.h - the model as the JSON document of `relboard status --json`
 * (schema in docs/relboard.1 and design notes; field names are a contract).
 */
#ifndef RB_STATUS_JSON_H
#define RB_STATUS_JSON_H

#include <stdio.h>

#include <jansson.h>

#include "core/config.h"
#include "core/model.h"

/* wall_now: time for generated_at; mono_now: clock of source ages. */
json_t	*status_json(const struct model *, const struct config *, double wall_now,
	    double mono_now);

/* How `relboard status --json` prints the document. */
#define STATUS_JSON_FLAGS \
	(JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10))

/*
 * At scale the document is never one tree: status_json_shell() is it with
 * an empty flags list (the caller may add top-level members), and
 * status_json_write() prints it and a newline exactly as json_dumps() of
 * the whole document with STATUS_JSON_FLAGS would, one flag's tree at a
 * time.  Returns 0, or -1 when it could not write.
 */
json_t	*status_json_shell(const struct model *, const struct config *,
	    double wall_now, double mono_now);
int	 status_json_write(FILE *, const json_t *shell, const struct model *);

#endif
