/*
 * plan.h - release plans: a JSON file that moves one flag in one
 * environment through rollout stages step by step, each step held for a
 * while and not before a time, never while a gate fails.  Parsing and
 * checking a plan, working out where it stands from the flag's state and
 * the journal, and deciding what comes next are pure (no I/O): the
 * `relboard plan` command, status --json and the dashboard share them.
 */
#ifndef RB_PLAN_H
#define RB_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include "core/config.h"
#include "core/flag_state.h"
#include "core/model.h"

#define PLAN_MAX_STEPS	RB_MAX_STAGES
#define PLAN_MAX_HOLD_S	(366.0 * 86400)	/* a year */

struct plan_step {
	char		*stage;
	int		 percent;	/* the config's, after plan_check_config() */
	double		 hold_s;	/* 0: none */
	double		 not_before;	/* Unix seconds, 0: none */
};

enum plan_on_crit {
	PLAN_ON_CRIT_HOLD,
	PLAN_ON_CRIT_KILL,
};

/* The gates a plan may set (plan_gate.c has one entry per gate). */
enum plan_gate {
	PLAN_GATE_SERVICES,
	PLAN_GATE_KPIS,
	PLAN_NGATES,
};

struct plan {
	char		*path;
	char		*name;		/* [A-Za-z0-9._-]+ */
	char		*source;	/* NULL: the only flag source */
	char		*flag;
	char		*env;
	struct plan_step steps[PLAN_MAX_STEPS];
	size_t		 nsteps;
	bool		 gates[PLAN_NGATES];
	enum plan_on_crit on_crit;
};

/* Every error found, one line each. */
struct plan_errors {
	char		**v;
	size_t		 n, cap;
};

void	plan_errors_add(struct plan_errors *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	plan_errors_free(struct plan_errors *);

/*
 * Parse a plan file's text.  Every problem found (bad JSON, missing or
 * unknown keys, wrong types, bad names, times or holds) is added to errs;
 * returns the number added.  The plan is filled as far as it could be and
 * must be freed either way.
 */
size_t	plan_parse(struct plan *, const char *path, const char *text,
	    struct plan_errors *errs);
/* Read and parse a file (its reading failure is an error too). */
size_t	plan_load(struct plan *, const char *path, struct plan_errors *errs);
/*
 * Against the configuration: the source (a flag source), every stage
 * known, percentages increasing step by step.  Fills steps[].percent.
 */
size_t	plan_check_config(struct plan *, const struct config *,
	    struct plan_errors *errs);
/*
 * Against the latest poll: the flag exists in the source, with the
 * environment (or the source could not be read, which is an error too).
 */
size_t	plan_check_model(const struct plan *, const struct config *,
	    const struct model *, struct plan_errors *errs);
void	plan_free(struct plan *);
/* The source's name: the plan's, else the only flag source's (or NULL). */
const char *plan_source(const struct plan *, const struct config *);

/* The journal reason of step k (1-based): "plan NAME step K/N". */
char	*plan_reason(const struct plan *, size_t k);

/* A journal entry of this plan's: a stage action for step `step`. */
struct plan_mark {
	size_t		 step;		/* 1-based */
	double		 time;		/* Unix seconds */
	bool		 done;		/* else the outcome was unknown or failed */
};

/*
 * This plan's stage moves in a journal (an array of entries, oldest
 * first, as journal_recent() gives): those of its flag, environment and
 * source whose reason is this plan's step K/N and that were sent (done,
 * unknown or failed).  Returns how many, oldest first (*out to free).
 */
size_t	plan_marks(const struct plan *, const struct config *, json_t *journal,
	    struct plan_mark **out);

enum plan_at {
	PLAN_AT_STEP,		/* step (0: not started) */
	PLAN_AT_UNKNOWN,	/* the flag's state is not known */
	PLAN_AT_CONFLICT,	/* the state is not the plan's: someone else */
};

struct plan_pos {
	enum plan_at	 at;
	size_t		 step;		/* 0..nsteps */
	double		 since;		/* when step was reached (Unix s), 0 */
	char		*why;		/* CONFLICT, UNKNOWN: one line */
};

/*
 * Where a plan stands: from the flag's state in its environment and the
 * plan's journal marks.  Before its first step the flag is below step 1
 * (off, or a lower stage) and the journal has no mark; at step K the flag
 * is at step K's stage and the last mark is step K.  When the last mark's
 * move was not verified (unknown or failed), the flag may still be at the
 * step before.  Anything else is a conflict.
 */
void	plan_position(const struct config *, const struct plan *,
	    const struct flag_state *, const struct plan_mark *, size_t nmarks,
	    struct plan_pos *);
void	plan_pos_free(struct plan_pos *);

enum plan_move {
	PLAN_ADVANCE,		/* move to step `next` now */
	PLAN_WAIT_HOLD,		/* until `at`: the step is held */
	PLAN_WAIT_TIME,		/* until `at`: the next step's not_before */
	PLAN_WAIT_GATE,		/* gate `gate` fails */
	PLAN_WAIT_STATE,	/* the flag's state is not known yet */
	PLAN_KILL,		/* on_crit kill: gate `gate` is crit */
	PLAN_DONE,		/* the last step is reached */
	PLAN_CONFLICT,		/* someone else changed the flag */
};

struct plan_next {
	enum plan_move	 move;
	size_t		 step;		/* where it is (0..nsteps) */
	size_t		 next;		/* the step after (1-based), 0: none */
	const char	*next_stage;	/* its stage, NULL: none */
	double		 at;		/* when it may go (Unix s), 0: now */
	enum plan_gate	 gate;		/* WAIT_GATE, KILL */
	enum health	 gate_health;
	char		*why;		/* one line: what blocks it, or NULL */
};

/* What the plan does next, at wall time `now`. */
void	plan_next(const struct config *, const struct model *,
	    const struct plan *, const struct plan_pos *, double now,
	    struct plan_next *);
void	plan_next_free(struct plan_next *);
const char *plan_move_name(enum plan_move);

/*
 * Plans found in a folder (*.json, by name): each parsed and checked
 * against the config; those with errors are kept with their first error.
 */
struct plan_file {
	struct plan	 plan;
	char		*error;		/* NULL when the plan is good */
};
size_t	plan_dir_load(const char *dir, const struct config *, struct plan_file **out);
void	plan_files_free(struct plan_file *, size_t);
/* $XDG_CONFIG_HOME/relboard/plans, else ~/.config/relboard/plans. */
char	*plan_default_dir(void);

/*
 * Where a plan stands and what comes next, from the latest poll (its
 * flag's state in the model) and the journal, at wall time `now`.
 */
void	plan_evaluate(const struct config *, const struct model *,
	    const struct plan *, json_t *journal, double now,
	    struct plan_pos *, struct plan_next *);
/* The same from a state read some other way (NULL: not known). */
void	plan_evaluate_state(const struct config *, const struct model *,
	    const struct plan *, const struct flag_state *, json_t *journal,
	    double now, struct plan_pos *, struct plan_next *);
/* The plan's flag in its environment as the latest poll shows it. */
bool	plan_model_state(const struct config *, const struct model *,
	    const struct plan *, struct flag_state *);
/*
 * What holds a plan up, as one word for scripts: "hold", "not_before",
 * "gate:services", "gate:kpis", "state", "conflict", or NULL (advancing,
 * done, killing).
 */
const char *plan_blocked_by(const struct plan_next *);
/* status --json's "plans" array (plan_json.c). */
json_t	*plans_json(const struct config *, const struct model *,
	    const struct plan_file *, size_t n, json_t *journal, double now);

/*
 * Gates (plan_gate.c).  A gate's health: ok passes; warn passes too (the
 * health guard lets a raise go on warn); crit and unknown (the data that
 * would say is missing) fail.  *why says which service or KPI, when not ok.
 */
const char *plan_gate_name(enum plan_gate);
int	plan_gate_find(const char *name);	/* -1: no such gate */
enum health plan_gate_eval(enum plan_gate, const struct config *,
	    const struct model *, const struct plan *, char **why);
/*
 * The KPIs of a flag in an environment (kpi.c): their worst health, ok
 * when none is configured there; *why names a crit or unknown one.  A
 * warn KPI (a good_above goal missed) passes, as a warn service does.
 */
enum health flag_kpis_health(const struct config *, const struct model *,
	    const char *flag, const char *env, char **why);

#endif
