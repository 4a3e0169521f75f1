/*
 * fuzz_plan.c - the flag-action planner: each action's decision
 * (core/decide.c) on one flag state as the service answers it, and the
 * same decision on that state as a poll puts it in the model (what the
 * dashboard's confirmation shows).  Input: byte 0 holds bits for enabled
 * (1), a rollout strategy (2), the stage set (4|8), other strategies
 * (16|32), a protected environment (64) and "the state is a single-flag
 * answer" (128); byte 1 the rollout percentage (above 100: not a number);
 * then the stage asked for up to a newline; then, with bit 128, the
 * unleash answer the state is read from.
 *
 * Both must decide alike; a target must be what the action verifies once
 * written; a move to off where it is protected asks for the typed name.
 */
#include <stdlib.h>
#include <string.h>

#include "actions/action.h"
#include "core/util.h"
#include "fuzz.h"
#include "core/decide.h"

static const char *const stage_sets[] = {
	NULL,	/* the defaults: off, canary 5, early 20, half 50, ga 100 */
	"[{\"name\":\"off\",\"percent\":0},{\"name\":\"one\",\"percent\":1},"
	"{\"name\":\"most\",\"percent\":99},{\"name\":\"all\",\"percent\":100}]",
	"[{\"name\":\"off\",\"percent\":0},{\"name\":\"ga\",\"percent\":100}]",
	"[{\"name\":\"off\",\"percent\":0},{\"name\":\"canary\",\"percent\":5}]",
};

static void
load_config(struct config *cfg, unsigned set)
{
	char *text, *cause = NULL;

	if (stage_sets[set] == NULL) {
		fuzz_config(cfg);
		return;
	}
	text = xasprintf("{\"sources\":[{\"name\":\"flags\",\"kind\":\"unleash\","
	    "\"url\":\"http://127.0.0.1:1\"}],\"stages\":%s}", stage_sets[set]);
	if (config_parse(cfg, "fuzz.json", text, &cause) != 0)
		fuzz_fail("stage set %u: %s", set, cause);
	free(text);
}

/* The state from the header bytes; a strategy always has an id. */
static void
state_from_bytes(struct flag_state *st, uint8_t bits, uint8_t pct)
{
	memset(st, 0, sizeof *st);
	st->enabled = bits & 1;
	st->has_rollout = (bits & 2) != 0;
	st->rollout = pct <= 100 ? pct : RB_UNKNOWN_INT;
	st->other_strategies = (bits >> 4) & 3;
	if (st->has_rollout) {
		st->strategy_id = xstrdup("fuzz-strategy");
		st->rollout_json = xasprintf("\"%d\"", pct);
	}
}

/* The state the service shows once the target is written. */
static void
state_after(struct flag_state *after, const struct flag_state *before,
    const struct flag_target *t)
{
	memset(after, 0, sizeof *after);
	after->enabled = t->enabled;
	after->has_rollout = before->has_rollout ||
	    (t->rollout != RB_UNKNOWN_INT && t->rollout > 0);
	after->rollout = t->rollout != RB_UNKNOWN_INT && after->has_rollout ?
	    t->rollout : before->rollout;
	after->other_strategies = before->other_strategies;
}

static void
plan_one(const struct config *cfg, const struct action_entry *ae,
    const char *stage, const struct flag_state *before, bool protect)
{
	struct flag_state	 polled, after;
	struct flag_env		 fe;
	struct decision		 d, p;
	char			*text;

	/* The action's decision, on the state as the service answered it. */
	flag_decide(cfg, ae->name, stage, before, protect, &d);
	if (d.result != DECIDE_OK && d.why == NULL)
		fuzz_fail("%s decided %d without a reason", ae->name, d.result);
	if (d.before == NULL)
		fuzz_fail("%s: no words for the state before", ae->name);

	/* The confirmation's: the same state as a poll puts it in the model. */
	memset(&fe, 0, sizeof fe);
	fe.name = (char *)"production";
	fe.enabled = before->enabled;
	fe.has_rollout = before->has_rollout;
	fe.rollout = before->rollout;
	fe.other_strategies = before->other_strategies;
	flag_state_of_env(&fe, &polled);
	flag_decide(cfg, ae->name, stage, &polled, protect, &p);
	if (p.result != d.result || p.target.enabled != d.target.enabled ||
	    p.target.rollout != d.target.rollout || p.needs_name != d.needs_name ||
	    p.needs_reason != d.needs_reason || strcmp(p.before, d.before) != 0 ||
	    (p.after == NULL) != (d.after == NULL) ||
	    (p.after != NULL && strcmp(p.after, d.after) != 0))
		fuzz_fail("%s %s: the confirmation shows another decision",
		    ae->name, stage);

	if (d.result == DECIDE_OK) {
		if (d.target.rollout != RB_UNKNOWN_INT && (d.target.rollout < 0 ||
		    d.target.rollout > 100))
			fuzz_fail("%s targets %d%%", ae->name, d.target.rollout);
		if (d.after == NULL)
			fuzz_fail("%s: no words for the state after", ae->name);
		action_raises(before, &d.target);
		state_after(&after, before, &d.target);
		if (!flag_state_matches(&after, &d.target))
			fuzz_fail("%s: the written target does not verify", ae->name);
		/* Off for everyone where it is protected asks what a kill asks. */
		if (protect && before->enabled && !d.target.enabled && !d.needs_name)
			fuzz_fail("%s to off in a protected environment without "
			    "the typed name", ae->name);
		text = flag_state_describe(cfg, &after);
		free(text);
	}
	decision_free(&d);
	decision_free(&p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct adapter_entry *ad = adapter_find("unleash");
	const uint8_t *nl;
	struct flag_state before;
	struct response resp;
	struct config cfg;
	char *stage, *cause = NULL;
	size_t i, len;
	int missing;

	if (size < 2)
		return 0;
	nl = memchr(data + 2, '\n', size - 2);
	len = nl != NULL ? (size_t)(nl - data - 2) : size - 2;
	stage = fuzz_string(data + 2, len);
	load_config(&cfg, (data[0] >> 2) & 3);
	if (data[0] & 128) {
		i = nl != NULL ? (size_t)(nl - data) + 1 : size;
		fuzz_split(data + i, size - i, &resp, 1);
		if (ad->parse_flag(config_find_source(&cfg, "flags"), "new-checkout",
		    "production", &resp, &before, &missing, &cause) != 0) {
			free(cause);
			state_from_bytes(&before, data[0], data[1]);
		}
		fuzz_answers_free(&resp, 1);
	} else
		state_from_bytes(&before, data[0], data[1]);

	for (i = 0; action_table[i] != NULL; i++) {
		if (action_find(action_table[i]->name) != action_table[i])
			fuzz_fail("action_find(%s)", action_table[i]->name);
		plan_one(&cfg, action_table[i], stage, &before,
		    (data[0] & 64) != 0);
	}
	flag_state_free(&before);
	config_free(&cfg);
	free(stage);
	return 0;
}
