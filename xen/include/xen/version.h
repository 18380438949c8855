/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Build identity of the hypervisor. The values come from the generated header
 * <generated/version.h> (made by the build from configure.ac): XEN_VERSION,
 * XEN_SUBVERSION, XEN_EXTRAVERSION, XEN_COMPILE_BY, XEN_COMPILE_DOMAIN,
 * XEN_COMPILER and XEN_COMPILE_DATE.
 */
#ifndef XEN_VERSION_H
#define XEN_VERSION_H

#include <generated/version.h>

#endif /* XEN_VERSION_H */
