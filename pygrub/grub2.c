/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * GRUB 2 grub.cfg: the script is run statically, as GRUB would at menu time: variables,
 * if/elif/else with test/[ ], load_env from grubenv, menuentry and submenu blocks with
 * linux/linux16/initrd/initrd16. Loops and functions are skipped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bootcfg.h"
#include "grub2_script.h"

struct g2 {
    struct boot_config *cfg;
    const struct bootcfg_fs *fs;
    struct g2_script sc;
    struct g2_vars vars;
    size_t i;    /* next command */
    int depth;   /* block nesting */
    char *dir;   /* directory of grub.cfg: $prefix, $config_directory */
    bool failed; /* an error was recorded in cfg->error */
};

/* The expanded words of command @c (vanished words dropped); NULL-terminated array. */
static char **cmd_words(struct g2 *g, const struct g2_cmd *c, size_t *np)
{
    char **w = calloc(c->n + 1, sizeof(*w));
    size_t i, n = 0;

    *np = 0;
    if ( !w )
        return NULL;
    for ( i = 0; i < c->n; i++ )
    {
        bool vanished;
        char *s = g2_expand(&g->vars, &g->sc.words[c->first + i], &vanished);

        if ( !s && !vanished )
        {
            while ( n )
                free(w[--n]);
            free(w);
            return NULL;
        }
        if ( s )
            w[n++] = s;
    }
    *np = n;
    return w;
}

static void free_words(char **w)
{
    size_t i;

    if ( !w )
        return;
    for ( i = 0; w[i]; i++ )
        free(w[i]);
    free(w);
}

/* Does command @c start with the literal keyword @kw? */
static bool is_kw(const struct g2 *g, const struct g2_cmd *c, const char *kw)
{
    const struct g2_word *w = &g->sc.words[c->first];

    return w->len == strlen(kw) && !memcmp(w->s, kw, w->len);
}

static bool is_terminator(const struct g2 *g, const struct g2_cmd *c)
{
    static const char *const t[] = {"}", "fi", "else", "elif", "then", "done", "do"};
    size_t i;

    for ( i = 0; i < sizeof(t) / sizeof(t[0]); i++ )
        if ( is_kw(g, c, t[i]) )
            return true;
    return false;
}

static int fail(struct g2 *g, const char *what)
{
    unsigned int line = g->i < g->sc.ncmds ? g->sc.cmds[g->i].line : 0;

    if ( !g->failed )
    {
        if ( line )
            boot_config_error(g->cfg, "line %u: %s", line, what);
        else
            boot_config_error(g->cfg, "%s", what);
    }
    g->failed = true;
    return -1;
}

static const char *strip_dev(const char *p)
{
    return bootcfg_strip_device(p);
}

static long long file_size(struct g2 *g, const char *path)
{
    if ( !g->fs || !g->fs->file_size )
        return -1;
    return g->fs->file_size(g->fs->ctx, strip_dev(path));
}

/* test / [ ]: a small evaluator for the expressions distro configs use. */
static bool eval_primary(struct g2 *g, char **a, size_t n, size_t *k)
{
    const char *x;

    if ( *k >= n )
        return false;
    if ( !strcmp(a[*k], "!") )
    {
        (*k)++;
        return !eval_primary(g, a, n, k);
    }
    if ( *k + 2 < n + 0 && *k + 2 <= n - 1 )
    {
        const char *l = a[*k], *op = a[*k + 1], *r = a[*k + 2];
        long li = strtol(l, NULL, 10), ri = strtol(r, NULL, 10);
        int res = -1;

        if ( !strcmp(op, "=") || !strcmp(op, "==") )
            res = !strcmp(l, r);
        else if ( !strcmp(op, "!=") )
            res = !!strcmp(l, r);
        else if ( !strcmp(op, "<") )
            res = strcmp(l, r) < 0;
        else if ( !strcmp(op, ">") )
            res = strcmp(l, r) > 0;
        else if ( !strcmp(op, "-eq") )
            res = li == ri;
        else if ( !strcmp(op, "-ne") )
            res = li != ri;
        else if ( !strcmp(op, "-lt") )
            res = li < ri;
        else if ( !strcmp(op, "-le") )
            res = li <= ri;
        else if ( !strcmp(op, "-gt") )
            res = li > ri;
        else if ( !strcmp(op, "-ge") )
            res = li >= ri;
        if ( res >= 0 )
        {
            *k += 3;
            return res;
        }
    }
    x = a[*k];
    if ( x[0] == '-' && x[1] && !x[2] && *k + 1 < n )
    {
        const char *arg = a[*k + 1];

        *k += 2;
        switch ( x[1] )
        {
        case 'n':
            return arg[0] != '\0';
        case 'z':
            return arg[0] == '\0';
        case 'e':
        case 'f':
            return file_size(g, arg) >= 0;
        case 's':
            return file_size(g, arg) > 0;
        default:
            return false;
        }
    }
    (*k)++;
    return x[0] != '\0';
}

static bool eval_test(struct g2 *g, char **a, size_t n)
{
    size_t k = 0;
    bool v = eval_primary(g, a, n, &k);

    while ( k < n )
    {
        const char *op = a[k++];
        bool r = eval_primary(g, a, n, &k);

        if ( !strcmp(op, "-a") )
            v = v && r;
        else if ( !strcmp(op, "-o") )
            v = v || r;
        else
            break;
    }
    return v;
}

/* The truth of a command used as a condition. */
static bool eval_cond(struct g2 *g, char **w, size_t n)
{
    if ( n == 0 )
        return true;
    if ( !strcmp(w[0], "!") )
        return !eval_cond(g, w + 1, n - 1);
    if ( !strcmp(w[0], "[") )
        return eval_test(g, w + 1, n >= 2 && !strcmp(w[n - 1], "]") ? n - 2 : n - 1);
    if ( !strcmp(w[0], "test") )
        return eval_test(g, w + 1, n - 1);
    /* Commands that succeed on the PV console GRUB would run on. */
    return !strcmp(w[0], "true") || !strcmp(w[0], "loadfont") || !strcmp(w[0], "cpuid") ||
           !strcmp(w[0], "insmod");
}

static int set_var(struct g2 *g, const char *assign)
{
    const char *eq = strchr(assign, '=');
    char name[128];
    size_t n;

    if ( !eq )
        return 0;
    n = (size_t)(eq - assign);
    if ( n == 0 || n >= sizeof(name) )
        return 0;
    memcpy(name, assign, n);
    name[n] = '\0';
    if ( g2_var_set(&g->vars, name, eq + 1) )
        return fail(g, "too many variables");
    return 0;
}

/* load_env [-f FILE] [--skip-sig] [NAME...]: variables from a GRUB environment block. */
static int load_env(struct g2 *g, char **w, size_t n)
{
    char path[512], *buf = NULL, *line, *save = NULL;
    size_t len, i, first_name = n;
    const char *file = NULL;

    for ( i = 1; i < n; i++ )
    {
        if ( (!strcmp(w[i], "-f") || !strcmp(w[i], "--file")) && i + 1 < n )
            file = w[++i];
        else if ( !strncmp(w[i], "--file=", 7) )
            file = w[i] + 7;
        else if ( w[i][0] != '-' && first_name == n )
            first_name = i;
    }
    if ( file )
        snprintf(path, sizeof(path), "%s", strip_dev(file));
    else
        snprintf(path, sizeof(path), "%s/grubenv", g->dir);
    if ( !g->fs || !g->fs->read || g->fs->read(g->fs->ctx, path, 1 << 16, &buf, &len) )
        return 0; /* GRUB goes on without it */
    for ( line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save) )
    {
        char *eq = strchr(line, '=');
        bool wanted = first_name == n;

        if ( line[0] == '#' || !eq )
            continue;
        *eq = '\0';
        for ( i = first_name; i < n && !wanted; i++ )
            wanted = !strcmp(w[i], line);
        *eq = '=';
        if ( wanted && set_var(g, line) )
            break;
    }
    free(buf);
    return g->failed ? -1 : 0;
}

static int run_block(struct g2 *g, bool active, int parent, struct boot_item *entry);

/* Advance past a block opener: the "{" ending the current command, or one on its own line. */
static int open_brace(struct g2 *g, const struct g2_cmd *c)
{
    const struct g2_word *last = &g->sc.words[c->first + c->n - 1];

    g->i++;
    if ( last->len == 1 && last->s[0] == '{' )
        return 0;
    if ( g->i < g->sc.ncmds && is_kw(g, &g->sc.cmds[g->i], "{") && g->sc.cmds[g->i].n == 1 )
    {
        g->i++;
        return 0;
    }
    return fail(g, "expected '{'");
}

/* After a block: the command at g->i must be @kw. */
static int close_kw(struct g2 *g, const char *kw)
{
    char msg[64];

    if ( g->i < g->sc.ncmds && is_kw(g, &g->sc.cmds[g->i], kw) )
    {
        g->i++;
        return 0;
    }
    snprintf(msg, sizeof(msg), "missing '%s'", kw);
    return fail(g, msg);
}

static int menu_block(struct g2 *g, char **w, size_t n, bool active, int parent,
                      struct boot_item *in_entry, bool submenu)
{
    const struct g2_cmd *c = &g->sc.cmds[g->i];
    const char *title = NULL, *id = NULL;
    struct boot_item *it = NULL;
    int idx = -1, rc;
    size_t k;

    for ( k = 1; k < n; k++ )
    {
        if ( !strcmp(w[k], "{") )
            break;
        if ( !strcmp(w[k], "--id") && k + 1 < n )
            id = w[++k];
        else if ( (!strcmp(w[k], "--class") || !strcmp(w[k], "--users") ||
                   !strcmp(w[k], "--hotkey") || !strcmp(w[k], "--source")) &&
                  k + 1 < n )
            k++;
        else if ( !strncmp(w[k], "--", 2) )
            continue;
        else if ( !title )
            title = w[k];
    }
    if ( open_brace(g, c) )
        return -1;
    /* A menuentry inside a menuentry only exists once the outer one runs: skip it. */
    if ( active && !in_entry )
    {
        it = boot_config_add(g->cfg, parent, submenu);
        if ( !it )
            return fail(g, "too many menu entries");
        idx = (int)(it - g->cfg->items);
        it->title = strdup(title ? title : "");
        it->id = id ? strdup(id) : NULL;
        if ( !it->title || (id && !it->id) )
            return fail(g, "out of memory");
    }
    if ( ++g->depth > BOOTCFG_MAX_NEST )
        return fail(g, "blocks nested too deeply");
    if ( submenu )
        rc = run_block(g, active && it, it ? idx : parent, NULL);
    else
        rc = run_block(g, active && it, parent, it);
    g->depth--;
    if ( rc )
        return rc;
    if ( it && !submenu && !g->cfg->items[idx].args )
    {
        g->cfg->items[idx].args = strdup("");
        if ( !g->cfg->items[idx].args )
            return fail(g, "out of memory");
    }
    return close_kw(g, "}");
}

/* if LIST; then LIST [elif LIST; then LIST]... [else LIST] fi */
static int if_block(struct g2 *g, bool active, int parent, struct boot_item *entry)
{
    bool taken = false;
    int rc;

    if ( ++g->depth > BOOTCFG_MAX_NEST )
        return fail(g, "blocks nested too deeply");
    for ( ;; )
    {
        const struct g2_cmd *c = &g->sc.cmds[g->i];
        bool cond = true;
        size_t n;
        char **w = cmd_words(g, c, &n);

        if ( !w )
            return fail(g, "out of memory");
        /* The condition: the words after if/elif, then commands up to "then". */
        cond = eval_cond(g, w + 1, n - 1);
        free_words(w);
        for ( g->i++; g->i < g->sc.ncmds && !is_kw(g, &g->sc.cmds[g->i], "then"); g->i++ )
        {
            if ( is_terminator(g, &g->sc.cmds[g->i]) )
                break;
            w = cmd_words(g, &g->sc.cmds[g->i], &n);
            if ( !w )
                return fail(g, "out of memory");
            cond = eval_cond(g, w, n);
            free_words(w);
        }
        if ( close_kw(g, "then") )
            return -1;
        rc = run_block(g, active && !taken && cond, parent, entry);
        if ( rc )
            return rc;
        taken = taken || cond;
        if ( g->i < g->sc.ncmds && is_kw(g, &g->sc.cmds[g->i], "elif") )
            continue;
        if ( g->i < g->sc.ncmds && is_kw(g, &g->sc.cmds[g->i], "else") )
        {
            g->i++;
            rc = run_block(g, active && !taken, parent, entry);
            if ( rc )
                return rc;
        }
        g->depth--;
        return close_kw(g, "fi");
    }
}

/* for/while/until ...; do LIST done: not run (distro menus do not build entries in loops). */
static int loop_block(struct g2 *g)
{
    if ( ++g->depth > BOOTCFG_MAX_NEST )
        return fail(g, "blocks nested too deeply");
    for ( g->i++; g->i < g->sc.ncmds && !is_kw(g, &g->sc.cmds[g->i], "do"); g->i++ )
        ;
    if ( close_kw(g, "do") || run_block(g, false, -1, NULL) )
        return -1;
    g->depth--;
    return close_kw(g, "done");
}

static int set_entry_field(struct g2 *g, char **field, const char *value)
{
    free(*field);
    *field = strdup(value);
    return *field ? 0 : fail(g, "out of memory");
}

/* One simple command; g->i is advanced past it. */
static int simple_cmd(struct g2 *g, char **w, size_t n, bool active, int parent,
                      struct boot_item *entry)
{
    const struct g2_cmd *c = &g->sc.cmds[g->i];
    const char *cmd = w[0];
    int rc = 0;

    g->i++;
    if ( !active )
        return 0;
    if ( !strcmp(cmd, "set") && n >= 2 )
        rc = set_var(g, w[1]);
    else if ( !strcmp(cmd, "unset") && n >= 2 )
        g2_var_unset(&g->vars, w[1]);
    else if ( strchr(cmd, '=') && cmd[0] != '=' && n == 1 )
        rc = set_var(g, cmd);
    else if ( !strcmp(cmd, "load_env") )
        rc = load_env(g, w, n);
    else if ( !strcmp(cmd, "blscfg") && !entry )
        rc = grub2_blscfg(g->cfg, g->fs, &g->vars, parent) ? (g->failed = true, -1) : 0;
    else if ( entry && n >= 2 &&
              (!strcmp(cmd, "linux") || !strcmp(cmd, "linux16") || !strcmp(cmd, "linuxefi")) )
    {
        const struct g2_word *w1 = &g->sc.words[c->first + 1];
        /* The command line as written after the kernel path, $ references expanded. */
        const struct g2_word *rest = c->n > 2 ? &g->sc.words[c->first + 2] : NULL;
        char *args = g2_expand_raw(&g->vars, rest ? rest->s : w1->s + w1->len, c->end);

        if ( !args )
            return fail(g, "out of memory");
        free(entry->args);
        entry->args = args;
        rc = set_entry_field(g, &entry->kernel, strip_dev(w[1]));
    }
    else if ( entry && n >= 2 &&
              (!strcmp(cmd, "initrd") || !strcmp(cmd, "initrd16") || !strcmp(cmd, "initrdefi")) )
        rc = set_entry_field(g, &entry->initrd, strip_dev(w[1]));
    if ( !rc && entry && !strcmp(cmd, "set") && n >= 2 && !strncmp(w[1], "root=", 5) )
        rc = set_entry_field(g, &entry->root, w[1] + 5);
    return rc;
}

/* Run commands until a block terminator (left at g->i) or the end of the script. */
static int run_block(struct g2 *g, bool active, int parent, struct boot_item *entry)
{
    while ( g->i < g->sc.ncmds && !g->failed )
    {
        const struct g2_cmd *c = &g->sc.cmds[g->i];
        char **w;
        size_t n;
        int rc;

        if ( is_terminator(g, c) )
            return 0;
        if ( is_kw(g, c, "if") )
        {
            if ( if_block(g, active, parent, entry) )
                return -1;
            continue;
        }
        if ( is_kw(g, c, "for") || is_kw(g, c, "while") || is_kw(g, c, "until") )
        {
            if ( loop_block(g) )
                return -1;
            continue;
        }
        if ( is_kw(g, c, "function") )
        {
            if ( open_brace(g, c) || ++g->depth > BOOTCFG_MAX_NEST ||
                 run_block(g, false, parent, NULL) )
                return fail(g, "bad function definition");
            g->depth--;
            if ( close_kw(g, "}") )
                return -1;
            continue;
        }
        w = cmd_words(g, c, &n);
        if ( !w )
            return fail(g, "out of memory");
        if ( n == 0 )
            rc = (g->i++, 0);
        else if ( !strcmp(w[0], "menuentry") || !strcmp(w[0], "submenu") )
            rc = menu_block(g, w, n, active, parent, entry, !strcmp(w[0], "submenu"));
        else
            rc = simple_cmd(g, w, n, active, parent, entry);
        free_words(w);
        if ( rc )
            return -1;
    }
    return g->failed ? -1 : 0;
}

int grub2_parse(struct boot_config *cfg, const char *buf, size_t len, const char *path,
                const struct bootcfg_fs *fs)
{
    static const char *const preset[][2] = {
        {"grub_platform", "xen"},
        {"grub_cpu", "x86_64"},
        {"feature_menuentry_id", "y"},
        {"feature_default_font_path", "y"},
        {"feature_all_video_module", "y"},
        {"feature_timeout_style", "y"},
        {"feature_platform_search_hint", "y"},
        {"feature_200_final", "y"},
    };
    struct g2 g = {.cfg = cfg, .fs = fs};
    const char *slash = strrchr(path, '/'), *v;
    size_t i;
    int rc = -1;

    cfg->format = "grub2";
    g.dir = strndup(path, slash ? (size_t)(slash - path) : 0);
    if ( !g.dir )
        return boot_config_error(cfg, "out of memory");
    if ( g2_script_split(&g.sc, buf, len, cfg->error, sizeof(cfg->error)) )
        goto out;
    for ( i = 0; i < sizeof(preset) / sizeof(preset[0]); i++ )
        if ( g2_var_set(&g.vars, preset[i][0], preset[i][1]) )
            goto nomem;
    if ( g2_var_set(&g.vars, "prefix", g.dir) || g2_var_set(&g.vars, "config_directory", g.dir) )
        goto nomem;
    if ( run_block(&g, true, -1, NULL) )
        goto out;
    if ( g.i < g.sc.ncmds )
    {
        const struct g2_word *w = &g.sc.words[g.sc.cmds[g.i].first];

        boot_config_error(cfg, "line %u: unexpected '%.*s'", g.sc.cmds[g.i].line, (int)w->len,
                          w->s);
        goto out;
    }
    v = g2_var_get(&g.vars, "default");
    /* "saved" is the entry recorded by savedefault in grubenv. */
    if ( v && !strcmp(v, "saved") )
        v = g2_var_get(&g.vars, "saved_entry");
    if ( v && !(cfg->default_spec = strdup(v)) )
        goto nomem;
    v = g2_var_get(&g.vars, "timeout");
    if ( v && *v )
        cfg->timeout = atoi(v);
    cfg->has_password = g2_var_get(&g.vars, "superusers") != NULL;
    rc = 0;
    goto out;
nomem:
    boot_config_error(cfg, "out of memory");
out:
    g2_vars_dispose(&g.vars);
    g2_script_dispose(&g.sc);
    free(g.dir);
    return rc;
}
