/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The interactive menu, laid out for an 80x24 console: a box of entries, help text, a
 * countdown; 'e' edits an entry's lines, 'a' its kernel arguments; Enter boots.
 */
#include <config.h>

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "menu.h"

#define BOX_TOP       2
#define BOX_LINES     8 /* entries visible at once */
#define BOX_WIDTH     74
#define TEXT_TOP      (BOX_TOP + BOX_LINES + 3)
#define COUNTDOWN_ROW 20
#define KEY_ESC       27

/*
 * Edit @text (a malloc'd string, replaced on success) on row @row. Returns 1 if the user
 * accepted with Enter, 0 on Esc.
 */
static int edit_line(int row, char **text)
{
    size_t cap = BOOTCFG_MAX_VALUE, len = strlen(*text), cur = len, first = 0;
    size_t width = BOX_WIDTH - 4;
    char *b = malloc(cap + 1);
    int ch, accepted = 0;

    if ( !b )
        return 0;
    if ( len > cap )
        len = cur = cap;
    memcpy(b, *text, len);
    b[len] = '\0';
    curs_set(1);
    timeout(-1);
    for ( ;; )
    {
        if ( cur < first )
            first = cur;
        if ( cur >= first + width )
            first = cur - width + 1;
        move(row, 0);
        clrtoeol();
        mvprintw(row, 1, "> %.*s", (int)width, b + first);
        move(row, (int)(3 + cur - first));
        refresh();
        ch = getch();
        if ( ch == '\n' || ch == '\r' || ch == KEY_ENTER )
        {
            accepted = 1;
            break;
        }
        if ( ch == KEY_ESC )
            break;
        if ( (ch == KEY_BACKSPACE || ch == 127 || ch == 8) && cur > 0 )
        {
            memmove(b + cur - 1, b + cur, len - cur + 1);
            cur--;
            len--;
        }
        else if ( ch == KEY_DC && cur < len )
        {
            memmove(b + cur, b + cur + 1, len - cur);
            len--;
        }
        else if ( ch == KEY_LEFT && cur > 0 )
            cur--;
        else if ( ch == KEY_RIGHT && cur < len )
            cur++;
        else if ( ch == KEY_HOME || ch == 1 )
            cur = 0;
        else if ( ch == KEY_END || ch == 5 )
            cur = len;
        else if ( ch >= 0x20 && ch < 0x7f && len < cap )
        {
            memmove(b + cur + 1, b + cur, len - cur + 1);
            b[cur++] = (char)ch;
            len++;
        }
    }
    curs_set(0);
    if ( accepted )
    {
        free(*text);
        *text = b;
    }
    else
        free(b);
    return accepted;
}

static void draw_frame(void)
{
    int i;

    erase();
    mvprintw(1, 4, "pyGRUB  version 0.7 (Xen %s)", PACKAGE_VERSION);
    mvaddch(BOX_TOP, 1, ACS_ULCORNER);
    mvaddch(BOX_TOP, BOX_WIDTH, ACS_URCORNER);
    mvaddch(BOX_TOP + BOX_LINES + 1, 1, ACS_LLCORNER);
    mvaddch(BOX_TOP + BOX_LINES + 1, BOX_WIDTH, ACS_LRCORNER);
    mvhline(BOX_TOP, 2, ACS_HLINE, BOX_WIDTH - 2);
    mvhline(BOX_TOP + BOX_LINES + 1, 2, ACS_HLINE, BOX_WIDTH - 2);
    for ( i = 1; i <= BOX_LINES; i++ )
    {
        mvaddch(BOX_TOP + i, 1, ACS_VLINE);
        mvaddch(BOX_TOP + i, BOX_WIDTH, ACS_VLINE);
    }
}

static void draw_list(const char *const *lines, size_t n, size_t sel, size_t top)
{
    size_t i;

    for ( i = 0; i < BOX_LINES && top + i < n; i++ )
    {
        if ( top + i == sel )
            attron(A_REVERSE);
        mvprintw(BOX_TOP + 1 + (int)i, 2, "%-*.*s", BOX_WIDTH - 2, BOX_WIDTH - 2, lines[top + i]);
        if ( top + i == sel )
            attroff(A_REVERSE);
    }
}

/* Keep @sel visible in a window of BOX_LINES starting at *@top. */
static void scroll_to(size_t sel, size_t *top)
{
    if ( sel < *top )
        *top = sel;
    if ( sel >= *top + BOX_LINES )
        *top = sel - BOX_LINES + 1;
}

/* Split "PATH ARGS..." back into an item's kernel and args. */
static int set_kernel_line(struct boot_item *it, const char *line)
{
    size_t k;
    char *kernel, *args;

    line += strspn(line, " \t");
    k = strcspn(line, " \t");
    kernel = strndup(line, k);
    args = strdup(line + k + strspn(line + k, " \t"));
    if ( !kernel || !args || !k )
    {
        free(kernel);
        free(args);
        return -1;
    }
    free(it->kernel);
    free(it->args);
    it->kernel = kernel;
    it->args = args;
    return 0;
}

/* 'e': the entry's lines; returns 1 to boot it, 0 to go back to the menu. */
static int edit_entry(struct boot_item *it)
{
    size_t sel = 0, top = 0;
    char *lines[2] = {NULL, NULL};
    int ch, rc = 0;

    for ( ;; )
    {
        const char *show[2];

        free(lines[0]);
        free(lines[1]);
        lines[1] = NULL;
        if ( asprintf(&lines[0], "kernel %s %s", it->kernel ? it->kernel : "",
                      it->args ? it->args : "") < 0 ||
             asprintf(&lines[1], "initrd %s", it->initrd ? it->initrd : "") < 0 )
        {
            lines[0] = lines[1] = NULL;
            break;
        }
        show[0] = lines[0];
        show[1] = lines[1];
        draw_frame();
        draw_list(show, 2, sel, top);
        mvprintw(TEXT_TOP, 5, "Use the Up and Down keys to select which entry is highlighted.");
        mvprintw(TEXT_TOP + 1, 5, "Press 'b' to boot, 'e' to edit the selected command in the");
        mvprintw(TEXT_TOP + 2, 5, "boot sequence, or Escape to go back to the main menu.");
        refresh();
        timeout(-1);
        ch = getch();
        if ( ch == KEY_UP && sel > 0 )
            sel--;
        else if ( ch == KEY_DOWN && sel < 1 )
            sel++;
        else if ( ch == 'b' )
        {
            rc = 1;
            break;
        }
        else if ( ch == KEY_ESC )
            break;
        else if ( ch == 'e' || ch == '\n' || ch == '\r' || ch == KEY_ENTER )
        {
            char *text = strdup(sel == 0 ? lines[0] + 7 : lines[1] + 7);

            if ( text && edit_line(COUNTDOWN_ROW, &text) )
            {
                if ( sel == 0 )
                    set_kernel_line(it, text);
                else
                {
                    free(it->initrd);
                    it->initrd = *text ? strdup(text) : NULL;
                }
            }
            free(text);
        }
    }
    free(lines[0]);
    free(lines[1]);
    return rc;
}

int menu_run(struct boot_config *cfg, int sel)
{
    const char **titles = calloc(cfg->nentries ? cfg->nentries : 1, sizeof(*titles));
    int remaining = cfg->timeout, result = -1, ch;
    size_t i, top = 0, cur = (size_t)sel;

    if ( !titles || !initscr() )
    {
        free(titles);
        return -1;
    }
    for ( i = 0; i < cfg->nentries; i++ )
        titles[i] = cfg->items[cfg->entries[i]].title;
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    set_escdelay(50);
    curs_set(0);
    while ( result < 0 )
    {
        struct boot_item *it = &cfg->items[cfg->entries[cur]];

        if ( remaining == 0 )
        {
            result = (int)cur;
            break;
        }
        scroll_to(cur, &top);
        draw_frame();
        draw_list(titles, cfg->nentries, cur, top);
        mvprintw(TEXT_TOP, 5, "Use the Up and Down keys to select which entry is highlighted.");
        mvprintw(TEXT_TOP + 1, 5, "Press enter to boot the selected OS, 'e' to edit the");
        mvprintw(TEXT_TOP + 2, 5, "commands before booting, or 'a' to modify the kernel arguments");
        mvprintw(TEXT_TOP + 3, 5, "before booting.");
        if ( remaining > 0 )
            mvprintw(COUNTDOWN_ROW, 5, "Will boot selected entry in %2d seconds", remaining);
        refresh();
        timeout(remaining > 0 ? 1000 : -1);
        ch = getch();
        if ( ch == ERR )
        {
            if ( remaining > 0 )
                remaining--;
            continue;
        }
        remaining = -1; /* any key stops the countdown */
        if ( ch == KEY_UP && cur > 0 )
            cur--;
        else if ( ch == KEY_DOWN && cur + 1 < cfg->nentries )
            cur++;
        else if ( ch == KEY_PPAGE )
            cur = cur > BOX_LINES ? cur - BOX_LINES : 0;
        else if ( ch == KEY_NPAGE )
            cur = cur + BOX_LINES < cfg->nentries ? cur + BOX_LINES : cfg->nentries - 1;
        else if ( ch == '\n' || ch == '\r' || ch == KEY_ENTER )
            result = (int)cur;
        else if ( ch == 'e' && edit_entry(it) )
            result = (int)cur;
        else if ( ch == 'a' )
        {
            char *args = strdup(it->args ? it->args : "");

            mvprintw(COUNTDOWN_ROW - 1, 5, "Kernel arguments (Enter to boot, Escape to cancel):");
            if ( args && edit_line(COUNTDOWN_ROW, &args) )
            {
                free(it->args);
                it->args = args;
                args = NULL;
                result = (int)cur;
            }
            free(args);
        }
    }
    endwin();
    free(titles);
    return result;
}
