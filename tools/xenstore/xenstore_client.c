/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xenstore-read, -write, -rm, -exists, -list, -watch, -control (and -ls,
 * -chmod from client_tree.c): one program choosing its command from the name
 * it runs as, or from its first argument when run as `xenstore`.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"

const char *xs_prog = "xenstore";

int xs_usage(const struct xs_cmd *cmd)
{
    fprintf(stderr, "%s: Usage: %s %s\n", cmd->name, xs_prog, cmd->usage);
    return 1;
}

char *xs_escape(const char *v, unsigned int len)
{
    char *out = malloc((size_t)len * 4 + 1), *o = out;
    unsigned int i;

    if ( !out )
        return NULL;
    for ( i = 0; i < len; i++ )
    {
        unsigned char ch = (unsigned char)v[i];

        if ( ch == '\\' )
            o += sprintf(o, "\\\\");
        else if ( ch == '\t' )
            o += sprintf(o, "\\t");
        else if ( ch == '\n' )
            o += sprintf(o, "\\n");
        else if ( ch == '\r' )
            o += sprintf(o, "\\r");
        else if ( ch >= 1 && ch <= 7 )
            o += sprintf(o, "\\%03o", ch);
        else if ( ch < 0x20 || ch >= 0x7f )
            o += sprintf(o, "\\x%02x", ch);
        else
            *o++ = (char)ch;
    }
    *o = 0;
    return out;
}

/* Undo xs_escape-style escapes in place; returns the new length. */
static unsigned int unescape(char *s)
{
    char *in = s, *out = s;

    while ( *in )
    {
        if ( *in != '\\' || !in[1] )
        {
            *out++ = *in++;
            continue;
        }
        in++;
        switch ( *in )
        {
        case 'n':
            *out++ = '\n';
            in++;
            break;
        case 't':
            *out++ = '\t';
            in++;
            break;
        case 'r':
            *out++ = '\r';
            in++;
            break;
        case 'x':
        {
            int v = 0, n = 0;

            in++;
            while ( n < 2 && ((*in >= '0' && *in <= '9') || (*in >= 'a' && *in <= 'f') ||
                              (*in >= 'A' && *in <= 'F')) )
            {
                v = v * 16 + (*in <= '9' ? *in - '0' : (*in | 0x20) - 'a' + 10);
                in++;
                n++;
            }
            *out++ = (char)v;
            break;
        }
        default:
            if ( *in >= '0' && *in <= '7' )
            {
                int v = 0, n = 0;

                while ( n < 3 && *in >= '0' && *in <= '7' )
                {
                    v = v * 8 + (*in - '0');
                    in++;
                    n++;
                }
                *out++ = (char)v;
            }
            else
                *out++ = *in++;
        }
    }
    *out = 0;
    return (unsigned int)(out - s);
}

/* Run @fn over every key inside one transaction, retrying on EAGAIN. */
typedef int (*per_key_fn)(struct xs_handle *h, xs_transaction_t t, int argc, char **argv,
                          bool opt_p, bool opt_r, bool opt_t);

static int in_transaction(struct xs_handle *h, per_key_fn fn, int argc, char **argv, bool p, bool r,
                          bool t_opt)
{
    xs_transaction_t t;
    int rc;

    for ( ;; )
    {
        t = xs_transaction_start(h);
        if ( t == XBT_NULL )
        {
            fprintf(stderr, "%s: couldn't start transaction: %s\n", xs_prog, strerror(errno));
            return 1;
        }
        rc = fn(h, t, argc, argv, p, r, t_opt);
        if ( xs_transaction_end(h, t, rc != 0) || rc )
            return rc;
        if ( errno != EAGAIN )
        {
            fprintf(stderr, "%s: couldn't end transaction: %s\n", xs_prog, strerror(errno));
            return 1;
        }
    }
}

static int do_read(struct xs_handle *h, xs_transaction_t t, int argc, char **argv, bool p, bool raw,
                   bool unused)
{
    unsigned int len;
    int i;

    (void)unused;
    for ( i = 0; i < argc; i++ )
    {
        char *v = xs_read(h, t, argv[i], &len), *e;

        if ( !v )
        {
            fprintf(stderr, "xenstore-read: couldn't read path %s\n", argv[i]);
            return 1;
        }
        if ( p )
            printf("%s: ", argv[i]);
        if ( raw )
            fwrite(v, 1, len, stdout);
        else
        {
            e = xs_escape(v, len);
            printf("%s\n", e ? e : "");
            free(e);
        }
        free(v);
    }
    return 0;
}

static int do_write(struct xs_handle *h, xs_transaction_t t, int argc, char **argv, bool unused,
                    bool raw, bool unused2)
{
    int i;

    (void)unused;
    (void)unused2;
    for ( i = 0; i + 1 < argc; i += 2 )
    {
        char *v = strdup(argv[i + 1]);
        unsigned int len;

        if ( !v )
            return 1;
        len = raw ? strlen(v) : unescape(v);
        if ( !xs_write(h, t, argv[i], v, len) )
        {
            fprintf(stderr, "xenstore-write: could not write path %s\n", argv[i]);
            free(v);
            return 1;
        }
        free(v);
    }
    return 0;
}

/* With -t: remove each parent left without children. */
static int tidy_parents(struct xs_handle *h, xs_transaction_t t, const char *path)
{
    char *p = strdup(path), *s;
    unsigned int n;
    char **kids;

    if ( !p )
        return 1;
    while ( (s = strrchr(p, '/')) && s != p )
    {
        *s = 0;
        kids = xs_directory(h, t, p, &n);
        free(kids);
        if ( !kids || n )
            break;
        if ( !xs_rm(h, t, p) )
            break;
    }
    free(p);
    return 0;
}

static int do_rm(struct xs_handle *h, xs_transaction_t t, int argc, char **argv, bool unused,
                 bool unused2, bool tidy)
{
    int i;

    (void)unused;
    (void)unused2;
    for ( i = 0; i < argc; i++ )
    {
        if ( !xs_rm(h, t, argv[i]) )
        {
            fprintf(stderr, "xenstore-rm: could not remove path %s\n", argv[i]);
            return 1;
        }
        if ( tidy )
            tidy_parents(h, t, argv[i]);
    }
    return 0;
}

static int do_exists(struct xs_handle *h, xs_transaction_t t, int argc, char **argv, bool a, bool b,
                     bool c)
{
    int i;

    (void)a;
    (void)b;
    (void)c;
    for ( i = 0; i < argc; i++ )
    {
        char *v = xs_read(h, t, argv[i], NULL);

        if ( !v )
            return 1;
        free(v);
    }
    return 0;
}

static int do_list(struct xs_handle *h, xs_transaction_t t, int argc, char **argv, bool p, bool a,
                   bool b)
{
    unsigned int n, j;
    int i;

    (void)a;
    (void)b;
    for ( i = 0; i < argc; i++ )
    {
        char **kids = xs_directory(h, t, argv[i], &n);

        if ( !kids )
        {
            fprintf(stderr, "xenstore-list: could not list path %s\n", argv[i]);
            return 1;
        }
        for ( j = 0; j < n; j++ )
            if ( p )
                printf("%s%s%s\n", argv[i], strcmp(argv[i], "/") ? "/" : "", kids[j]);
            else
                printf("%s\n", kids[j]);
        free(kids);
    }
    return 0;
}

/* Options seen by the simple commands. */
struct simple_opts {
    bool p, r, t;
};

static int parse_simple(const struct xs_cmd *cmd, int argc, char **argv, struct simple_opts *o)
{
    int ch;

    optind = 1;
    opterr = 1;
    while ( (ch = getopt(argc, argv, cmd->opts)) != -1 )
    {
        switch ( ch )
        {
        case 'p':
            o->p = true;
            break;
        case 'R':
            o->r = true;
            break;
        case 't':
            o->t = true;
            break;
        case 's':
            break;
        default:
            return -1;
        }
    }
    if ( argc - optind < cmd->min_args )
        return -1;
    return optind;
}

static int cmd_simple(const struct xs_cmd *cmd, struct xs_handle *h, int argc, char **argv)
{
    struct simple_opts o = {false, false, false};
    per_key_fn fn = !strcmp(cmd->name, "xenstore-read")    ? do_read
                    : !strcmp(cmd->name, "xenstore-write") ? do_write
                    : !strcmp(cmd->name, "xenstore-rm")    ? do_rm
                    : !strcmp(cmd->name, "xenstore-list")  ? do_list
                                                           : do_exists;
    int first = parse_simple(cmd, argc, argv, &o);

    if ( first < 0 || (fn == do_write && (argc - first) % 2) )
        return xs_usage(cmd);
    return in_transaction(h, fn, argc - first, argv + first, o.p, o.r, o.t);
}

static int cmd_watch(const struct xs_cmd *cmd, struct xs_handle *h, int argc, char **argv)
{
    long max = -1, seen = 0;
    char *end;
    int ch;

    optind = 1;
    while ( (ch = getopt(argc, argv, cmd->opts)) != -1 )
    {
        if ( ch == 'n' )
        {
            max = strtol(optarg, &end, 10);
            if ( *end || max < 0 )
                return xs_usage(cmd);
        }
        else if ( ch != 's' )
            return xs_usage(cmd);
    }
    if ( argc - optind != 1 )
        return xs_usage(cmd);
    if ( !xs_watch(h, argv[optind], argv[optind]) )
    {
        fprintf(stderr, "xenstore-watch: could not watch %s: %s\n", argv[optind], strerror(errno));
        return 1;
    }
    while ( max < 0 || seen < max )
    {
        unsigned int n;
        char **ev = xs_read_watch(h, &n);

        if ( !ev )
            return 1;
        printf("%s\n", ev[XS_WATCH_PATH]);
        fflush(stdout);
        free(ev);
        seen++;
    }
    return 0;
}

/* Xen's form: live-update [-c CMDLINE] [-F] [-t SECONDS] FILE, as -f then -s. */
static int live_update(struct xs_handle *h, int argc, char **argv)
{
    char buf[XENSTORE_PAYLOAD_MAX], *reply;
    const char *file = argv[argc - 1];
    size_t off = 0, l;
    int i;

    l = strlen(file) + 1;
    if ( 3 + l > sizeof(buf) )
        return 2;
    memcpy(buf, "-f", 3);
    memcpy(buf + 3, file, l);
    reply = xs_control_command(h, "live-update", buf, 3 + l);
    if ( !reply || strcmp(reply, "OK") )
    {
        fprintf(stderr, "xenstore-control: live-update -f %s: %s\n", file,
                reply ? reply : strerror(errno));
        free(reply);
        return 3;
    }
    free(reply);
    memcpy(buf, "-s", 3);
    off = 3;
    for ( i = 2; i < argc - 1; i++ )
    {
        if ( !strcmp(argv[i], "-c") )
        {
            i++; /* the daemon keeps its own command line */
            continue;
        }
        l = strlen(argv[i]) + 1;
        if ( off + l > sizeof(buf) )
            return 2;
        memcpy(buf + off, argv[i], l);
        off += l;
    }
    do
    {
        reply = xs_control_command(h, "live-update", buf, off);
        if ( !reply )
        {
            fprintf(stderr, "xenstore-control: live-update: %s\n", strerror(errno));
            return 3;
        }
        if ( !strcmp(reply, "BUSY") )
        {
            free(reply);
            sleep(1);
            continue;
        }
        break;
    } while ( true );
    printf("%s\n", reply);
    i = strcmp(reply, "OK") ? 3 : 0;
    free(reply);
    return i;
}

static int cmd_control(const struct xs_cmd *cmd, struct xs_handle *h, int argc, char **argv)
{
    char buf[XENSTORE_PAYLOAD_MAX], *reply;
    size_t off = 0, l;
    int i;

    (void)cmd;
    if ( argc < 2 )
    {
        fprintf(stderr, "Usage:\n%s <command> [<arg>...]\n", xs_prog);
        return 2;
    }
    if ( !strcmp(argv[1], "live-update") && argc > 2 && argv[argc - 1][0] != '-' &&
         strcmp(argv[argc - 2], "-f") && strcmp(argv[argc - 2], "-t") &&
         strcmp(argv[argc - 2], "-c") )
        return live_update(h, argc, argv);
    for ( i = 2; i < argc; i++ )
    {
        l = strlen(argv[i]) + 1;
        if ( off + l > sizeof(buf) )
        {
            fprintf(stderr, "xenstore-control: arguments too long\n");
            return 2;
        }
        memcpy(buf + off, argv[i], l);
        off += l;
    }
    reply = xs_control_command(h, argv[1], buf, off);
    if ( !reply )
    {
        fprintf(stderr, "xenstore-control: %s: %s\n", argv[1], strerror(errno));
        return 3;
    }
    printf("%s\n", reply);
    free(reply);
    return 0;
}

/** Every client, with its man page xenstore-NAME(1). */
static const struct xs_cmd commands[] = {
    {"xenstore-read", cmd_simple, "[-h] [-p] [-s] [-R] key [...]", "hpsR", 1},
    {"xenstore-write", cmd_simple, "[-h] [-s] [-R] key value [...]", "hsR", 2},
    {"xenstore-rm", cmd_simple, "[-h] [-s] [-t] key [...]", "hst", 1},
    {"xenstore-exists", cmd_simple, "[-h] [-p] [-s] key [...]", "hps", 1},
    {"xenstore-list", cmd_simple, "[-h] [-p] [-s] key [...]", "hps", 1},
    {"xenstore-ls", xs_cmd_ls, "[-h] [-f] [-p] [-s] [path]", "hfps", 0},
    {"xenstore-chmod", xs_cmd_chmod, "[-h] [-u] [-r] [-s] key <mode [modes...]>", "hurs", 2},
    {"xenstore-watch", cmd_watch, "[-h] [-n NR] key", "hn:s", 1},
    {"xenstore-control", cmd_control, "<command> [<arg>...]", "", 1},
};

int main(int argc, char **argv)
{
    const char *base = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    const struct xs_cmd *cmd = NULL;
    struct xs_handle *h;
    char name[64];
    size_t i;
    int rc;

    xs_prog = argv[0];
    if ( !strncmp(base, "lt-", 3) )
        base += 3; /* libtool's uninstalled binary */
    if ( !strcmp(base, "xenstore") )
    {
        if ( argc < 2 )
        {
            fprintf(stderr, "%s: Usage: %s <mode> [-h] [...]\n", base, argv[0]);
            return 2;
        }
        snprintf(name, sizeof(name), "xenstore-%s", argv[1]);
        base = name;
        argc--;
        argv++;
    }
    for ( i = 0; i < sizeof(commands) / sizeof(commands[0]); i++ )
        if ( !strcmp(commands[i].name, base) )
            cmd = &commands[i];
    if ( !cmd )
    {
        fprintf(stderr, "xenstore: unknown mode %s\n", base);
        return 2;
    }
    if ( cmd->fn != cmd_control )
        for ( i = 1; i < (size_t)argc && argv[i][0] == '-'; i++ )
            if ( !strcmp(argv[i], "-h") )
                return xs_usage(cmd);
    h = xs_open(0);
    if ( !h )
    {
        fprintf(stderr, "%s: xs_open: %s\n", cmd->name, strerror(errno));
        return 1;
    }
    rc = cmd->fn(cmd, h, argc, argv);
    xs_close(h);
    return rc;
}
