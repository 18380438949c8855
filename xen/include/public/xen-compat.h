/* SPDX-License-Identifier: MIT */
/*
 * Interface level of the public ABI headers, and the compile-time layout checks
 * every other public header uses. Included first by all of them.
 */
#ifndef XEN_PUBLIC_XEN_COMPAT_H
#define XEN_PUBLIC_XEN_COMPAT_H

/*
 * The newest interface these headers describe: the Xen 4.0 level (grant table
 * v2 is its newest addition). The hypervisor and the tools always build against
 * it; a guest may ask for an older level by defining __XEN_INTERFACE_VERSION__
 * before including any public header, and gets the legacy level (0) otherwise.
 */
#define __XEN_LATEST_INTERFACE_VERSION__ 0x0003020a

#if defined(__XEN__) || defined(__XEN_TOOLS__)
#define __XEN_INTERFACE_VERSION__ __XEN_LATEST_INTERFACE_VERSION__
#elif !defined(__XEN_INTERFACE_VERSION__)
#define __XEN_INTERFACE_VERSION__ 0x00000000
#endif

#if __XEN_INTERFACE_VERSION__ > __XEN_LATEST_INTERFACE_VERSION__
#error "public Xen headers: requested __XEN_INTERFACE_VERSION__ is newer than these headers"
#endif

/*
 * XEN_ABI_SIZE(type, bytes) and XEN_ABI_OFFSET(type, field, bytes) pin a
 * structure's layout where it is declared. They check under C11 and C++11 with
 * a GNU-compatible compiler, and reduce to a harmless declaration elsewhere so
 * that the headers stay valid C89.
 */
#if defined(__GNUC__) && defined(__cplusplus) && __cplusplus >= 201103L
#define XEN_ABI_ASSERT(cond, what) static_assert(cond, what)
#elif defined(__GNUC__) && !defined(__cplusplus) && defined(__STDC_VERSION__) && \
    __STDC_VERSION__ >= 201112L
#define XEN_ABI_ASSERT(cond, what) _Static_assert(cond, what)
#else
#define XEN_ABI_ASSERT(cond, what) struct xen_abi_assert_unchecked
#endif
#define XEN_ABI_SIZE(type, bytes) XEN_ABI_ASSERT(sizeof(type) == (bytes), "ABI size of " #type)
#define XEN_ABI_OFFSET(type, field, bytes) \
    XEN_ABI_ASSERT(__builtin_offsetof(type, field) == (bytes), "ABI offset of " #type "." #field)

#endif /* XEN_PUBLIC_XEN_COMPAT_H */
