#!/bin/sh
# Right-to-left text is drawn in display order (GNU FriBidi): a Hebrew
# word inside English reads right to left in its place, a Hebrew
# paragraph starts at the right edge with its brackets mirrored and its
# digits and Latin words left to right, Arabic with Arabic-Indic digits
# likewise, and a Hebrew label name on the label bar. Each expected line is the stored text laid out by hand
# with UAX #9 (tests/unit/test_bidi.c works the same rules through).
. "$srcdir/tests/tui/lib.sh"

# Hebrew and Arabic letters in UTF-8, octal for printf.
SHIN='\327\251' LAMED='\327\234' VAV='\327\225' MEM='\327\235'
AYIN='\327\242'
A_AYN='\330\271' A_ALEF='\330\247' A_MEEM='\331\205'
A_2='\331\242' A_0='\331\240' A_4='\331\244'

# Stored (logical) order, as JSON \u escapes.
cat >items.jsonl <<'JSON'
{"id": "r01", "text": "abc \u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd def"}
{"id": "r02", "text": "\u05e9\u05dc\u05d5\u05dd (2024) abc."}
{"id": "r03", "text": "\u0639\u0627\u0645 \u0662\u0660\u0662\u0664"}
JSON
# The second label's name is Hebrew ("shalom").
"$STET" init p.stet --labels "$(printf "A,$SHIN$LAMED$VAV$MEM")" >/dev/null
"$STET" import p.stet items.jsonl >/dev/null

# r01: "abc", then the two Hebrew words each reversed in place (the
# space between them, between two Rs, turns with them), then "def".
want1=$(printf "abc $MEM$LAMED$VAV$AYIN $MEM$VAV$LAMED$SHIN def")
# r02, a right-to-left paragraph: the whole line reversed, the digits
# and "abc" (level 2) back in reading order, the brackets mirrored,
# the full stop (between L and the paragraph's end, R) at the left.
want2=$(printf ".abc \\\\(2024\\\\) $MEM$VAV$LAMED$SHIN")
# r03: the Arabic word reversed, the digits (AN, level 2) in order.
want3=$(printf "$A_2$A_0$A_2$A_4 $A_MEEM$A_ALEF$A_AYN")

tui_start rtl 60 12 label p.stet
expect_screen "a Hebrew phrase inside English is drawn right to left in its place" \
	"^ $want1\$"
keys Right
# The pane is 60 cells and the text takes columns 1 to 58; the line is
# 16 cells (".abc" 4, "(2024)" 6, the Hebrew word 4, two spaces), so it
# starts at column 1 + 58 - 16 = 43, after 43 blank cells.
expect_screen "a Hebrew paragraph ends at the right edge, its brackets mirrored and digits in order" \
	"^ {43}$want2\$"
# On the label bar, as in the ? box, a Hebrew name reads right to left.
expect_screen "a Hebrew label name on the label bar is drawn in reading order" \
	"1 A +2 $(printf "$MEM$VAV$LAMED$SHIN")"
keys Right
expect_screen "Arabic with Arabic-Indic digits: the word reversed, the number in order" \
	"^ {10,}$want3\$"
keys q
expect_exit "stet label quits" 0

done_testing
