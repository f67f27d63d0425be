#!/bin/sh
# Wide and zero-width characters: CJK takes two cells, combining marks
# none, an emoji sequence of several spacing characters (a ZWJ family, a
# skin tone, a flag) is drawn as its parts side by side, nothing of it
# lost. Long text wraps at grapheme boundaries within the pane, and the
# bars keep their right edge.
. "$srcdir/tests/tui/lib.sh"

PY=/usr/bin/python3
if ! "$PY" -c 'import unicodedata, json' 2>/dev/null; then
	echo "1..0 # SKIP no $PY with unicodedata"
	exit 0
fi

# The JSON \u escapes keep the file ASCII; import makes the text NFC,
# which leaves x and q with their marks (they have no precomposed forms).
cat > items.jsonl <<'JSON'
{"id": "w01", "text": "a\u4e2d\u6587\u5b57\u7b26\u6d4b\u8bd5\u4e2d\u6587\u5b57\u7b26\u6d4b\u8bd5\u4e2d\u6587\u5b57\u7b26\u6d4b\u8bd5\u4e2d\u6587\u5b57\u7b26\u6d4b\u8bd5\u4e2d\u6587\u5b57\u7b26\u6d4b\u8bd5\u4e2d\u6587\u5b57\u7b26\u6d4b\u8bd5\u4e2d\u6587\u5b57\u7b26\u6d4b\u8bd5\u4e2d\u6587\u5b57\u7b26\u6d4b\u8bd5 then words \u4e2d\u6587 and \uff21\uff22\uff23 fullwidth \ud55c\uad6d\uc5b4 \u6587\u5b57\u6587\u5b57\u6587\u5b57 end"}
{"id": "w02", "text": "family \ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67 and thumbs \ud83d\udc4d\ud83c\udffd and flag \ud83c\uddeb\ud83c\uddf7 then a run: x\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67 end"}
{"id": "w03", "text": "caf\u00e9 na\u00efve e\u0301 yx\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301x\u0301 q\u0323\u0307q\u0323\u0307q\u0323\u0307 end"}
JSON
"$STET" init p.stet --labels "$(printf '\346\255\243\351\235\242,\350\264\237\351\235\242,\344\270\255\347\253\213,\346\267\267\345\220\210\347\232\204\346\203\205\346\204\237,\344\270\215\347\241\256\345\256\232')" >/dev/null ||
	not_ok "init with CJK label names"
"$STET" import p.stet items.jsonl >/dev/null

# check.py MODE COLS LINES SCREEN-FILE [ID]: checks a captured screen.
cat > check.py <<'PY'
import json, sys, unicodedata

mode, cols, rows, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
screen = open(path, encoding="utf-8").read().split("\n")
screen += [""] * (rows - len(screen))

ZWJ = "\u200d"

def is_ri(c):
    return 0x1F1E6 <= ord(c) <= 0x1F1FF

def is_skin(c):
    return 0x1F3FB <= ord(c) <= 0x1F3FF

def is_mark(c):
    return (unicodedata.combining(c) != 0 or
            unicodedata.category(c) in ("Mn", "Me") or
            0xFE00 <= ord(c) <= 0xFE0F or is_skin(c) or c == ZWJ)

def width(s):
    """Display cells, character by character, as the parts of an emoji
    sequence are drawn: a person or a skin tone 2 (East Asian Wide), a
    flag's letter 1, a joiner or a mark nothing."""
    n = 0
    for c in s:
        if c == ZWJ or unicodedata.category(c) in ("Mn", "Me", "Cf") or 0xFE00 <= ord(c) <= 0xFE0F:
            continue
        n += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return n

problems = []
if mode == "item":
    ident = sys.argv[5]
    text = None
    for l in open("items.jsonl", encoding="utf-8"):
        rec = json.loads(l)
        if rec["id"] == ident:
            text = unicodedata.normalize("NFC", rec["text"])
    # The item: from line 2 to the line above the label bar (LINES-3).
    area = screen[2:rows - 3]
    while area and area[-1] == "":
        area.pop()
    shown = []
    for n, l in enumerate(area, 2):
        if l == "":
            continue
        if not l.startswith(" "):
            problems.append("line %d has no left margin: %r" % (n, l))
        t = l[1:]
        w = width(t)
        if w > cols - 2:
            problems.append("line %d is %d cells wide, more than %d: %r" % (n, w, cols - 2, t))
        if t and is_mark(t[0]):
            problems.append("line %d starts with a mark U+%04X: %r" % (n, ord(t[0]), t))
        if t and t[-1] == ZWJ:
            problems.append("line %d ends in a ZWJ: %r" % (n, t))
        shown.append(t)
    if len(shown) < 2:
        problems.append("the text should wrap onto 2 or more lines, got %d" % len(shown))
    if sys.argv[6:] == ["whole"]:
        # Breaks fall at spaces (which the break takes) or between
        # graphemes (which adds nothing): without the spaces, the lines
        # give back the text.
        # The joiners of a ZWJ sequence are not drawn: its parts are.
        got = "".join(shown).replace(" ", "")
        want = text.replace(" ", "").replace(ZWJ, "")
        if got != want:
            k = next((i for i in range(min(len(got), len(want))) if got[i] != want[i]), min(len(got), len(want)))
            problems.append("the lines do not give back the text; from char %d: shown %r, text %r" % (k, got[k:k + 12], want[k:k + 12]))
elif mode == "bars":
    # The full capture (-N): the title and status lines, which have a
    # background of their own, are exactly as wide as the pane; the label
    # bar and the message line no wider (blanks at their end may be
    # cleared rather than written).
    for n in (0, rows - 2):
        w = width(screen[n])
        if w != cols:
            problems.append("line %d is %d cells wide, not %d: %r" % (n, w, cols, screen[n]))
    for n in (rows - 3, rows - 1):
        w = width(screen[n])
        if w > cols:
            problems.append("line %d is %d cells wide, more than %d: %r" % (n, w, cols, screen[n]))
elif mode == "edges":
    # The trimmed capture: where each bar's text ends.
    title, status = screen[0], screen[rows - 2]
    if not title.endswith("? help") or width(title) != cols - 1:
        problems.append("the title line should end in '? help' at column %d: %r (%d cells)" % (cols - 1, title, width(title)))
    if not status.endswith(" saved") or width(status) != cols - 1:
        problems.append("the status line should end in 'saved' at column %d: %r (%d cells)" % (cols - 1, status, width(status)))
    bar = screen[rows - 3]
    if width(bar) > cols:
        problems.append("the label bar is %d cells wide: %r" % (width(bar), bar))
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PY

# pycheck "what" MODE ARGS...: a TAP line from check.py on $SCREEN.
pycheck() {
	pc_what=$1
	shift
	printf '%s\n' "$SCREEN" > screen.txt
	if PYTHONIOENCODING=utf-8 "$PY" check.py "$1" "$COLS_NOW" "$LINES_NOW" screen.txt "${2:-}" "${3:-}" > check.out 2>&1; then
		ok "$pc_what"
	else
		not_ok_screen "$pc_what" "$(cat check.out)"
	fi
}

# item_checks ID: the item's lines, then the bars.
item_checks() {
	pycheck "$1 at ${COLS_NOW}x$LINES_NOW: lines fit, start on a grapheme, give back the text" item "$1" whole
	SCREEN=$(capture_full)
	pycheck "$1 at ${COLS_NOW}x$LINES_NOW: the title and status lines fill the width exactly" bars
}

COLS_NOW=41 LINES_NOW=16
tui_start s1 $COLS_NOW $LINES_NOW label p.stet --as ana
# Everything written to the terminal, to see what stet sends for emoji.
tm pipe-pane -o -t "=s1:" "cat >> '$SCRATCH/out.log'"
expect_screen "the screen opens on w01" ' item w01 ' '^ a'
item_checks w01
# The label bar at 41 columns: the labels that fit, then "… t".
if line_has -3 '^  1 正面   2 负面   3 中立 +… t$'; then
	ok "the label bar shows what fits and '… t'"
else
	not_ok_screen "the label bar shows what fits and '… t'"
fi
step "n shows w02" n -- ' item w02 ' '^ family '
item_checks w02
# w02 as drawn: the family as its three people, the thumb and its skin
# tone, the flag as its two letters (the pane shows them as one flag);
# no zero width joiner reaches the terminal, where it would join the
# parts into one glyph of fewer cells than the layout counted.
expect_screen "w02 shows every part of its emoji sequences" \
	'^ family 👨👩👧 and thumbs 👍🏽 and flag$' '^ 🇫🇷 then a run:$' '^ x👨👩👧👨👩👧'
step "n shows w03" n -- ' item w03 ' '^ café naïve '
item_checks w03

has_bytes() {
	"$PY" -c 'import sys; sys.exit(0 if bytes.fromhex(sys.argv[1]) in open(sys.argv[2], "rb").read() else 1)' "$1" out.log
}
if has_bytes e2808d; then
	not_ok "no zero width joiner reaches the terminal"
else
	ok "no zero width joiner reaches the terminal"
fi

# 50 columns: the same items wrap again, and there is room for "saved".
COLS_NOW=50 LINES_NOW=18
tm resize-window -t "=s1:" -x $COLS_NOW -y $LINES_NOW
expect_screen "at 50x18 w03 is shown again" ' item w03 ' '^ café naïve '
lines_now() {
	[ "$(capture | wc -l)" -eq "$LINES_NOW" ]
}
wait_until lines_now || true
snap
item_checks w03
step "b goes back to w02" b -- ' item w02 ' '^ family '
item_checks w02
step "b goes back to w01" b -- ' item w01 '
item_checks w01
step "1 labels w01 with 正面" 1 -- ' item w02 ' '^ saved 正面$' ' saved$'
pycheck "at 50 columns the title and status end at the right edge" edges
step "b shows w01 with its label in brackets" b -- ' item w01 ' '\[1 正面\]'
SCREEN=$(capture_full)
pycheck "with the chosen label in brackets the bars keep their width" bars
keys q
expect_exit "q quits with status 0" 0

run_stet export p.stet --annotations
expect_match "the export has the CJK label" '^\{"item":"w01","annotator":"ana","label":"正面",' "$OUT"

done_testing
