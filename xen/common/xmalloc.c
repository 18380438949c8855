/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xmalloc: small objects in per-size-class slabs (one heap page each, header at
 * the start of the page), large ones in whole heap pages with the same header.
 * Every allocation's page holds its header, so xfree() needs no size.
 *
 * Locking: xmalloc_lock protects the slab lists and counters; a leaf lock taken
 * with interrupts off.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>
#include <xen/string.h>
#include <xen/xmalloc.h>

#define SLAB_MAGIC  0x51ab51abu
#define LARGE_MAGIC 0x1a46e000u
#define FREE_CANARY 0xdeadf4eef4eedeadULL

/* Header at the start of every xmalloc page (32 bytes, keeps objects 16-aligned). */
struct slab {
    uint32_t magic;
    uint16_t cls;             /* slab: size class index; large: order */
    uint16_t nfree;           /* slab: free objects */
    void *free_list;          /* slab: first free object */
    struct slab *next, *prev; /* slab: on its class's partial list */
};

/* A free object: link and a canary that exposes double frees. */
struct free_obj {
    struct free_obj *next;
    uint64_t canary;
};

static const uint16_t class_size[] = {16, 32, 64, 128, 256, 512, 1024, 2016};
#define NR_CLASSES ARRAY_SIZE(class_size)

static DEFINE_SPINLOCK(xmalloc_lock);
static struct slab *partial[NR_CLASSES]; /* slabs with at least one free object */
static size_t bytes_in_use;

static unsigned int objs_per_slab(unsigned int cls)
{
    return (PAGE_SIZE - sizeof(struct slab)) / class_size[cls];
}

static void partial_add(struct slab *s)
{
    s->prev = NULL;
    s->next = partial[s->cls];
    if ( s->next )
        s->next->prev = s;
    partial[s->cls] = s;
}

static void partial_del(struct slab *s)
{
    if ( s->prev )
        s->prev->next = s->next;
    else
        partial[s->cls] = s->next;
    if ( s->next )
        s->next->prev = s->prev;
    s->next = s->prev = NULL;
}

static struct slab *slab_new(unsigned int cls)
{
    struct slab *s = alloc_xenheap_pages(0);
    uint8_t *obj;

    if ( s == NULL )
        return NULL;
    s->magic = SLAB_MAGIC;
    s->cls = cls;
    s->nfree = objs_per_slab(cls);
    s->free_list = NULL;
    obj = (uint8_t *)(s + 1);
    for ( unsigned int i = 0; i < s->nfree; i++ )
    {
        struct free_obj *f =
            (struct free_obj *)(obj + (size_t)(s->nfree - 1 - i) * class_size[cls]);

        f->next = s->free_list;
        f->canary = FREE_CANARY;
        s->free_list = f;
    }
    return s;
}

static void *large_alloc(size_t size)
{
    unsigned int order;
    struct slab *h;

    if ( size > (PAGE_SIZE << MAX_ORDER) - sizeof(struct slab) )
        return NULL;
    order = get_order_from_bytes(size + sizeof(struct slab));
    h = alloc_xenheap_pages(order);
    if ( h == NULL )
        return NULL;
    memset(h, 0, sizeof(*h));
    h->magic = LARGE_MAGIC;
    h->cls = order;
    bytes_in_use += PAGE_SIZE << order;
    return h + 1;
}

void *xmalloc_bytes(size_t size)
{
    unsigned long flags;
    unsigned int cls;
    struct slab *s;
    struct free_obj *f = NULL;

    if ( size == 0 )
        return NULL;
    for ( cls = 0; cls < NR_CLASSES && class_size[cls] < size; cls++ )
        ;

    flags = spin_lock_irqsave(&xmalloc_lock);
    if ( cls == NR_CLASSES )
    {
        void *p = large_alloc(size);

        spin_unlock_irqrestore(&xmalloc_lock, flags);
        return p;
    }
    s = partial[cls];
    if ( s == NULL && (s = slab_new(cls)) != NULL )
        partial_add(s);
    if ( s != NULL )
    {
        f = s->free_list;
        s->free_list = f->next;
        f->canary = 0;
        if ( --s->nfree == 0 )
            partial_del(s);
        bytes_in_use += class_size[cls];
    }
    spin_unlock_irqrestore(&xmalloc_lock, flags);
    return f;
}

void *xzalloc_bytes(size_t size)
{
    void *p = xmalloc_bytes(size);

    if ( p )
        memset(p, 0, size);
    return p;
}

void *xzalloc_array_bytes(size_t n, size_t size)
{
    if ( size && n > ((size_t)-1) / size )
        return NULL;
    return xzalloc_bytes(n * size);
}

void xfree(void *p)
{
    struct slab *s;
    struct free_obj *f = p;
    unsigned long flags;

    if ( p == NULL )
        return;
    s = (struct slab *)((uintptr_t)p & PAGE_MASK);

    flags = spin_lock_irqsave(&xmalloc_lock);
    if ( s->magic == LARGE_MAGIC && p == (void *)(s + 1) )
    {
        unsigned int order = s->cls;

        s->magic = 0;
        bytes_in_use -= PAGE_SIZE << order;
        spin_unlock_irqrestore(&xmalloc_lock, flags);
        free_xenheap_pages(s, order);
        return;
    }
    if ( s->magic != SLAB_MAGIC || s->cls >= NR_CLASSES ||
         ((uintptr_t)p - (uintptr_t)(s + 1)) % class_size[s->cls] != 0 )
        panic("xfree(%p): not an xmalloc pointer\n", p);
    if ( f->canary == FREE_CANARY )
        panic("xfree(%p): double free\n", p);

    f->canary = FREE_CANARY;
    f->next = s->free_list;
    s->free_list = f;
    bytes_in_use -= class_size[s->cls];
    if ( ++s->nfree == 1 )
        partial_add(s);
    else if ( s->nfree == objs_per_slab(s->cls) && (s->prev || s->next) )
    {
        /* Empty and not the only partial slab of its class: give the page back. */
        partial_del(s);
        s->magic = 0;
        spin_unlock_irqrestore(&xmalloc_lock, flags);
        free_xenheap_pages(s, 0);
        return;
    }
    spin_unlock_irqrestore(&xmalloc_lock, flags);
}

size_t xmalloc_bytes_in_use(void)
{
    return bytes_in_use;
}
