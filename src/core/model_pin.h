/*
 * model_pin.h - keeps a verified change on screen while polls catch up.
 * A flag action that read its result back pins that state in the model at
 * once; a poll that still shows the older state does not roll the row
 * back until the service agrees or MODEL_PIN_S pass.  Then the service
 * wins, and the flag's environment is marked disputed for a while.
 */
#ifndef RB_MODEL_PIN_H
#define RB_MODEL_PIN_H

#include "core/config.h"
#include "core/flag_state.h"
#include "core/model.h"

#define MODEL_PIN_S		5.0	/* a pin holds against older polls */
#define MODEL_DISPUTED_S	30.0	/* a lost pin shows as disputed */

/* Pin the state read back after a verified write (source NULL: any). */
void	model_pin_flag(struct model *, const struct config *, const char *source,
	    const char *flag, const char *env, const struct flag_state *,
	    double now);

/*
 * After a poll replaced flags: put pinned states back where the poll
 * still shows an older one, drop pins the service agrees with, and mark
 * the ones that ran out as disputed.  Call before model_classify().
 */
void	model_pins_apply(struct model *, double now);

void	model_pins_free(struct model *);

#endif
