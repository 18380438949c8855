/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xen/common/xmalloc.c on the real page allocator over fake memory: every size
 * class and large sizes, alignment, no overlap, pages returned when slabs
 * empty, out-of-memory as NULL, overflow-safe arrays, and double free caught.
 */
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake/fake.h"
#include "tap.h"

#include "fake/rename.h"
#include <xen/mm.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

#define NR_FRAMES 8192UL

int main(void)
{
    static void *ptrs[4000];
    static size_t sizes[4000];
    unsigned long free0;
    bool aligned = true, intact = true;

    fake_ram_setup(NR_FRAMES);
    init_heap_pages(mfn_to_page(_mfn(16)), NR_FRAMES - 16);
    free0 = total_free_pages();

    ok(xmalloc_bytes(0) == NULL, "size 0 gives NULL");
    srand(7);
    for ( int i = 0; i < 4000; i++ )
    {
        sizes[i] = (i % 10 == 9) ? (size_t)(rand() % 20000 + 1) : (size_t)(rand() % 2100 + 1);
        ptrs[i] = xmalloc_bytes(sizes[i]);
        if ( ptrs[i] == NULL )
            break;
        aligned = aligned && ((uintptr_t)ptrs[i] % 16 == 0);
        memset(ptrs[i], i & 0xff, sizes[i]);
    }
    ok(ptrs[3999] != NULL, "4000 mixed allocations succeed");
    ok(aligned, "all 16-byte aligned");
    for ( int i = 0; i < 4000 && ptrs[i]; i++ )
        for ( size_t k = 0; k < sizes[i] && intact; k++ )
            intact = ((unsigned char *)ptrs[i])[k] == (i & 0xff);
    ok(intact, "no allocation overlaps another (contents intact)");
    ok(xmalloc_bytes_in_use() > 0, "bytes in use counted (%zu)", xmalloc_bytes_in_use());

    for ( int i = 0; i < 4000; i += 2 )
        xfree(ptrs[i]);
    for ( int i = 1; i < 4000; i += 2 )
        xfree(ptrs[i]);
    ok(xmalloc_bytes_in_use() == 0, "all freed: nothing in use");
    ok(total_free_pages() >= free0 - 8,
       "slab pages given back (%lu of %lu free; <= 1 kept per class)", total_free_pages(), free0);

    {
        int *z = xzalloc_array(int, 100);
        bool zero = z != NULL;

        for ( int i = 0; zero && i < 100; i++ )
            zero = z[i] == 0;
        ok(zero, "xzalloc_array gives zeroed memory");
        xfree(z);
    }
    ok(xzalloc_array(uint64_t, ((size_t)-1) / 4) == NULL, "array size overflow gives NULL");
    ok(xmalloc_bytes((size_t)1 << 40) == NULL, "larger than the heap gives NULL");
    xfree(NULL);
    ok(1, "xfree(NULL) is harmless");

    {
        void *p = xmalloc_bytes(40);

        xfree(p);
        fake_shutdown_armed = true;
        if ( setjmp(fake_shutdown_jmp) == 0 )
        {
            xfree(p);
            ok(0, "double free not caught");
        }
        else
            ok(fake_shutdown_reason == 3, "double free panics");
    }
    return tap_done();
}
