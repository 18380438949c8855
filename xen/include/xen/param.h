/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Hypervisor command-line parameters: each file declares the options it owns
 * with one of the *_param() macros; cmdline_parse() applies a command line.
 */
#ifndef XEN_PARAM_H
#define XEN_PARAM_H

#include <xen/compiler.h>
#include <xen/types.h>

/** How the value of a parameter is stored. */
enum param_type {
    PARAM_BOOL,   /**< bool variable; "name", "no-name",
                     "name=on|off|1|0|yes|no|true|false|enable|disable" */
    PARAM_UINT,   /**< unsigned integer variable of len bytes (1, 2, 4 or 8); any base */
    PARAM_SIZE,   /**< unsigned integer of len bytes, with optional K/M/G/T suffix (bytes) */
    PARAM_STRING, /**< char array of len bytes, always NUL-terminated; too long is an error */
    PARAM_CUSTOM, /**< handler called with the value ("" when none); returns 0 or -errno */
};

/**
 * One command-line parameter. The *_param() macros put them in the xen_params
 * section; the linker script (or, in host tests, the host linker) provides
 * __start_xen_params and __stop_xen_params around it.
 */
struct kernel_param {
    const char *name;
    enum param_type type;
    unsigned int len;
    union {
        void *var;
        int (*func)(const char *val);
    } par;
};

#define __param_entry(_name, _type, _len, _field, _ptr, _id)                                 \
    static const struct kernel_param __param_##_id __used __section("xen_params") __aligned( \
        sizeof(void *)) = {.name = (_name), .type = (_type), .len = (_len), .par._field = (_ptr)}

/** Declare "name" as a boolean option stored in bool variable v. */
#define boolean_param(name, v) __param_entry(name, PARAM_BOOL, sizeof(v), var, &(v), v)
/** Declare "name=<n>" stored in the unsigned integer variable v. */
#define integer_param(name, v) __param_entry(name, PARAM_UINT, sizeof(v), var, &(v), v)
/** Declare "name=<size>[KMGT]" stored in the unsigned integer variable v. */
#define size_param(name, v) __param_entry(name, PARAM_SIZE, sizeof(v), var, &(v), v)
/** Declare "name=<text>" copied into the char array v. */
#define string_param(name, v) __param_entry(name, PARAM_STRING, sizeof(v), var, (v), v)
/** Declare "name[=<value>]" handled by int fn(const char *). */
#define custom_param(name, fn) __param_entry(name, PARAM_CUSTOM, 0, func, (fn), fn)

/**
 * Parse a command line against the parameters in [start, end): tokens are
 * separated by spaces, each "name" or "name=value" (a "no-" prefix negates a
 * boolean); parsing stops at a "--" token. Unknown names and bad values are
 * reported with printk and skipped. Returns the number of tokens rejected.
 */
unsigned int cmdline_parse(const char *cmdline, const struct kernel_param *start,
                           const struct kernel_param *end);

/**
 * Interpret a boolean value: returns 1 for 1/yes/on/true/enable, 0 for
 * 0/no/off/false/disable, -1 for anything else. s ends at NUL or at e (if not NULL).
 */
int parse_bool(const char *s, const char *e);

#endif /* XEN_PARAM_H */
