/*
 * flagui.h - flag actions in the dashboard, shared by flag_action.c (keys,
 * running an action, the message line), confirm.c (the confirmation
 * dialog) and journal_view.c (the journal overlay).  The Flags pane owns
 * the environment choice; everything here hangs off ui_state's flagui.
 */
#ifndef RB_UI_FLAGUI_H
#define RB_UI_FLAGUI_H

#include <jansson.h>

#include "ui/flag_plan.h"
#include "ui/lineedit.h"
#include "ui/ui_int.h"

enum dlg_step {
	DLG_NONE,
	DLG_PICK,		/* choose a stage from the list */
	DLG_CONFIRM,		/* y to go on, n or Esc to cancel */
	DLG_NAME,		/* kill: type the flag's name */
	DLG_REASON,		/* type a reason (kill: required) */
	DLG_FORCE,		/* refused by a guard: a reason overrides */
};

struct flag_dialog {
	enum dlg_step	 step;
	char		*action;	/* "stage", "kill", "restore" */
	char		*source, *flag, *env;
	char		*stage;		/* stage actions: the named target */
	char		*expect;	/* the stage shown when it opened */
	char		*before, *after;
	char		*refusal;	/* DLG_FORCE: what the guard said */
	char		*error;		/* a problem with what was typed */
	int		 reason_required;
	size_t		 pick;		/* DLG_PICK: index into cfg->stages */
	struct line_edit le;
};

struct flag_run;

struct flagui {
	char		*env;		/* the environment keys act on */
	char		 env_title[64];	/* its column heading, "[production]" */
	struct flag_dialog dlg;
	struct flag_run	*run;		/* the action in flight, or NULL */
	int		 quit_asked;	/* q pressed while applying */

	char		*msg;		/* outcome or notice, one line */
	enum role	 msg_role;
	double		 msg_until;	/* now_mono() it goes away */
	int		 msg_sticky;	/* stays until the action finishes */

	int		 journal;	/* the journal overlay is open */
	json_t		*jentries;
	size_t		 jtop;		/* first entry shown, newest first */
	char		*jpath;
};

/* flag_action.c */
struct flagui *flagui_get(struct ui_state *);
void	flagui_notify(struct ui_state *, enum role, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/* Keys for the Flags pane, for flag f (NULL: none) in environment env. */
int	flagui_keypress(struct ui_state *, int ch, const struct flag *f,
	    const char *env);
void	flagui_start(struct ui_state *, int force, const char *reason);

/* confirm.c */
void	dialog_clear(struct flag_dialog *);
int	dialog_open(struct ui_state *, const struct flag *f, const char *env,
	    const char *action, const char *stage);
int	dialog_key(struct ui_state *, int ch);
void	dialog_paint(struct ui_state *);

/* journal_view.c */
void	journal_open(struct ui_state *);
void	journal_reload(struct ui_state *);
void	journal_close(struct ui_state *);
int	journal_key(struct ui_state *, int ch);
void	journal_paint(struct ui_state *);

#endif
