/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Compiler glue for the hypervisor: attributes and helper macros. Force-included
 * into every hypervisor translation unit (and into host unit tests of them).
 */
#ifndef XEN_COMPILER_H
#define XEN_COMPILER_H

#if defined(__XEN__) && !defined(__ASSEMBLY__)
/*
 * The hypervisor is linked statically at a high address and compiled -fpic so
 * that every reference is RIP-relative; hidden visibility keeps the compiler from
 * going through a GOT for symbols it would otherwise think could be preempted.
 */
#pragma GCC visibility push(hidden)
#endif

#ifndef __ASSEMBLY__

#include <stdint.h> /* the public ABI headers expect the fixed-width types */

#define __noreturn     __attribute__((__noreturn__))
#define __packed       __attribute__((__packed__))
#define __aligned(a)   __attribute__((__aligned__(a)))
#define __section(s)   __attribute__((__section__(s)))
#define __used         __attribute__((__used__))
#define __maybe_unused __attribute__((__unused__))
#define __printf(f, a) __attribute__((__format__(__printf__, f, a)))
#define __must_check   __attribute__((__warn_unused_result__))

#define likely(x)   __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/** Number of elements of a true array (not a pointer). */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/** Compile-time assertion usable in statement context. */
#define BUILD_BUG_ON(cond) _Static_assert(!(cond), #cond)

#define barrier() __asm__ __volatile__("" ::: "memory")

#endif /* !__ASSEMBLY__ */

#endif /* XEN_COMPILER_H */
