/* SPDX-License-Identifier: GPL-2.0-only */
/* Loader-neutral helpers for boot information (see xen/bootinfo.h). */
#include <xen/bootinfo.h>
#include <xen/errno.h>
#include <xen/lib.h>
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

bool bootinfo_first_word_is(const char *cmdline, const char *word)
{
    size_t n = strlen(word);

    while ( *cmdline == ' ' )
        cmdline++;
    return !strncmp(cmdline, word, n) && (cmdline[n] == ' ' || cmdline[n] == '\0');
}

/* "SIZE[KMG]" (MiB if no suffix) of at most BOOT_DOMU_MAX_MEM; len: the token's length. */
static int parse_mem(const char *s, size_t len, unsigned long long *out)
{
    const char *end;
    unsigned long long v = simple_strtoull(s, &end, 10);
    unsigned int shift = 20;

    if ( end == s || *s < '0' || *s > '9' )
        return -EINVAL;
    if ( end - s > 16 )
        return -ERANGE; /* more digits than any size in range: do not trust v */
    if ( (size_t)(end - s) + 1 == len )
    {
        switch ( *end )
        {
        case 'G':
        case 'g':
            shift = 30;
            break;
        case 'M':
        case 'm':
            shift = 20;
            break;
        case 'K':
        case 'k':
            shift = 10;
            break;
        default:
            return -EINVAL;
        }
    }
    else if ( (size_t)(end - s) != len )
        return -EINVAL;
    if ( v > (BOOT_DOMU_MAX_MEM >> shift) )
        return -ERANGE;
    *out = v << shift;
    return 0;
}

int bootinfo_parse_domu(const char *cmdline, struct boot_domu *out, const char **why)
{
    const char *s = cmdline;

    out->mem = BOOT_DOMU_DEFAULT_MEM;
    out->vcpus = 1;
    out->weight = 0;
    out->cap = 0;
    out->args = "";
    while ( *s == ' ' )
        s++;
    if ( !bootinfo_first_word_is(s, BOOT_DOMU_MARKER) )
    {
        *why = "command line does not start with \"" BOOT_DOMU_MARKER "\"";
        return -EINVAL;
    }
    s += strlen(BOOT_DOMU_MARKER);
    for ( ;; )
    {
        size_t len;

        while ( *s == ' ' )
            s++;
        if ( *s == '\0' )
            break;
        for ( len = 0; s[len] != ' ' && s[len] != '\0'; len++ )
            ;
        if ( len == 2 && !strncmp(s, "--", 2) )
        {
            s += 2;
            while ( *s == ' ' )
                s++;
            out->args = s;
            break;
        }
        if ( len > 4 && !strncmp(s, "mem=", 4) )
        {
            unsigned long long mem;
            int rc = parse_mem(s + 4, len - 4, &mem);

            if ( rc || mem < BOOT_DOMU_MIN_MEM )
            {
                *why = rc == -ERANGE || rc == 0 ? "mem=: out of range (4M to 1024G)"
                                                : "mem=: not a size (e.g. 64M, 1G)";
                return -EINVAL;
            }
            out->mem = mem;
        }
        else if ( len > 6 && !strncmp(s, "vcpus=", 6) )
        {
            const char *end;
            unsigned long long n = simple_strtoull(s + 6, &end, 10);

            if ( end != s + len || len > 8 || s[6] < '0' || s[6] > '9' || n < 1 ||
                 n > BOOT_DOMU_MAX_VCPUS )
            {
                *why = "vcpus=: not a number from 1 to 32";
                return -EINVAL;
            }
            out->vcpus = (unsigned int)n;
        }
        else if ( (len > 7 && !strncmp(s, "weight=", 7)) || (len > 4 && !strncmp(s, "cap=", 4)) )
        {
            bool weight = s[0] == 'w';
            const char *v = s + (weight ? 7 : 4), *end;
            unsigned long long n = simple_strtoull(v, &end, 10);

            if ( end != s + len || end - v > 5 || *v < '0' || *v > '9' ||
                 (weight ? n < 1 || n > 65535 : n > BOOT_DOMU_MAX_VCPUS * 100) )
            {
                *why = weight ? "weight=: not a number from 1 to 65535"
                              : "cap=: not a percentage of one CPU from 0 to 3200";
                return -EINVAL;
            }
            if ( weight )
                out->weight = (unsigned int)n;
            else
                out->cap = (unsigned int)n;
        }
        else
        {
            *why = "unknown option (mem=, vcpus=, weight=, cap=, then -- and the kernel's "
                   "arguments)";
            return -EINVAL;
        }
        s += len;
    }
    return 0;
}
