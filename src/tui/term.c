#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wctype.h>

#include "stet/buf.h"
#include "stet/text.h"
#include "theme.h"
#include "tui.h"

static SCREEN *screen;
static volatile sig_atomic_t hangup;

/* What endwin would do, done from a signal handler, which may call
 * neither curses nor stdio: the terminal's modes as they were before
 * curses, and the bytes that leave its keypad mode and alternate
 * screen, looked up once at start. */
static struct termios fault_modes;
static char fault_bytes[256];
static size_t fault_len;
static volatile sig_atomic_t fault_ready;

static void fault_add(const char *cap)
{
	char *s = tigetstr(cap);
	size_t n;

	if (s == NULL || s == (char *)-1)
		return;
	n = strlen(s);
	if (fault_len + n <= sizeof fault_bytes) {
		memcpy(fault_bytes + fault_len, s, n);
		fault_len += n;
	}
}

void screen_fault_restore(void)
{
	size_t done = 0;

	if (!fault_ready)
		return;
	fault_ready = 0;
	while (done < fault_len) {
		ssize_t n = write(STDOUT_FILENO, fault_bytes + done,
				  fault_len - done);

		if (n <= 0)
			break;
		done += (size_t)n;
	}
	(void)write(STDOUT_FILENO, "\r\n", 2);
	tcsetattr(STDIN_FILENO, TCSANOW, &fault_modes);
}

/* Handlers only set a flag; get_wch returns on the signal or within its
 * timeout, and the loop closes the session. */
static void on_hangup(int sig)
{
	(void)sig;
	hangup = 1;
}

static void fatal_restore(void)
{
	term_stop();
}

int term_start(const struct theme *theme, struct stet_error *err)
{
	struct sigaction sa;
	static const int sigs[] = {SIGHUP, SIGTERM, SIGINT, SIGQUIT};
	bool modes;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return stet_error_set(err, STET_ERR,
			"standard input and output must be a terminal");
	if (term_check(err) != STET_OK)
		return STET_ERR;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_hangup;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		if (sigaction(sigs[i], &sa, NULL) != 0)
			return stet_error_set(err, STET_ERR, "sigaction: %s",
					      strerror(errno));
	modes = tcgetattr(STDIN_FILENO, &fault_modes) == 0;
	screen = newterm(NULL, stdout, stdin);
	if (screen == NULL)
		return stet_error_set(err, STET_ERR,
			"cannot use the terminal \"%s\" (is TERM right?)",
			getenv("TERM") ? getenv("TERM") : "");
	fault_len = 0;
	fault_add("sgr0");
	fault_add("cnorm");
	fault_add("rmkx");
	fault_add("rmcup");
	fault_ready = modes;
	stet_set_oom_handler(fatal_restore);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	theme_start(theme);
	bkgdset(theme_attr(THEME_NORMAL) | ' ');
	erase();
	return STET_OK;
}

void term_stop(void)
{
	if (screen == NULL)
		return;
	fault_ready = 0;
	endwin();
	delscreen(screen);
	screen = NULL;
}

bool term_hangup(void)
{
	return hangup != 0;
}

/* Alt with a key reaches us as Esc and the key at once: a digit
 * already waiting after an Esc makes the two one key, Alt-N. Anything
 * else goes back to be read as itself. */
static void alt_digit(struct tui_key *k)
{
	wint_t next;
	int rc;

	timeout(0);
	rc = get_wch(&next);
	if (rc == OK && next >= '1' && next <= '9') {
		k->ch = next;
		k->alt = true;
	} else if (rc == OK) {
		unget_wch((wchar_t)next);
	} else if (rc == KEY_CODE_YES) {
		ungetch((int)next);
	}
}

bool term_key(struct tui_key *k, int timeout_ms)
{
	wint_t ch;
	int rc;

	timeout(timeout_ms);
	errno = 0;
	rc = get_wch(&ch);
	if (rc == ERR) {
		/* A terminal that went away without a SIGHUP (the pty's
		 * other end closed) reads as EIO at once, for ever: treat it
		 * as the hangup it is rather than spin. */
		if (errno == EIO || errno == ENXIO || errno == EBADF)
			hangup = 1;
		return false;
	}
	k->code = rc == KEY_CODE_YES;
	k->ch = ch;
	k->alt = false;
	if (!k->code && ch == 27)
		alt_digit(k);
	return true;
}

static const struct {
	const char *name;
	bool code;
	wint_t ch;
} named_keys[] = {
	{"Enter", false, '\r'}, {"Enter", false, '\n'}, {"Enter", true, KEY_ENTER},
	{"Space", false, ' '}, {"Esc", false, 27}, {"Tab", false, '\t'},
	{"Left", true, KEY_LEFT}, {"Right", true, KEY_RIGHT},
	{"Up", true, KEY_UP}, {"Down", true, KEY_DOWN},
	{"PgUp", true, KEY_PPAGE}, {"PgDn", true, KEY_NPAGE},
	{"Home", true, KEY_HOME}, {"End", true, KEY_END},
	{"Backspace", true, KEY_BACKSPACE}, {"Backspace", false, 127},
	{"Backspace", false, 8}, {"Ctrl-L", false, 12},
	{"Shift-Left", true, KEY_SLEFT}, {"Shift-Right", true, KEY_SRIGHT},
	{"Shift-Tab", true, KEY_BTAB},
};

static const char *const alt_keys[] = {
	"Alt-1", "Alt-2", "Alt-3", "Alt-4", "Alt-5", "Alt-6", "Alt-7",
	"Alt-8", "Alt-9",
};

bool term_key_is(const struct tui_key *k, const char *name)
{
	mbstate_t ps;
	wchar_t wc;
	size_t n = strlen(name), got;

	for (size_t i = 0; i < sizeof alt_keys / sizeof alt_keys[0]; i++)
		if (strcmp(alt_keys[i], name) == 0)
			return k->alt && k->ch == (wint_t)('1' + i);
	if (k->alt)
		return false;
	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
		if (strcmp(named_keys[i].name, name) == 0 &&
		    named_keys[i].code == k->code && named_keys[i].ch == k->ch)
			return true;
	if (k->code)
		return false;
	memset(&ps, 0, sizeof ps);
	got = mbrtowc(&wc, name, n, &ps);
	return got == n && (wint_t)wc == k->ch;
}

bool term_key_name_known(const char *name)
{
	mbstate_t ps;
	wchar_t wc;
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
		if (strcmp(named_keys[i].name, name) == 0)
			return true;
	for (size_t i = 0; i < sizeof alt_keys / sizeof alt_keys[0]; i++)
		if (strcmp(alt_keys[i], name) == 0)
			return true;
	/* Else one printable character, as get_wch returns it. */
	memset(&ps, 0, sizeof ps);
	return n > 0 && mbrtowc(&wc, name, n, &ps) == n && iswprint((wint_t)wc);
}

/* One part of a grapheme (stet_grapheme_part) as one cell: its
 * spacing character and the zero-width marks that follow it, as many as
 * the cell keeps, padded to the width the layout counted, so that the
 * terminal and the layout agree on every column. */
static void put_grapheme(int y, int x, int width, const char *s, size_t n,
			 attr_t a)
{
	wchar_t wch[CCHARW_MAX + 1];
	cchar_t cc;
	mbstate_t ps;
	size_t used = 0, k = 0;
	int drawn;

	memset(&ps, 0, sizeof ps);
	while (used < n && k < CCHARW_MAX) {
		wchar_t c;
		size_t got = mbrtowc(&c, s + used, n - used, &ps);

		if (got == 0 || got > n - used)
			break;
		if (k > 0 && (wcwidth(c) != 0 || c == 0x200d))
			break;
		wch[k++] = c;
		used += got;
	}
	drawn = k > 0 ? wcwidth(wch[0]) : -1;
	if (drawn < 1 || drawn > width) {
		/* Nothing the terminal would draw in `width` cells. */
		for (int i = 0; i < width; i++)
			mvaddch(y, x + i, (i == 0 ? '?' : ' ') | a);
		return;
	}
	wch[k] = L'\0';
	if (setcchar(&cc, wch, a & ~A_COLOR, (short)PAIR_NUMBER(a), NULL) == ERR) {
		mvaddch(y, x, '?' | a);
		drawn = 1;
	} else {
		/* ERR at the bottom-right corner still draws the cell. */
		mvadd_wch(y, x, &cc);
	}
	for (int i = drawn; i < width; i++)
		mvaddch(y, x + i, ' ' | a);
}

/* Whether s[0..n) is printable ASCII alone, which needs no escape: most
 * of what a screen draws. */
static bool plain_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

int term_put(int y, int x, int cols, const char *s, size_t n, attr_t a)
{
	/* The terminal layer runs on one thread; this grows and stays. */
	static struct stet_buf shown;
	int used = 0;
	size_t i = 0;

	/* The gate every string passes on its way to the screen: whatever
	 * a caller hands over, control characters, bidi controls and
	 * invalid bytes are drawn as the visible escapes of
	 * stet_text_escape (the widths the layout measured them at), never
	 * sent to the terminal. Text escaped already passes unchanged. */
	if (!plain_ascii(s, n)) {
		stet_buf_reset(&shown);
		stet_text_escape(s, n, 0, false, &shown);
		s = shown.data ? shown.data : "";
		n = shown.len;
	}

	while (i < n && used < cols) {
		size_t len = stet_grapheme_len(s + i, n - i);
		int w = stet_grapheme_width(s + i, len);

		if (used + w > cols)
			break;
		if (w > 0 && s[i] == ' ' && len == 1) {
			mvaddch(y, x + used, ' ' | a);
		} else if (w > 0) {
			/* A cluster of several spacing characters (a family,
			 * a flag) is drawn as its parts side by side: what
			 * one cell cannot hold is never dropped. */
			int at = x + used;

			for (size_t off = 0; off < len;) {
				size_t drawn, plen;
				int pw;

				plen = stet_grapheme_part(s + i + off, len - off,
							  &drawn, &pw);
				if (pw > 0)
					put_grapheme(y, at, pw, s + i + off,
						     drawn, a);
				at += pw;
				off += plen;
			}
		}
		used += w;
		i += len;
	}
	return used;
}

int term_put_raw(int y, int x, int cols, const char *s, size_t n, attr_t a)
{
	struct stet_buf shown;
	int used;

	stet_buf_init(&shown);
	stet_text_escape(s, n, 1, false, &shown);
	used = term_put_text(y, x, cols, shown.data, shown.len, a);
	stet_buf_free(&shown);
	return used;
}

int term_puts(int y, int x, int cols, const char *s, attr_t a)
{
	if (cols < 0)
		cols = COLS - x;
	return term_put(y, x, cols, s, strlen(s), a);
}

void term_fill(int y, int x, int cols, attr_t a)
{
	for (int i = 0; i < cols && x + i < COLS; i++)
		mvaddch(y, x + i, ' ' | a);
}
