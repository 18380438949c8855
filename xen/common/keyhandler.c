/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Debug keys: a table of handlers indexed by key, the generic keys, and the
 * queue between the console's input poll and the keypress softirq.
 */
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

static struct {
    keyhandler_fn_t fn;
    const char *desc;
} keys[256];

void register_keyhandler(unsigned char key, keyhandler_fn_t fn, const char *desc)
{
    keys[key].fn = fn;
    keys[key].desc = desc;
}

void handle_keypress(unsigned char key)
{
    if ( keys[key].fn == NULL )
    {
        printk("'%c' pressed -> no handler (press 'h' for the list)\n", key > 31 ? key : '?');
        return;
    }
    printk("'%c' pressed -> %s\n", key, keys[key].desc);
    keys[key].fn(key);
}

static void show_help(unsigned char key)
{
    (void)key;
    for ( unsigned int k = 0; k < 256; k++ )
        if ( keys[k].fn )
            printk(" key '%c' (ascii '%02x') => %s\n", k, k, keys[k].desc);
}

static void dump_memory(unsigned char key)
{
    (void)key;
    printk("Physical memory: %lu pages in the frame table\n", max_page);
    printk("Heap free: %lu pages (%lukB)\n", total_free_pages(), total_free_pages() * 4);
    for ( unsigned int o = 0; o <= MAX_ORDER; o++ )
        if ( free_blocks_of_order(o) )
            printk("  order %2u: %lu free blocks\n", o, free_blocks_of_order(o));
    printk("xmalloc: %zu bytes in use\n", xmalloc_bytes_in_use());
}

static void dump_timer_queues(unsigned char key)
{
    (void)key;
    dump_timers();
}

/* Keys typed but not yet handled; filled by the input poll, drained by the softirq. */
static DEFINE_SPINLOCK(key_lock);
static unsigned char key_queue[64];
static unsigned int key_head, key_tail;

void keyhandler_queue(unsigned char key)
{
    unsigned long flags = spin_lock_irqsave(&key_lock);

    if ( key_tail - key_head < sizeof(key_queue) )
        key_queue[key_tail++ % sizeof(key_queue)] = key;
    spin_unlock_irqrestore(&key_lock, flags);
    raise_softirq(KEYPRESS_SOFTIRQ);
}

static void keypress_softirq(void)
{
    for ( ;; )
    {
        unsigned long flags = spin_lock_irqsave(&key_lock);
        int key = key_head == key_tail ? -1 : key_queue[key_head++ % sizeof(key_queue)];

        spin_unlock_irqrestore(&key_lock, flags);
        if ( key < 0 )
            return;
        handle_keypress((unsigned char)key);
    }
}

void keyhandler_init(void)
{
    register_keyhandler('h', show_help, "show this message");
    register_keyhandler('m', dump_memory, "memory info");
    register_keyhandler('a', dump_timer_queues, "dump timer queues");
    open_softirq(KEYPRESS_SOFTIRQ, keypress_softirq);
}
