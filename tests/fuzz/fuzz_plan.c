/*
 * fuzz_plan.c - the flag-action planner: each action's decision (through
 * action_find()) and the dashboard's preview of it (src/ui/flag_plan.c)
 * on one flag state.  Input: byte 0 holds bits for enabled (1), a rollout
 * strategy (2), the stage set (4|8), other strategies (16|32) and
 * "the state is a single-flag answer" (128); byte 1 the rollout
 * percentage (above 100: not a number); then the stage asked for up to a
 * newline; then, with bit 128, the unleash answer the state is read from.
 *
 * The preview must offer only what the action accepts, word the state
 * before as the action does, and show as "after" what the action's target
 * gives once written; and that target must be what the action verifies.
 */
#include <stdlib.h>
#include <string.h>

#include "actions/action.h"
#include "core/util.h"
#include "fuzz.h"
#include "ui/flag_plan.h"

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
    const char *stage, const struct flag_state *before)
{
	struct action_args a;
	struct flag_target t = { false, RB_UNKNOWN_INT };
	struct flag_state after;
	struct flag_env fe;
	struct plan p;
	char *why = NULL, *pwhy = NULL, *text;
	int usage = 0, rc, prc;

	memset(&a, 0, sizeof a);
	a.action = ae->name;
	a.flag = "new-checkout";
	a.env = "production";
	a.stage = stage;
	a.reason = "fuzz";
	rc = ae->decide(cfg, &a, before, &t, &usage, &why);
	if (rc != 0 && why == NULL)
		fuzz_fail("%s refused without a reason", ae->name);
	if (rc == 0 && why != NULL)
		fuzz_fail("%s accepted with a reason: %s", ae->name, why);

	memset(&fe, 0, sizeof fe);
	fe.name = (char *)"production";
	fe.enabled = before->enabled;
	fe.has_rollout = before->has_rollout;
	fe.rollout = before->rollout;
	fe.other_strategies = before->other_strategies;
	prc = plan_preview(cfg, &fe, ae->name, stage, &p, &pwhy);
	if (prc == 0 && rc != 0)
		fuzz_fail("the preview offers %s %s, which the action refuses: %s",
		    ae->name, stage, why);
	if (prc != 0 && pwhy == NULL)
		fuzz_fail("the preview refused %s without a reason", ae->name);

	if (rc == 0) {
		if (t.rollout != RB_UNKNOWN_INT && (t.rollout < 0 || t.rollout > 100))
			fuzz_fail("%s targets %d%%", ae->name, t.rollout);
		action_raises(before, &t);
		state_after(&after, before, &t);
		if (!flag_state_matches(&after, &t))
			fuzz_fail("%s: the written target does not verify", ae->name);
		if (prc == 0) {
			text = flag_state_describe(cfg, before);
			if (strcmp(text, p.before) != 0)
				fuzz_fail("preview before \"%s\", action \"%s\"",
				    p.before, text);
			free(text);
			text = flag_state_describe(cfg, &after);
			if (strcmp(text, p.after) != 0)
				fuzz_fail("%s %s: preview after \"%s\", action \"%s\"",
				    ae->name, stage, p.after, text);
			free(text);
		}
	}
	if (prc == 0)
		plan_free(&p);
	free(why);
	free(pwhy);
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
		plan_one(&cfg, action_table[i], stage, &before);
	}
	flag_state_free(&before);
	config_free(&cfg);
	free(stage);
	return 0;
}
