/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A tiny TAP producer for C unit tests (hypervisor and tools): ok() per case, tap_done() at the end
 * prints the plan and returns the exit status (non-zero if any case failed).
 */
#ifndef TESTS_TAP_H
#define TESTS_TAP_H

#include <stdarg.h>
#include <stdio.h>

static unsigned int tap_count, tap_failed;

__attribute__((__format__(__printf__, 2, 3))) static inline int ok(int cond, const char *fmt, ...)
{
    va_list ap;

    tap_count++;
    if ( !cond )
        tap_failed++;
    printf("%sok %u - ", cond ? "" : "not ", tap_count);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    return cond;
}

/** Print a diagnostic line (TAP comment). */
__attribute__((__format__(__printf__, 1, 2))) static inline void diag(const char *fmt, ...)
{
    va_list ap;

    printf("# ");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

static inline int tap_done(void)
{
    printf("1..%u\n", tap_count);
    return tap_failed ? 1 : 0;
}

#endif /* TESTS_TAP_H */
