/* SPDX-License-Identifier: GPL-2.0-only */
/* Debug keys on the serial console, as Xen's keyhandler: 'h' lists them. */
#ifndef XEN_KEYHANDLER_H
#define XEN_KEYHANDLER_H

typedef void (*keyhandler_fn_t)(unsigned char key);

/** Bind key to fn with a one-line description (shown by 'h'). */
void register_keyhandler(unsigned char key, keyhandler_fn_t fn, const char *desc);

/** A key arrived on the console: run its handler (from the keypress softirq). */
void handle_keypress(unsigned char key);

/** Queue a key typed on the console; handled later by the keypress softirq. */
void keyhandler_queue(unsigned char key);

/** Register the generic keys ('h', 'm', 'a', ...). */
void keyhandler_init(void);

#endif /* XEN_KEYHANDLER_H */
