/* SPDX-License-Identifier: GPL-2.0-only */
/* What dom0_init.c shares with the optional checks in other files. */
#ifndef DOM0_INIT_H
#define DOM0_INIT_H

/** Print "DOM0TEST ok NAME", or "DOM0TEST not ok NAME: WHY" (printf-style) and count it. */
void result(int good, const char *name, const char *fmt, ...)
    __attribute__((__format__(__printf__, 3, 4)));
/** The first line of @path without its newline, "" if unreadable (a static buffer). */
const char *read_line(const char *path);
/** Our xenstored in dom0 serving its kernel and clients (dom0test_xenstore=1). */
void check_xenstore(void);

#endif
