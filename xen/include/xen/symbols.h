/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Symbol lookup for crash dumps. The build links the hypervisor twice: the
 * second link carries a table of the first link's text symbols (the text does
 * not move between the two, the table lives after it).
 */
#ifndef XEN_SYMBOLS_H
#define XEN_SYMBOLS_H

#include <xen/types.h>

/**
 * Name of the function containing addr, with the offset of addr in it and the
 * function's size; NULL when addr is in no known function.
 */
const char *symbols_lookup(unsigned long addr, unsigned long *offset, unsigned long *size);

/** printk "[<addr>] name+off/size" (or just the address) and a newline. */
void print_symbol_line(const char *prefix, unsigned long addr);

/* The table (generated; empty in the first link). Sorted by address. */
extern const unsigned long symbols_addresses[];
extern const unsigned int symbols_name_offsets[];
extern const char symbols_names[];
extern const unsigned int symbols_count;
extern const unsigned long symbols_text_end;

#endif /* XEN_SYMBOLS_H */
