/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstore-ls (a subtree with values and permissions) and xenstore-chmod
 * (permissions of a node, its subtree or its ancestors).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

/* Output width of a tree line, and the column of the permissions. */
#define LS_WIDTH       80
#define LS_PERM_COLUMN 60

/** What xenstore-ls was asked for. */
struct ls_opts {
    bool full, perms;
};

/* "n0,r5": a node's permissions as xenstore-ls prints them. */
static void print_perms(struct xs_handle *h, const char *path)
{
    static const char letters[] = "nrwb";
    struct xs_permissions *p;
    unsigned int n, i;

    p = xs_get_permissions(h, XBT_NULL, path, &n);
    if ( !p )
    {
        printf("(%s)", strerror(errno));
        return;
    }
    putchar('(');
    for ( i = 0; i < n; i++ )
        printf("%s%c%u", i ? "," : "", letters[p[i].perms & 3], p[i].id);
    putchar(')');
    free(p);
}

static void ls_node(struct xs_handle *h, const char *path, const char *name, int depth,
                    const struct ls_opts *o)
{
    unsigned int len;
    char *v = xs_read(h, XBT_NULL, path, &len);
    char *e = v ? xs_escape(v, len) : NULL;
    const char *shown = e ? e : "";
    int col;

    if ( o->full )
    {
        printf("%s = \"%s\"", path, shown);
        if ( o->perms )
        {
            printf("   ");
            print_perms(h, path);
        }
    }
    else
    {
        int plen = depth + (int)strlen(name) + 4;
        int vlen = (int)strlen(shown);

        printf("%*s%s = \"", depth, "", name);
        if ( plen + vlen > LS_WIDTH - 4 )
        {
            int keep = LS_WIDTH - 4 - plen;

            printf("%.*s\\...\"", keep > 0 ? keep : 0, shown);
            if ( o->perms )
                printf("  ");
        }
        else
        {
            printf("%s\"", shown);
            if ( o->perms )
            {
                putchar(' ');
                for ( col = plen + vlen + 2; col < LS_PERM_COLUMN; col++ )
                    putchar(col & 1 ? '.' : ' ');
                printf("  ");
            }
        }
        if ( o->perms )
            print_perms(h, path);
    }
    putchar('\n');
    free(v);
    free(e);
}

static int ls_tree(struct xs_handle *h, const char *path, int depth, const struct ls_opts *o)
{
    unsigned int n, i;
    char **kids = xs_directory(h, XBT_NULL, path, &n);

    if ( !kids )
    {
        if ( depth == 0 )
        {
            fprintf(stderr, "xenstore-ls: xs_directory (%s): %s\n", path, strerror(errno));
            return 1;
        }
        return 0;
    }
    for ( i = 0; i < n; i++ )
    {
        size_t l = strlen(path) + strlen(kids[i]) + 2;
        char *child = malloc(l);

        if ( !child )
            break;
        snprintf(child, l, "%s%s%s", path, strcmp(path, "/") ? "/" : "", kids[i]);
        ls_node(h, child, kids[i], depth, o);
        ls_tree(h, child, depth + 1, o);
        free(child);
    }
    free(kids);
    return 0;
}

int xs_cmd_ls(const struct xs_cmd *cmd, struct xs_handle *h, int argc, char **argv)
{
    struct ls_opts o = {false, false};
    int ch;

    optind = 1;
    while ( (ch = getopt(argc, argv, cmd->opts)) != -1 )
    {
        if ( ch == 'f' )
            o.full = true;
        else if ( ch == 'p' )
            o.perms = true;
    }
    return ls_tree(h, optind < argc ? argv[optind] : "/", 0, &o);
}

/* Parse "<n|r|w|b><domid>" strings. */
static int parse_modes(int n, char **v, struct xs_permissions *p)
{
    int i;

    for ( i = 0; i < n; i++ )
    {
        if ( !strchr("nrwb", v[i][0]) || !v[i][0] )
        {
            fprintf(stderr, "xenstore-chmod: Invalid permission specification: '%c'\n", v[i][0]);
            return -1;
        }
        if ( !xs_strings_to_perms(&p[i], 1, v[i]) )
        {
            fprintf(stderr, "xenstore-chmod: Invalid domain ID in '%s'\n", v[i]);
            return -1;
        }
    }
    return 0;
}

static int chmod_tree(struct xs_handle *h, xs_transaction_t t, const char *path,
                      struct xs_permissions *p, int n, bool down)
{
    unsigned int nk, i;
    char **kids;
    int rc = 0;

    if ( !xs_set_permissions(h, t, path, p, n) )
    {
        fprintf(stderr, "xenstore-chmod: Error occurred setting permissions on '%s': %s\n", path,
                strerror(errno));
        return 1;
    }
    if ( !down || !(kids = xs_directory(h, t, path, &nk)) )
        return 0;
    for ( i = 0; !rc && i < nk; i++ )
    {
        size_t l = strlen(path) + strlen(kids[i]) + 2;
        char *child = malloc(l);

        if ( !child )
        {
            rc = 1;
            break;
        }
        snprintf(child, l, "%s%s%s", path, strcmp(path, "/") ? "/" : "", kids[i]);
        rc = chmod_tree(h, t, child, p, n, true);
        free(child);
    }
    free(kids);
    return rc;
}

int xs_cmd_chmod(const struct xs_cmd *cmd, struct xs_handle *h, int argc, char **argv)
{
    bool up = false, down = false;
    struct xs_permissions *p;
    xs_transaction_t t;
    int ch, n, rc;
    char *path, *s;

    optind = 1;
    while ( (ch = getopt(argc, argv, cmd->opts)) != -1 )
    {
        if ( ch == 'u' )
            up = true;
        else if ( ch == 'r' )
            down = true;
        else if ( ch != 's' )
            return xs_usage(cmd);
    }
    if ( argc - optind < 2 )
        return xs_usage(cmd);
    n = argc - optind - 1;
    p = calloc(n, sizeof(*p));
    if ( !p || parse_modes(n, argv + optind + 1, p) )
    {
        free(p);
        return 1;
    }
    do
    {
        t = xs_transaction_start(h);
        if ( t == XBT_NULL )
        {
            rc = 1;
            break;
        }
        rc = chmod_tree(h, t, argv[optind], p, n, down);
        path = strdup(argv[optind]);
        while ( !rc && up && path && (s = strrchr(path, '/')) && s != path )
        {
            *s = 0;
            rc = chmod_tree(h, t, path, p, n, false);
        }
        free(path);
        if ( xs_transaction_end(h, t, rc != 0) || rc )
            break;
    } while ( errno == EAGAIN );
    free(p);
    return rc;
}
