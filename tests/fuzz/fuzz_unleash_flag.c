/*
 * fuzz_unleash_flag.c - the unleash adapter's single-flag read, which the
 * flag actions parse before and after every write: one input is the
 * answer (an optional "@NNN" status line first).  A state read from it
 * is planned into writes for several targets, and the writes are checked
 * to be well formed; the same input is also judged as a write's answer.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/flag_state.h"
#include "core/util.h"
#include "fuzz.h"

static const struct flag_target targets[] = {
	{ true, 5 }, { true, 20 }, { true, 100 }, { true, 0 },
	{ false, RB_UNKNOWN_INT }, { true, RB_UNKNOWN_INT }, { false, 0 },
};

static void
check_writes(const struct adapter_entry *ad, const struct source_cfg *src,
    const char *env, const struct flag_state *st)
{
	struct request_desc reqs[RB_MAX_REQUESTS];
	const struct flag_target *t;
	json_t *body;
	size_t i, k, n;

	for (k = 0; k < sizeof targets / sizeof targets[0]; k++) {
		t = &targets[k];
		n = ad->plan_write(src, "new-checkout", env, st, t, reqs);
		if (n > RB_MAX_REQUESTS)
			fuzz_fail("plan_write: %zu requests", n);
		if (flag_state_matches(st, t) && n != 0)
			fuzz_fail("plan_write: %zu writes to reach the state it has", n);
		for (i = 0; i < n; i++) {
			if (reqs[i].method == NULL || reqs[i].path == NULL ||
			    reqs[i].path[0] != '/')
				fuzz_fail("plan_write: request %zu is malformed", i);
			if (reqs[i].body != NULL) {
				if ((body = json_loads(reqs[i].body, 0, NULL)) == NULL)
					fuzz_fail("plan_write: body is not JSON: %s",
					    reqs[i].body);
				json_decref(body);
			}
			request_desc_free(&reqs[i]);
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const envs[] = { "production", "development" };
	const struct adapter_entry *ad = adapter_find("unleash");
	const struct source_cfg *src;
	struct request_desc req;
	struct response resp;
	struct flag_state st;
	struct config cfg;
	char *cause;
	size_t k;
	int missing, rc, w;

	fuzz_config(&cfg);
	src = config_find_source(&cfg, "flags");
	ad->read_flag(src, "new-checkout", &req);
	request_desc_free(&req);
	fuzz_split(data, size, &resp, 1);
	for (k = 0; k < sizeof envs / sizeof envs[0]; k++) {
		cause = NULL;
		missing = -1;
		rc = ad->parse_flag(src, "new-checkout", envs[k], &resp, &st, &missing,
		    &cause);
		if (missing != 0 && missing != 1)
			fuzz_fail("parse_flag: missing is %d", missing);
		if (rc != 0) {
			if (cause == NULL)
				fuzz_fail("parse_flag failed without a cause");
			free(cause);
			continue;
		}
		if (cause != NULL)
			fuzz_fail("parse_flag succeeded with a cause: %s", cause);
		if (st.rollout != RB_UNKNOWN_INT && (st.rollout < 0 || st.rollout > 100))
			fuzz_fail("parse_flag: rollout %d", st.rollout);
		if (st.has_rollout && st.strategy_id == NULL)
			fuzz_fail("parse_flag: a rollout strategy without an id");
		check_writes(ad, src, envs[k], &st);
		flag_state_free(&st);
	}
	w = ad->write_outcome(&resp);
	if (w != WRITE_OK && w != WRITE_CONFLICT && w != WRITE_FAILED)
		fuzz_fail("write_outcome: %d", w);
	fuzz_answers_free(&resp, 1);
	config_free(&cfg);
	return 0;
}
