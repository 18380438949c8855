/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Load generator for scripts/bench.d/xenstore.sh: N client processes, each
 * with its own libxenstore connection, run one operation in a loop for a
 * while; prints total operations per second and mean/max latency. Linked
 * with libxenstore.so.4, so the same binary runs on Xen's library too.
 *
 * Usage: xs_bench read|write|directory|transaction CLIENTS SECONDS
 *        xs_bench fill NODES CLIENTS
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <xenstore.h>

/** What one client measured. */
struct result {
    uint64_t ops, ns_total, ns_max, errors;
};

static uint64_t now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static bool one_op(struct xs_handle *h, const char *op, int id, uint64_t i)
{
    char path[64], val[32];
    unsigned int n;
    void *p;

    snprintf(path, sizeof(path), "/bench/c%d/k%llu", id, (unsigned long long)(i % 64));
    if ( !strcmp(op, "read") )
    {
        p = xs_read(h, XBT_NULL, path, &n);
        free(p);
        return p != NULL;
    }
    if ( !strcmp(op, "write") )
    {
        snprintf(val, sizeof(val), "%llu", (unsigned long long)i);
        return xs_write(h, XBT_NULL, path, val, strlen(val));
    }
    if ( !strcmp(op, "directory") )
    {
        snprintf(path, sizeof(path), "/bench/c%d", id);
        p = xs_directory(h, XBT_NULL, path, &n);
        free(p);
        return p != NULL;
    }
    {
        xs_transaction_t t = xs_transaction_start(h);

        if ( !t )
            return false;
        p = xs_read(h, t, path, &n);
        free(p);
        snprintf(val, sizeof(val), "%llu", (unsigned long long)i);
        xs_write(h, t, path, val, strlen(val));
        return xs_transaction_end(h, t, false) || errno == EAGAIN;
    }
}

static void client(const char *op, int id, double secs, int fd)
{
    struct xs_handle *h = xs_open(0);
    struct result r = {0, 0, 0, 0};
    uint64_t end, t0, dt, i;
    char path[64];

    if ( !h )
        _exit(1);
    for ( i = 0; i < 64; i++ )
    {
        snprintf(path, sizeof(path), "/bench/c%d/k%llu", id, (unsigned long long)i);
        xs_write(h, XBT_NULL, path, "0", 1);
    }
    end = now_ns() + (uint64_t)(secs * 1e9);
    for ( i = 0; (t0 = now_ns()) < end; i++ )
    {
        if ( !one_op(h, op, id, i) )
            r.errors++;
        dt = now_ns() - t0;
        r.ops++;
        r.ns_total += dt;
        if ( dt > r.ns_max )
            r.ns_max = dt;
    }
    xs_close(h);
    if ( write(fd, &r, sizeof(r)) != sizeof(r) )
        _exit(1);
    _exit(0);
}

static int fill(long nodes, int clients)
{
    int c;

    for ( c = 0; c < clients; c++ )
        if ( fork() == 0 )
        {
            struct xs_handle *h = xs_open(0);
            char path[96];
            long i;

            if ( !h )
                _exit(1);
            for ( i = c; i < nodes; i += clients )
            {
                snprintf(path, sizeof(path), "/fill/d%ld/n%ld", i / 1000, i);
                if ( !xs_write(h, XBT_NULL, path, "value-of-node", 13) )
                    _exit(1);
            }
            xs_close(h);
            _exit(0);
        }
    for ( c = 0; c < clients; c++ )
    {
        int st;

        if ( wait(&st) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) )
            return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct result sum = {0, 0, 0, 0}, r;
    int clients, c, fds[2], st;
    double secs;

    if ( argc == 4 && !strcmp(argv[1], "fill") )
        return fill(atol(argv[2]), atoi(argv[3]));
    if ( argc != 4 )
    {
        fprintf(stderr, "usage: xs_bench read|write|directory|transaction CLIENTS SECONDS\n"
                        "       xs_bench fill NODES CLIENTS\n");
        return 2;
    }
    clients = atoi(argv[2]);
    secs = atof(argv[3]);
    if ( clients < 1 || secs <= 0 || pipe(fds) )
        return 2;
    for ( c = 0; c < clients; c++ )
        if ( fork() == 0 )
            client(argv[1], c, secs, fds[1]);
    close(fds[1]);
    for ( c = 0; c < clients; c++ )
    {
        if ( read(fds[0], &r, sizeof(r)) != sizeof(r) )
            break;
        sum.ops += r.ops;
        sum.ns_total += r.ns_total;
        sum.errors += r.errors;
        if ( r.ns_max > sum.ns_max )
            sum.ns_max = r.ns_max;
    }
    while ( wait(&st) > 0 )
        ;
    if ( c < clients || !sum.ops )
    {
        fprintf(stderr, "xs_bench: only %d of %d clients reported\n", c, clients);
        return 1;
    }
    printf("%.0f %.1f %.1f %llu\n", sum.ops / secs, sum.ns_total / 1e3 / sum.ops, sum.ns_max / 1e3,
           (unsigned long long)sum.errors);
    return 0;
}
