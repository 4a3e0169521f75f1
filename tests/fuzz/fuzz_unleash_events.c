/*
 * fuzz_unleash_events.c - the unleash adapter's flag history (the journal
 * view's event log): one input is the answer (an optional "@NNN" status
 * line first), parsed for two flag names.  Every event kept is the flag
 * asked for, from the source asked, and says who, what and which type in
 * text that is already safe to show; a failure gives a reason and no
 * events, a success no reason.
 */
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"
#include "core/util.h"
#include "fuzz.h"

static void
check_safe(const char *what, const char *s)
{
	char *d;

	if (s == NULL)
		return;
	d = sanitize_dup(s);
	if (strcmp(d, s) != 0)
		fuzz_fail("parse_events: %s is not safe to show", what);
	free(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const flags[] = { "checkout-redesign", "new-checkout" };
	const struct adapter_entry *ad = adapter_find("unleash");
	const struct source_cfg *src;
	struct flag_event *evs;
	struct request_desc req;
	struct response resp;
	struct config cfg;
	char *cause;
	size_t k, i, n;
	int rc;

	fuzz_config(&cfg);
	src = config_find_source(&cfg, "flags");
	fuzz_split(data, size, &resp, 1);
	for (k = 0; k < sizeof flags / sizeof flags[0]; k++) {
		ad->read_events(src, flags[k], &req);
		if (req.path == NULL || req.path[0] != '/')
			fuzz_fail("read_events: a malformed request");
		request_desc_free(&req);
		cause = NULL;
		evs = NULL;
		n = 7;
		rc = ad->parse_events(src, flags[k], &resp, &evs, &n, &cause);
		if (rc != 0) {
			if (cause == NULL || n != 0 || evs != NULL)
				fuzz_fail("parse_events failed without a cause "
				    "or with events");
			check_safe("the cause", cause);
			free(cause);
			continue;
		}
		if (cause != NULL)
			fuzz_fail("parse_events succeeded with a cause: %s", cause);
		for (i = 0; i < n; i++) {
			if (!streq(evs[i].flag, flags[k]) ||
			    !streq(evs[i].source, "flags"))
				fuzz_fail("parse_events: another flag's event");
			if (evs[i].by == NULL || evs[i].type == NULL ||
			    evs[i].what == NULL || evs[i].time < 0)
				fuzz_fail("parse_events: an event lacks who, "
				    "what or when");
			check_safe("by", evs[i].by);
			check_safe("type", evs[i].type);
			check_safe("what", evs[i].what);
			check_safe("env", evs[i].env);
			flag_event_free(&evs[i]);
		}
		free(evs);
	}
	fuzz_answers_free(&resp, 1);
	config_free(&cfg);
	return 0;
}
