/*
 * mode_cmdline.c - the `:` command line, k9s/vim-style: jump to a pane,
 * choose the environment, filter, change the theme, quit, or open the
 * confirmation of a flag action exactly as its key would (a command never
 * writes by itself).  Tab completes commands, flag names, stages and
 * environments; Up/Down walk the history; errors go to the message line.
 */
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/model.h"
#include "core/util.h"
#include "ui/flag_plan.h"
#include "ui/lineedit.h"
#include "ui/ui_int.h"

#define CMD_ARGS	4

struct cmdline {
	struct line_edit le;
	size_t		 hist;		/* history entry shown; nhistory: none */
};

struct command {
	const char	*name;
	const char	*args;		/* for the help and errors */
	int		 nargs;		/* -1: any */
	/* What the words after the command complete to (NULL: nothing). */
	const char	*complete[2];	/* "flag", "stage", "env", "pane" */
	int		(*run)(struct ui_state *, int argc, char **argv);
};

static int
pane_named(const char *name)
{
	size_t i;

	for (i = 0; i < ui_npanes; i++) {
		if (strcmp(ui_panes[i]->name, name) == 0)
			return (int)i;
	}
	return -1;
}

static int
c_pane(struct ui_state *st, int argc, char **argv)
{
	st->pane = (size_t)pane_named(argv[0]);
	return UI_REDRAW;
}

/* Environments seen on any flag, into out (at most max). */
static size_t
envs_seen(struct ui_state *st, const char **out, size_t max)
{
	const struct model *m = st->model;
	size_t i, j, k, n = 0;

	for (i = 0; i < m->nflags; i++) {
		for (j = 0; j < m->flags[i].nenvs; j++) {
			const char *e = m->flags[i].envs[j].name;

			for (k = 0; e != NULL && k < n; k++) {
				if (strcmp(out[k], e) == 0)
					break;
			}
			if (e != NULL && k == n && n < max)
				out[n++] = e;
		}
	}
	return n;
}

static int
c_env(struct ui_state *st, int argc, char **argv)
{
	const char *envs[UI_MAXENVS];
	size_t n = envs_seen(st, envs, UI_MAXENVS), i;

	for (i = 0; i < n; i++) {
		if (strcmp(envs[i], argv[1]) == 0) {
			free(st->flag_env);
			st->flag_env = xstrdup(argv[1]);
			ui_message(st, ROLE_DIM, "flag actions apply to %s",
			    argv[1]);
			return UI_REDRAW;
		}
	}
	ui_message(st, ROLE_WARN, "! no environment named %s", argv[1]);
	return UI_REDRAW;
}

static const struct flag *
find_flag(struct ui_state *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->model->nflags; i++) {
		if (streq(st->model->flags[i].name, name))
			return &st->model->flags[i];
	}
	return NULL;
}

/* The environment the Flags pane acts on, if the flag has it. */
static const char *
env_for(struct ui_state *st, const struct flag *f)
{
	const char *envs[UI_MAXENVS];
	size_t i, n = 0;

	for (i = 0; i < f->nenvs && n < UI_MAXENVS; i++)
		envs[n++] = f->envs[i].name;
	if (st->flag_env != NULL && flag_find_env(f, st->flag_env) != NULL)
		return st->flag_env;
	return plan_default_env(envs, n);
}

static int
flag_command(struct ui_state *st, const char *action, const char *name,
    const char *stage)
{
	const struct flag *f = find_flag(st, name);

	if (f == NULL) {
		ui_message(st, ROLE_WARN, "! no flag named %s", name);
		return UI_REDRAW;
	}
	if (stage != NULL && strcmp(stage, "next") != 0 &&
	    strcmp(stage, "previous") != 0 && stage_find(st->cfg, stage) == NULL) {
		char *list = stage_list(st->cfg);

		ui_message(st, ROLE_WARN, "! no stage named %s (stages: %s)",
		    stage, list);
		free(list);
		return UI_REDRAW;
	}
	return mode_confirm_open(st, f, env_for(st, f), action, stage);
}

static int
c_stage(struct ui_state *st, int argc, char **argv)
{
	return flag_command(st, "stage", argv[1], argv[2]);
}

static int
c_kill(struct ui_state *st, int argc, char **argv)
{
	return flag_command(st, "kill", argv[1], NULL);
}

static int
c_restore(struct ui_state *st, int argc, char **argv)
{
	return flag_command(st, "restore", argv[1], NULL);
}

static int
c_filter(struct ui_state *st, int argc, char **argv)
{
	char	*text = NULL, *t;
	int	 i;

	if (ui_panes[st->pane]->row_text == NULL) {
		ui_message(st, ROLE_WARN, "! the %s pane has no filter",
		    ui_panes[st->pane]->title);
		return UI_REDRAW;
	}
	for (i = 1; i < argc; i++) {
		t = xasprintf("%s%s%s", text ? text : "", text ? " " : "",
		    argv[i]);
		free(text);
		text = t;
	}
	ui_filter_set(st, st->pane, text);
	st->sel[st->pane].idx = st->sel[st->pane].top = 0;
	free(text);
	return UI_REDRAW;
}

static int
c_theme(struct ui_state *st, int argc, char **argv)
{
	struct theme	 t;
	char		*cause = NULL;

	if (theme_load(&t, argv[1], &cause) != 0) {
		ui_message(st, ROLE_WARN, "! %s", cause);
		free(cause);
		return UI_REDRAW;
	}
	st->theme = t;
	theme_apply(st, st->colour);
	clearok(curscr, TRUE);
	ui_message(st, ROLE_DIM, "theme %s", argv[1]);
	return UI_REDRAW;
}

static int
c_quit(struct ui_state *st, int argc, char **argv)
{
	const struct key_binding *b = keytab_find(ui_global_keys, 'q');

	return b->fn(st, NULL);
}

static int
c_help(struct ui_state *st, int argc, char **argv)
{
	return mode_help_open(st);
}

static const struct command commands[] = {
	{ "rollouts", "", 0, { NULL, NULL }, c_pane },
	{ "flags", "", 0, { NULL, NULL }, c_pane },
	{ "health", "", 0, { NULL, NULL }, c_pane },
	{ "graph", "", 0, { NULL, NULL }, c_pane },
	{ "env", "NAME", 1, { "env", NULL }, c_env },
	{ "stage", "FLAG STAGE", 2, { "flag", "stage" }, c_stage },
	{ "kill", "FLAG", 1, { "flag", NULL }, c_kill },
	{ "restore", "FLAG", 1, { "flag", NULL }, c_restore },
	{ "filter", "TEXT", -1, { NULL, NULL }, c_filter },
	{ "theme", "NAME", 1, { NULL, NULL }, c_theme },
	{ "help", "", 0, { NULL, NULL }, c_help },
	{ "q", "", 0, { NULL, NULL }, c_quit },
	{ "quit", "", 0, { NULL, NULL }, c_quit },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const struct command *
command_find(const char *name)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	}
	return NULL;
}

/* Split into at most CMD_ARGS words; returns how many. */
static int
split(char *s, char **argv)
{
	int argc = 0;
	char *p = s;

	while (*p != '\0' && argc < CMD_ARGS + 4) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		argv[argc++] = p;
		while (*p != '\0' && *p != ' ')
			p++;
		if (*p == ' ')
			*p++ = '\0';
	}
	return argc;
}

static void
history_add(struct ui_state *st, const char *line)
{
	if (st->nhistory > 0 && strcmp(st->history[st->nhistory - 1], line) == 0)
		return;
	if (st->nhistory == UI_HISTORY) {
		free(st->history[0]);
		memmove(st->history, st->history + 1, (UI_HISTORY - 1) *
		    sizeof *st->history);
		st->nhistory--;
	}
	st->history[st->nhistory++] = xstrdup(line);
}

static int
k_run(struct ui_state *st, struct mode *m)
{
	struct cmdline		*c = m->data;
	const struct command	*cmd;
	char			 line[LE_MAX + 1], *argv[CMD_ARGS + 4];
	int			 argc;

	lineedit_trimmed(&c->le, line, sizeof line);
	mode_pop(st);		/* c is gone */
	if (*line == '\0')
		return UI_REDRAW;
	history_add(st, line);
	argc = split(line, argv);
	if ((cmd = command_find(argv[0])) == NULL) {
		ui_message(st, ROLE_WARN, "! unknown command :%s (Tab lists "
		    "them)", argv[0]);
		return UI_REDRAW;
	}
	if (cmd->nargs >= 0 && argc - 1 != cmd->nargs) {
		ui_message(st, ROLE_WARN, "! usage: :%s%s%s", cmd->name,
		    *cmd->args ? " " : "", cmd->args);
		return UI_REDRAW;
	}
	return cmd->run(st, argc, argv);
}

static int
k_cancel(struct ui_state *st, struct mode *m)
{
	mode_pop(st);
	return UI_REDRAW;
}

static void
set_line(struct cmdline *c, const char *text)
{
	lineedit_init(&c->le, 0);
	for (; text != NULL && *text != '\0'; text++)
		lineedit_key(&c->le, (unsigned char)*text);
}

static int
k_older(struct ui_state *st, struct mode *m)
{
	struct cmdline *c = m->data;

	if (c->hist > 0) {
		c->hist--;
		set_line(c, st->history[c->hist]);
	}
	return UI_REDRAW;
}

static int
k_newer(struct ui_state *st, struct mode *m)
{
	struct cmdline *c = m->data;

	if (c->hist < st->nhistory) {
		c->hist++;
		set_line(c, c->hist < st->nhistory ? st->history[c->hist] : "");
	}
	return UI_REDRAW;
}

/* Candidates for the word being typed, by what it is. */
static size_t
candidates(struct ui_state *st, const char *kind, const char **out, size_t max)
{
	size_t i, n = 0;

	if (kind == NULL)
		return 0;
	if (strcmp(kind, "command") == 0) {
		for (i = 0; i < NCOMMANDS && n < max; i++)
			out[n++] = commands[i].name;
	} else if (strcmp(kind, "flag") == 0) {
		for (i = 0; i < st->model->nflags && n < max; i++)
			out[n++] = st->model->flags[i].name;
	} else if (strcmp(kind, "stage") == 0) {
		for (i = 0; i < st->cfg->nstages && n < max; i++)
			out[n++] = st->cfg->stages[i].name;
		if (n < max)
			out[n++] = "next";
		if (n < max)
			out[n++] = "previous";
	} else if (strcmp(kind, "env") == 0)
		n = envs_seen(st, out, max);
	return n;
}

static int
k_complete(struct ui_state *st, struct mode *m)
{
	struct cmdline		*c = m->data;
	const struct command	*cmd = NULL;
	const char		*kind = "command", *cand[256], *match[256];
	char			 line[LE_MAX + 1], *word, *argv[CMD_ARGS + 4];
	char			 copy[LE_MAX + 1], list[256];
	size_t			 n, nm = 0, i, common, len, off;
	int			 argc;

	memcpy(line, c->le.buf, c->le.len);
	line[c->le.len] = '\0';
	memcpy(copy, line, sizeof copy);
	argc = split(copy, argv);
	/* The word under the cursor: a new one after a space. */
	if (c->le.len == 0 || line[c->le.len - 1] == ' ')
		argv[argc++] = (char *)"";
	word = argv[argc - 1];
	if (argc > 1) {
		if ((cmd = command_find(argv[0])) == NULL || argc - 2 >= 2)
			return UI_REDRAW;
		kind = cmd->complete[argc - 2];
	}
	n = candidates(st, kind, cand, 256);
	len = strlen(word);
	for (i = 0; i < n; i++) {
		if (cand[i] != NULL && strncmp(cand[i], word, len) == 0)
			match[nm++] = cand[i];
	}
	if (nm == 0) {
		ui_message(st, ROLE_DIM, "no completion");
		return UI_REDRAW;
	}
	common = strlen(match[0]);
	for (i = 1; i < nm; i++) {
		size_t k = 0;

		while (k < common && match[i][k] == match[0][k])
			k++;
		common = k;
	}
	for (i = len; i < common; i++)
		lineedit_key(&c->le, (unsigned char)match[0][i]);
	if (nm == 1)
		lineedit_key(&c->le, ' ');
	else {
		off = 0;
		list[0] = '\0';
		for (i = 0; i < nm && off < sizeof list; i++)
			off += (size_t)snprintf(list + off, sizeof list - off,
			    "%s%s", i ? " " : "", match[i]);
		ui_message(st, ROLE_DIM, "%s", list);
	}
	return UI_REDRAW;
}

static const struct key_binding cmdline_keys[] = {
	{ RK_ENTER,	"run the command",		k_run },
	{ RK_ESC,	"cancel",			k_cancel },
	{ RK_TAB,	"complete",			k_complete },
	{ RK_UP,	"history",			k_older },
	{ RK_DOWN,	NULL,				k_newer },
	{ 0,		"  :rollouts :flags :health :graph  :env NAME", NULL },
	{ 0,		"  :stage FLAG STAGE  :kill FLAG  :restore FLAG", NULL },
	{ 0,		"  :filter TEXT  :theme NAME  :q", NULL },
	KEYTAB_END
};

static int
cmdline_key(struct ui_state *st, struct mode *m, int key)
{
	struct cmdline *c = m->data;

	if (key == RK_BACKSPACE || key == RK_DELETE) {
		if (c->le.len == 0)
			return k_cancel(st, m);
		key = LE_BACKSPACE;
	}
	if (key >= 0x100)
		return UI_REDRAW;
	lineedit_key(&c->le, key);
	return UI_REDRAW;
}

static int
cmdline_paste(struct ui_state *st, struct mode *m, const char *text)
{
	struct cmdline		*c = m->data;

	lineedit_paste(&c->le, text);
	return UI_REDRAW;
}

static void
cmdline_paint(struct ui_state *st, struct mode *m)
{
	struct cmdline	*c = m->data;
	int		 y = LINES - 2, used;

	if (y < 1)
		return;
	ui_fill(st, y, 0, COLS, ROLE_NORMAL);
	used = ui_put(st, y, 0, COLS, ROLE_TITLE, ":", 0);
	used += ui_put(st, y, used, COLS - used - 1, ROLE_NORMAL,
	    lineedit_view(&c->le, COLS - used - 1), 0);
	ui_put(st, y, used, 1, ROLE_SELECTED, " ", 0);
}

const struct mode_entry mode_cmdline_entry = {
	.name = "Command line",
	.keys = cmdline_keys,
	.modal = 1,
	.arms = 0,
	.key = cmdline_key,
	.paste = cmdline_paste,
	.paint = cmdline_paint,
	.free = free,
};

int
mode_cmdline_open(struct ui_state *st)
{
	struct cmdline *c = xcalloc(1, sizeof *c);

	lineedit_init(&c->le, 0);
	c->hist = st->nhistory;
	return mode_push(st, &mode_cmdline_entry, c);
}
