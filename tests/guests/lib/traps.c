/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The guest's virtual IDT: every exception goes to guest_trap(), which resumes
 * a probe that faulted (see guest_extable in guest.h) and fails the test for
 * any other exception.
 */
#include "guest.h"

struct extable_entry {
    uint64_t fault;
    uint64_t resume;
};
extern const struct extable_entry __start_guest_extable[], __stop_guest_extable[];

struct fault_info last_fault;

#define TRAP_ENTRY(vec) void trap_entry_##vec(void)
TRAP_ENTRY(0);
TRAP_ENTRY(1);
TRAP_ENTRY(3);
TRAP_ENTRY(4);
TRAP_ENTRY(5);
TRAP_ENTRY(6);
TRAP_ENTRY(7);
TRAP_ENTRY(8);
TRAP_ENTRY(10);
TRAP_ENTRY(11);
TRAP_ENTRY(12);
TRAP_ENTRY(13);
TRAP_ENTRY(14);
TRAP_ENTRY(16);
TRAP_ENTRY(17);
TRAP_ENTRY(18);
TRAP_ENTRY(19);

/* flags: bits 0-1 DPL (3 lets `int3` from the guest kernel reach #BP). */
#define TRAP(vec, dpl)                                         \
    {                                                          \
        .vector = (vec), .flags = (dpl), .cs = FLAT_KERNEL_CS, \
        .address = (uint64_t)trap_entry_##vec                  \
    }

static const struct trap_info trap_table[] = {
    TRAP(0, 0),  TRAP(1, 0),  TRAP(3, 3),  TRAP(4, 3),  TRAP(5, 0),  TRAP(6, 0),
    TRAP(7, 0),  TRAP(8, 0),  TRAP(10, 0), TRAP(11, 0), TRAP(12, 0), TRAP(13, 0),
    TRAP(14, 0), TRAP(16, 0), TRAP(17, 0), TRAP(18, 0), TRAP(19, 0), {0},
};

long traps_install(void)
{
    return hypervisor_set_trap_table(trap_table);
}

volatile unsigned int events_upcalls, events_last_port;

/*
 * An event upcall: acknowledge the vCPU's pending flag, then take every
 * pending, unmasked port off the 2-level bitmaps (selector word first).
 */
static void guest_event(void)
{
    struct vcpu_info *vi = &shared_info->vcpu_info[0];
    unsigned long sel;

    events_upcalls++;
    vi->evtchn_upcall_pending = 0;
    sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while ( sel )
    {
        unsigned int word = __builtin_ctzl(sel);
        unsigned long bits = shared_info->evtchn_pending[word] & ~shared_info->evtchn_mask[word];

        sel &= sel - 1;
        while ( bits )
        {
            unsigned int bit = __builtin_ctzl(bits);

            bits &= bits - 1;
            __atomic_fetch_and(&shared_info->evtchn_pending[word], ~(1UL << bit), __ATOMIC_SEQ_CST);
            events_last_port = word * 64 + bit;
        }
    }
}

void guest_trap(struct guest_frame *f);
void guest_trap(struct guest_frame *f)
{
    const struct extable_entry *e;

    if ( f->vector == GUEST_EVENT_VECTOR )
    {
        guest_event();
        return;
    }

    last_fault.vector = f->vector;
    last_fault.error_code = f->error_code;
    last_fault.rip = f->rip;
    last_fault.cr2 =
        f->vector == X86_EXC_PF && shared_info ? shared_info->vcpu_info[0].arch.cr2 : 0;
    for ( e = __start_guest_extable; e < __stop_guest_extable; e++ )
    {
        /* Faults report the instruction, traps (#BP, #OF) the one after it. */
        if ( e->fault == f->rip || e->resume == f->rip )
        {
            f->rip = e->resume;
            f->rax = f->vector;
            return;
        }
    }
    test_abort("unexpected exception %lu (error code %#lx) at rip %#lx, cr2 %#lx",
               (unsigned long)f->vector, (unsigned long)f->error_code, (unsigned long)f->rip,
               (unsigned long)last_fault.cr2);
}
