/* SPDX-License-Identifier: GPL-2.0-only */
/* Address-to-function lookup over the generated symbol table (see xen/symbols.h). */
#include <xen/lib.h>
#include <xen/symbols.h>

const char *symbols_lookup(unsigned long addr, unsigned long *offset, unsigned long *size)
{
    unsigned int lo = 0, hi = symbols_count;

    if ( hi == 0 || addr < symbols_addresses[0] || addr >= symbols_text_end )
        return NULL;
    /* Last symbol at or below addr. */
    while ( hi - lo > 1 )
    {
        unsigned int mid = lo + (hi - lo) / 2;

        if ( symbols_addresses[mid] <= addr )
            lo = mid;
        else
            hi = mid;
    }
    if ( offset )
        *offset = addr - symbols_addresses[lo];
    if ( size )
        *size = (lo + 1 < symbols_count ? symbols_addresses[lo + 1] : symbols_text_end) -
                symbols_addresses[lo];
    return &symbols_names[symbols_name_offsets[lo]];
}

void print_symbol_line(const char *prefix, unsigned long addr)
{
    unsigned long off, size;
    const char *name = symbols_lookup(addr, &off, &size);

    if ( name )
        printk("%s[<%016lx>] %s+%#lx/%#lx\n", prefix, addr, name, off, size);
    else
        printk("%s[<%016lx>]\n", prefix, addr);
}
