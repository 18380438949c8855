/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * libFuzzer harness for libvhd's parser: the input is a whole image file (footer, header,
 * BAT, batmap, bitmaps, locators); it is opened, validated and read like a real disk.
 */
#include <stddef.h>
#include <stdint.h>

#include "vhd.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if ( size > (8u << 20) )
        return 0;
    vhd_parse_buffer(data, size);
    return 0;
}
