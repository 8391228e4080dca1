#ifndef LAB_CNCURSES_SHIM_H
#define LAB_CNCURSES_SHIM_H
/* Wide-character ncurses, plus accessors for what Swift cannot import:
   function-like macros (getmaxyx, A_*), and globals that Swift 6 rejects
   as shared mutable state (stdscr, LINES, COLS, COLORS). */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline void cn_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }
static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline int cn_key_resize(void) { return KEY_RESIZE; }
static inline int cn_err(void) { return ERR; }

/* Draws one wide character with a colour pair and attributes at (y, x). */
static inline int cn_mvadd_wch(int y, int x, wchar_t ch, short pair, attr_t attrs) {
    cchar_t cc;
    wchar_t wstr[2] = { ch, L'\0' };
    setcchar(&cc, wstr, attrs, pair, NULL);
    return mvwadd_wch(stdscr, y, x, &cc);
}

/* The locale's codeset, to decide between braille and ASCII glyphs. */
static inline const char *cn_codeset(void) { return nl_langinfo(CODESET); }
#endif
