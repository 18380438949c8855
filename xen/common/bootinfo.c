/* SPDX-License-Identifier: GPL-2.0-only */
/* Loader-neutral helpers for boot information (see xen/bootinfo.h). */
#include <xen/bootinfo.h>
#include <xen/string.h>

const char *bootinfo_strip_image_name(const char *s, const char *loader)
{
    if ( s == NULL )
        return "";
    while ( *s == ' ' )
        s++;
    /* GRUB 2 passes only the arguments; QEMU and GRUB legacy lead with the image. */
    if ( loader && !strncmp(loader, "GRUB 2", 6) )
        return s;
    while ( *s != ' ' && *s != '\0' )
        s++;
    while ( *s == ' ' )
        s++;
    return s;
}

const char *bootinfo_memtype_name(uint32_t type)
{
    switch ( type )
    {
    case E820_RAM:
        return "usable";
    case E820_RESERVED:
        return "reserved";
    case E820_ACPI:
        return "ACPI data";
    case E820_NVS:
        return "ACPI NVS";
    case E820_UNUSABLE:
        return "unusable";
    }
    return "UNKNOWN";
}

const char *bootinfo_keep_string(struct boot_info *bi, const char *s)
{
    size_t room = sizeof(bi->strings) - bi->strings_used;
    char *dst = bi->strings + bi->strings_used;
    size_t len;

    if ( s == NULL || room == 0 )
        return "";
    len = strlcpy(dst, s, room);
    if ( len >= room )
    {
        bi->dropped++;
        len = room - 1;
    }
    bi->strings_used += len + 1;
    return dst;
}
