/* Writes a deterministic JSONL corpus for the import benchmark.
 *
 *   gen_corpus N [SEED] > corpus.jsonl
 *
 * One item a line, about 150 bytes each:
 *   {"id":"doc-0000001","text":"...","meta":{"source":"forum","lang":"de","score":0.731}}
 * The text is words drawn from a small vocabulary: mostly ASCII, about
 * one word in twelve non-ASCII (Latin with diacritics, Greek, Cyrillic,
 * CJK, emoji), now and then a JSON escape (\" \n \u00e9) and, in about
 * one item in fifty, a decomposed (NFD) accent that import must
 * normalise. Texts are several words long, so two items with the
 * same content are vanishingly rare (the benchmark checks the count).
 *
 * The generator is a fixed PRNG (splitmix64): the same N and SEED give
 * the same bytes on every machine. Written in C so that making a
 * million items takes well under a second and the benchmark times
 * stet, not its set-up. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint64_t next(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static unsigned below(unsigned n)
{
	return (unsigned)(next() % n);
}

#define N_OF(a) (sizeof (a) / sizeof (a)[0])

static const char *const ascii_words[] = {
	"the", "of", "and", "to", "in", "is", "that", "it", "was", "for",
	"on", "are", "with", "as", "they", "be", "at", "one", "have", "this",
	"from", "by", "not", "but", "what", "all", "were", "when", "we",
	"there", "can", "an", "your", "which", "their", "said", "if", "do",
	"will", "each", "about", "how", "up", "out", "them", "then", "she",
	"many", "some", "so", "these", "would", "other", "into", "has",
	"more", "her", "two", "like", "him", "see", "time", "could", "no",
	"make", "than", "first", "been", "its", "who", "now", "people", "my",
	"made", "over", "did", "down", "only", "way", "find", "use", "may",
	"water", "long", "little", "very", "after", "words", "called", "just",
	"where", "most", "know", "service", "delivery", "product", "quality",
	"price", "support", "order", "refund", "account", "password", "login",
	"update", "version", "screen", "battery", "camera", "keyboard",
	"excellent", "terrible", "disappointed", "recommend", "amazing",
	"broken", "slow", "fast", "cheap", "expensive", "helpful", "rude",
	"weather", "traffic", "election", "government", "market", "company",
	"shares", "report", "minister", "council", "hospital", "school",
	"students", "teacher", "research", "climate", "energy", "football",
	"match", "season", "player", "coach", "stadium", "tickets", "concert",
	"album", "movie", "series", "episode", "review", "chapter", "author",
	"Monday", "Tuesday", "yesterday", "tomorrow", "morning", "evening",
	"London", "Berlin", "Paris", "Tokyo", "Toronto", "Sydney", "2023",
	"42", "100%", "#1", "(maybe)", "e-mail", "well-known", "don't", "it's",
	"I", "you", "he", "a", "a", "the", "the", "of", "and", "to",
};

/* Already NFC. */
static const char *const other_words[] = {
	"café", "naïve", "Zürich", "straße", "niño", "façade", "crème",
	"brûlée", "São", "Paulo", "Ångström", "Kraków", "Dvořák", "señor",
	"über", "déjà", "vu", "résumé", "coöperate", "Œuvre", "Ελλάδα",
	"λόγος", "Москва", "привет", "спасибо", "東京", "日本語", "漢字",
	"한국어", "中文", "€5", "£20", "—", "…", "“quoted”", "½", "😀", "👍",
	"🎉", "❤️", "👩‍💻", "🇩🇪",
};

/* Decomposed: NFC of each differs from its bytes. */
static const char *const nfd_words[] = {
	"cafe\xcc\x81",         /* e + COMBINING ACUTE */
	"nai\xcc\x88ve",        /* i + COMBINING DIAERESIS */
	"Zu\xcc\x88rich",
	"A\xcc\x8angstro\xcc\x88m",
};

/* JSON escapes inside the string literal. */
static const char *const escaped_words[] = {
	"\\\"really\\\"", "line\\nbreak", "caf\\u00e9", "tab\\there",
	"back\\\\slash", "\\u2014",
};

static const char *const sources[] = {"forum", "news", "review", "chat",
				      "support", "social"};
static const char *const langs[] = {"en", "en", "en", "de", "fr", "es",
				    "ja", "ru"};

int main(int argc, char **argv)
{
	static char out[1 << 20];
	unsigned long long n, i;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: gen_corpus N [SEED]\n");
		return 2;
	}
	n = strtoull(argv[1], NULL, 10);
	state = argc > 2 ? strtoull(argv[2], NULL, 10) : 20240601u;
	setvbuf(stdout, out, _IOFBF, sizeof out);
	for (i = 1; i <= n; i++) {
		/* Aim the text at 35..90 bytes; meta and id bring the line
		 * to about 150. */
		unsigned target = 35 + below(56), len = 0, w = 0;
		int nfd = below(50) == 0;

		printf("{\"id\":\"doc-%07llu\",\"text\":\"", i);
		while (len < target) {
			unsigned r = below(100);
			const char *word;

			if (nfd) {
				word = nfd_words[below(N_OF(nfd_words))];
				nfd = 0;
			} else if (r < 8) {
				word = other_words[below(N_OF(other_words))];
			} else if (r < 9) {
				word = escaped_words[below(N_OF(escaped_words))];
			} else {
				word = ascii_words[below(N_OF(ascii_words))];
			}
			if (w++ > 0) {
				putchar(' ');
				len++;
			}
			fputs(word, stdout);
			len += (unsigned)strlen(word);
			if (below(9) == 0) {
				putchar(below(3) ? ',' : '.');
				len++;
			}
		}
		printf("\",\"meta\":{\"source\":\"%s\",\"lang\":\"%s\",\"score\":0.%03u",
		       sources[below(N_OF(sources))], langs[below(N_OF(langs))],
		       below(1000));
		if (below(4) == 0)
			printf(",\"tags\":[\"t%u\",\"t%u\"]", below(40), below(40));
		fputs("}}\n", stdout);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen_corpus");
		return 1;
	}
	return 0;
}
