/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unit tests of libvhd's encoding: footer/header round trips and checksums, CHS geometry
 * against the specification's table, timestamps, locator encodings, and rejection of
 * damaged metadata in memory.
 */
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "vhd.h"

static void test_footer(void)
{
    struct vhd_footer f, g;
    uint8_t buf[512];
    const char *why = NULL;

    memset(&f, 0, sizeof(f));
    memset(&g, 0, sizeof(g));
    memcpy(f.cookie, "conectix", 8);
    f.features = 2;
    f.version = 0x00010000;
    f.data_offset = 512;
    f.curr_size = f.orig_size = 10 << 20;
    f.type = VHD_TYPE_DYNAMIC;
    f.hidden = 1;
    f.checksum = vhd_footer_checksum(&f);
    vhd_footer_pack(&f, buf);
    ok(!memcmp(buf, "conectix", 8) && vhd_be32(buf + 60) == 3 && buf[85] == 1,
       "footer fields land at the specification's offsets");
    {
        uint8_t z[512];

        memcpy(z, buf, sizeof(z));
        memset(z + 64, 0, 4);
        ok(vhd_be32(buf + 64) == vhd_checksum_bytes(z, sizeof(z)),
           "stored checksum covers the footer without its own field");
    }
    vhd_footer_unpack(&g, buf);
    ok(!memcmp(&f, &g, sizeof(f)), "footer round trip");
    ok(vhd_footer_validate(&g, &why) == 0, "valid footer accepted");
    g.curr_size = 3ull << 40;
    g.checksum = vhd_footer_checksum(&g);
    why = "";
    int rc = vhd_footer_validate(&g, &why);
    ok(rc < 0 && strstr(why, "2 TiB"), "size past 2 TiB: %s", why);
    buf[70] ^= 1;
    vhd_footer_unpack(&g, buf);
    rc = vhd_footer_validate(&g, &why);
    ok(rc < 0 && strstr(why, "checksum"), "bit flip: %s", why);
    memcpy(buf, "conectiy", 8);
    vhd_footer_unpack(&g, buf);
    rc = vhd_footer_validate(&g, &why);
    ok(rc < 0 && strstr(why, "cookie"), "bad cookie: %s", why);
}

static void test_checksum_known(void)
{
    /* A footer's checksum is the one's complement of the sum of its other bytes. */
    uint8_t b[4] = {1, 2, 3, 250};

    ok(vhd_checksum_bytes(b, 4) == (uint32_t)~256u, "one's complement of the byte sum");
}

static void test_geometry(void)
{
    static const struct {
        uint64_t mb;
        uint16_t c;
        uint8_t h, s;
    } t[] = {
        /* the specification's algorithm worked by hand for these sizes */
        {10, 301, 4, 17},
        {100, 1003, 12, 17},
        {1024, 2080, 16, 63},
        {65536, 32896, 16, 255},
    };

    for ( size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++ )
    {
        uint16_t c;
        uint8_t h, s;

        vhd_geometry(t[i].mb << 20, &c, &h, &s);
        ok(c == t[i].c && h == t[i].h && s == t[i].s, "geometry of %llu MB: %u/%u/%u",
           (unsigned long long)t[i].mb, c, h, s);
    }
}

static void test_header(void)
{
    struct vhd_header h, g;
    uint8_t buf[1024];
    const char *why = NULL;

    memset(&h, 0, sizeof(h));
    memset(&g, 0, sizeof(g));

    memcpy(h.cookie, "cxsparse", 8);
    h.data_offset = UINT64_MAX;
    h.table_offset = 1536;
    h.version = 0x00010000;
    h.max_bat_size = 5;
    h.block_size = 2 << 20;
    h.loc[0].code = VHD_PLAT_MACX;
    h.loc[0].data_offset = 4096;
    ok(vhd_parent_name_set(&h, "parent-\xc3\xa9.vhd") == 0, "parent name encodes");
    h.checksum = vhd_header_checksum(&h);
    vhd_header_pack(&h, buf);
    ok(buf[64] == 0 && buf[65] == 'p' && vhd_be32(buf + 576) == VHD_PLAT_MACX,
       "header name is UTF-16BE, locators at 576");
    vhd_header_unpack(&g, buf);
    ok(!memcmp(&h, &g, sizeof(h)) && vhd_header_validate(&g, &why) == 0, "header round trip");
    char *n = vhd_parent_name(&g);
    ok(n && !strcmp(n, "parent-\xc3\xa9.vhd"), "parent name decodes: %s", n ? n : "(null)");
    free(n);
    g.block_size = 3 << 20;
    g.checksum = vhd_header_checksum(&g);
    int rc = vhd_header_validate(&g, &why);
    ok(rc < 0 && strstr(why, "block size"), "odd block size: %s", why);
}

static void test_locators(void)
{
    uint8_t *d = NULL;
    size_t len = 0;
    char *s;

    ok(vhd_locator_encode(VHD_PLAT_W2KU, "/a/b.vhd", &d, &len) == 0 && len == 16 && d[0] == '/' &&
           d[1] == 0,
       "W2ku is UTF-16LE");
    s = d ? vhd_locator_decode(VHD_PLAT_W2KU, d, len) : NULL;
    ok(s && !strcmp(s, "/a/b.vhd"), "W2ku decodes");
    free(s);
    free(d);
    ok(vhd_locator_encode(VHD_PLAT_MACX, "./p.vhd", &d, &len) == 0 &&
           !memcmp(d, "file://./p.vhd", len),
       "MacX is a file URL");
    s = vhd_locator_decode(VHD_PLAT_MACX, d, len);
    ok(s && !strcmp(s, "./p.vhd"), "MacX decodes");
    free(s);
    free(d);
    uint8_t bad[4] = {0x00, 0xdc, 'a', 0};
    ok(vhd_locator_decode(VHD_PLAT_W2RU, bad, 4) == NULL, "lone low surrogate rejected");
}

static void test_parse_garbage(void)
{
    uint8_t buf[4096] = {0};

    ok(vhd_parse_buffer(buf, 100) < 0 && strstr(vhd_error(), "too small"), "short file: %s",
       vhd_error());
    ok(vhd_parse_buffer(buf, sizeof(buf)) < 0 && strstr(vhd_error(), "footer"), "zero file: %s",
       vhd_error());
}

int main(void)
{
    test_footer();
    test_checksum_known();
    test_geometry();
    test_header();
    test_locators();
    test_parse_garbage();
    return tap_done();
}
