#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cli.h"
#include "stet/predict.h"
#include "stet/route.h"
#include "stet/timefmt.h"

/* A share or score from 0 to 1, or -1 (and a usage error said). */
static int unit_arg(const struct cli_command *cmd, const char *opt,
		    const char *arg, double *v)
{
	char *end;

	*v = strtod(arg, &end);
	if (((*arg >= '0' && *arg <= '9') || *arg == '.') && *end == '\0' &&
	    isfinite(*v) && *v >= 0 && *v <= 1)
		return 0;
	cli_usage(cmd, "%s takes a number from 0 to 1, not '%s'", opt, arg);
	return -1;
}

static const char *const band_keys[] = {
	[STET_BAND_ACCEPT] = "accept",
	[STET_BAND_SPOT] = "spot",
	[STET_BAND_ONE] = "one",
	[STET_BAND_OVERLAP] = "overlap",
};

static json_t *bands_json(const uint64_t band[5])
{
	json_t *b = json_object();

	for (int i = STET_BAND_ACCEPT; i <= STET_BAND_OVERLAP; i++)
		json_object_set_new(b, band_keys[i],
				    json_integer((json_int_t)band[i]));
	return b;
}

static int print_json(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT);
	int rc = s != NULL && puts(s) >= 0 ? EXIT_OK : EXIT_FAIL;

	free(s);
	json_decref(o);
	return rc;
}

static int report_json(const struct stet_route_opts *o,
		       const struct stet_route_result *r)
{
	json_t *j = json_object();

	json_object_set_new(j, "dry_run", json_boolean(o->dry_run));
	json_object_set_new(j, "run", r->run ? json_integer((json_int_t)r->run) :
			    json_null());
	json_object_set_new(j, "model", json_string(o->model));
	json_object_set_new(j, "version", json_integer((json_int_t)r->version));
	json_object_set_new(j, "annotator", json_string(r->annotator));
	json_object_set_new(j, "accept_above", json_real(o->accept));
	json_object_set_new(j, "review_below", json_real(o->review));
	json_object_set_new(j, "spot_check", json_real(o->spot));
	json_object_set_new(j, "seed", json_integer((json_int_t)o->seed));
	json_object_set_new(j, "bands", bands_json(r->band));
	json_object_set_new(j, "labeled", json_integer((json_int_t)r->labeled));
	json_object_set_new(j, "gold", json_integer((json_int_t)r->gold));
	json_object_set_new(j, "no_prediction",
			    json_integer((json_int_t)r->no_prediction));
	json_object_set_new(j, "events", json_integer((json_int_t)r->events));
	return print_json(j);
}

static void row(unsigned long long n, const char *band, const char *what)
{
	printf("  %-14s %8llu  %s\n", band, n, what);
}

static int report_text(const struct stet_route_opts *o,
		       const struct stet_route_result *r)
{
	const char *who = cli_safe(r->annotator);
	char what[512];

	if (o->dry_run)
		printf("dry run, nothing written: model %s version %llu, accept at %g or above, review below %g\n",
		       cli_safe(o->model), (unsigned long long)r->version,
		       o->accept, o->review);
	else
		printf("run %llu: model %s version %llu, accept at %g or above, review below %g\n",
		       (unsigned long long)r->run, cli_safe(o->model),
		       (unsigned long long)r->version, o->accept, o->review);
	snprintf(what, sizeof what, "labeled by %s, served to no one", who);
	row(r->band[STET_BAND_ACCEPT], "accept", what);
	snprintf(what, sizeof what,
		 "labeled by %s, one person checks each (share %g, seed %llu)",
		 who, o->spot, (unsigned long long)o->seed);
	row(r->band[STET_BAND_SPOT], "spot check", what);
	row(r->band[STET_BAND_ONE], "one person", "one person labels each");
	row(r->band[STET_BAND_OVERLAP], "overlap",
	    "the project's overlap, as before");
	row(r->labeled, "labeled", "a person's label stands: left as they are");
	row(r->gold, "gold", "gold items: left as they are");
	row(r->no_prediction, "no prediction",
	    "the model says nothing of them: the project's overlap");
	if (!o->dry_run)
		printf("%llu routing %s written; stet route --undo takes the run back\n",
		       (unsigned long long)r->events,
		       cli_plural(r->events, "event", "events"));
	return EXIT_OK;
}

static int undo(const struct cli_command *cmd, struct stet_store *st,
		bool json, const char *host, const char *tty)
{
	struct stet_route_undo_result u;
	struct stet_error err = {0};
	json_t *j;

	if (stet_route_undo(st, stet_time_now_ms(), host, tty, &u, &err) !=
	    STET_OK)
		return cli_fail_err(cmd, &err);
	if (!json) {
		printf("run %llu of %s taken back: %llu routing %s undone (accept %llu, spot check %llu, one person %llu, overlap %llu)\n",
		       (unsigned long long)u.run, cli_safe(u.annotator),
		       (unsigned long long)u.events,
		       cli_plural(u.events, "event", "events"),
		       (unsigned long long)u.band[STET_BAND_ACCEPT],
		       (unsigned long long)u.band[STET_BAND_SPOT],
		       (unsigned long long)u.band[STET_BAND_ONE],
		       (unsigned long long)u.band[STET_BAND_OVERLAP]);
		return EXIT_OK;
	}
	j = json_object();
	json_object_set_new(j, "undone_run", json_integer((json_int_t)u.run));
	json_object_set_new(j, "annotator", json_string(u.annotator));
	json_object_set_new(j, "events", json_integer((json_int_t)u.events));
	json_object_set_new(j, "bands", bands_json(u.band));
	return print_json(j);
}

enum { GIVEN_MODEL = 1, GIVEN_ACCEPT = 2, GIVEN_REVIEW = 4, GIVEN_SPOT = 8,
       GIVEN_SEED = 16, GIVEN_DRY = 32 };

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"model", required_argument, NULL, 'm'},
		{"accept-above", required_argument, NULL, 'a'},
		{"review-below", required_argument, NULL, 'r'},
		{"spot-check", required_argument, NULL, 'p'},
		{"seed", required_argument, NULL, 's'},
		{"dry-run", no_argument, NULL, 'n'},
		{"undo", no_argument, NULL, 'u'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_route_opts o = {.seed = 1};
	struct stet_route_result res;
	struct stet_error err = {0};
	struct stet_store *st;
	const char *path, *format = "text";
	unsigned given = 0;
	bool undoing = false;
	char host[256], *end;
	int c, code = EXIT_OK;

	while ((c = cli_getopt(cmd, argc, argv, "m:a:r:p:s:nuf:h", longopts,
			       &code)) != -1) {
		switch (c) {
		case 'm': o.model = optarg; given |= GIVEN_MODEL; break;
		case 'a':
			if (unit_arg(cmd, "--accept-above", optarg, &o.accept))
				return EXIT_USAGE;
			given |= GIVEN_ACCEPT;
			break;
		case 'r':
			if (unit_arg(cmd, "--review-below", optarg, &o.review))
				return EXIT_USAGE;
			given |= GIVEN_REVIEW;
			break;
		case 'p':
			if (unit_arg(cmd, "--spot-check", optarg, &o.spot))
				return EXIT_USAGE;
			given |= GIVEN_SPOT;
			break;
		case 's':
			o.seed = strtoull(optarg, &end, 10);
			if (*optarg < '0' || *optarg > '9' || *end != '\0')
				return cli_usage(cmd, "--seed takes a number, not '%s'", optarg);
			given |= GIVEN_SEED;
			break;
		case 'n': o.dry_run = true; given |= GIVEN_DRY; break;
		case 'u': undoing = true; break;
		case 'f':
			if (strcmp(optarg, "text") != 0 && strcmp(optarg, "json") != 0)
				return cli_usage(cmd, "--format takes text or json, not '%s'", optarg);
			format = optarg;
			break;
		default: return code;
		}
	}
	if ((path = cli_project_arg(cmd, argc, argv, &code)) == NULL)
		return code;
	if (optind < argc)
		return cli_usage(cmd, "one project at a time, not '%s'", argv[optind]);
	if (undoing && given != 0)
		return cli_usage(cmd, "--undo takes back the last run as a whole: it takes no other option but --format");
	if (!undoing) {
		if (!(given & GIVEN_MODEL))
			return cli_usage(cmd, "--model NAME says whose predictions route the items");
		if (stet_model_name_check(o.model, &err) != STET_OK)
			return cli_usage(cmd, "--model: %s", err.msg);
		if (!(given & GIVEN_ACCEPT) || !(given & GIVEN_REVIEW))
			return cli_usage(cmd, "--accept-above A and --review-below B are both needed (B <= A)");
		if (o.review > o.accept)
			return cli_usage(cmd, "--review-below %g is above --accept-above %g: items between them would be in two bands",
					 o.review, o.accept);
		if ((given & GIVEN_SEED) && !(given & GIVEN_SPOT))
			return cli_usage(cmd, "--seed picks the spot checks: give --spot-check P with it");
	}
	if (strcmp(format, "text") == 0 && (code = cli_text_stdout(cmd)) != EXIT_OK)
		return code;
	if ((st = cli_open(cmd, path, o.dry_run)) == NULL)
		return EXIT_FAIL;
	/* Routing decides who labels what, and labels items itself. */
	if ((code = cli_require_lead(cmd, st, "routing items")) != EXIT_OK) {
		stet_store_close(st);
		return code;
	}
	if (gethostname(host, sizeof host) != 0)
		host[0] = '\0';
	host[sizeof host - 1] = '\0';
	o.host = host[0] ? host : NULL;
	o.tty = ttyname(STDIN_FILENO);
	if (undoing) {
		code = undo(cmd, st, strcmp(format, "json") == 0, o.host, o.tty);
		stet_store_close(st);
		return code;
	}
	o.now_ms = stet_time_now_ms();
	if (stet_route_run(st, &o, &res, &err) != STET_OK) {
		stet_store_close(st);
		return cli_fail_err(cmd, &err);
	}
	stet_store_close(st);
	return strcmp(format, "json") == 0 ? report_json(&o, &res) :
					     report_text(&o, &res);
}

const struct cli_command cmd_route = {
	"route", run,
	"route items by a model's confidence: the model labels the sure ones",
	"usage: stet route PROJECT.stet --model NAME --accept-above A\n"
	"                  --review-below B [--spot-check P [--seed S]]\n"
	"                  [--dry-run] [--format text|json]\n"
	"       stet route PROJECT.stet --undo [--format text|json]\n\n"
	"Puts each item the model has a prediction of, that is not gold and\n"
	"that no person has labeled, in a band by the prediction's top score:\n"
	"at least A, the model labels it as the annotator model:NAME and no\n"
	"person is served it (but a seeded share P, kept as spot checks, goes\n"
	"to one person); from B up to A, one person labels it; below B, the\n"
	"project's overlap. Every decision is an event; --undo takes back the\n"
	"last run standing as a whole. For leads.\n\n"
	"  -m, --model NAME        whose predictions route the items\n"
	"  -a, --accept-above A    the model labels items scored A or more\n"
	"  -r, --review-below B    items below B keep the overlap (B <= A)\n"
	"  -p, --spot-check P      the share of accepted items one person checks\n"
	"  -s, --seed S            which of them (default 1)\n"
	"  -n, --dry-run           count the bands, write nothing\n"
	"  -u, --undo              take back the last run\n"
	"  -f, --format FORMAT     text (default) or json\n"
	"  -h, --help              show this help\n",
};
