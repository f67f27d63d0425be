#include <stdio.h>

#include "cli.h"
#include "stet/salvage.h"

static unsigned long long u(uint64_t v)
{
	return (unsigned long long)v;
}

/* "events 2, items 1": where reading stopped at a damaged place. */
static uint64_t faults_line(const struct stet_salvage_result *r)
{
	const struct {
		const char *name;
		const struct stet_salvage_read *rd;
	} dbs[] = {
		{"settings", &r->meta}, {"team", &r->annotators},
		{"sessions", &r->sessions}, {"items", &r->items},
		{"gold", &r->gold}, {"models", &r->models},
		{"predictions", &r->predictions}, {"learners", &r->learners},
		{"weights", &r->weights}, {"events", &r->events},
	};
	uint64_t total = 0;

	for (size_t i = 0; i < sizeof dbs / sizeof dbs[0]; i++) {
		if (dbs[i].rd->faults == 0)
			continue;
		printf("%s%s %llu", total ? ", " : "  damaged places: ",
		       dbs[i].name, u(dbs[i].rd->faults));
		total += dbs[i].rd->faults;
	}
	if (total)
		printf(" (the records past each that could not be reached are lost)\n");
	return total;
}

static void report(const char *damaged, const char *new_path,
		   const struct stet_salvage_result *r)
{
	uint64_t lost_events = r->events_unread + r->events_undecodable +
		r->events_chain + r->events_unvouched + r->events_no_item +
		r->events_no_target;

	printf("%s: made from what %s still holds\n", cli_safe(new_path),
	       cli_safe(damaged));
	printf("  events: %llu kept of %llu; lost: %llu never read, %llu that do not decode, %llu the hash chain disowns, %llu whose next event is lost, %llu on items lost, %llu undoing events lost\n",
	       u(r->events_kept), u(r->events_total), u(r->events_unread),
	       u(r->events_undecodable), u(r->events_chain),
	       u(r->events_unvouched),
	       u(r->events_no_item), u(r->events_no_target));
	printf("  items: %llu kept, %llu damaged\n", u(r->items_kept),
	       u(r->items_damaged));
	printf("  team: %llu kept, %llu made for lost annotators (lost-N)\n",
	       u(r->annotators_kept), u(r->annotators_made));
	printf("  sessions: %llu kept, %llu damaged, %llu made for lost sessions\n",
	       u(r->sessions_kept), u(r->sessions_damaged),
	       u(r->sessions_made));
	printf("  gold answers, models, predictions: %llu kept, %llu damaged\n",
	       u(r->other_kept), u(r->other_damaged));
	if (r->schema_version)
		printf("  schema: the current one is damaged; version %u stands in for it\n",
		       (unsigned)r->schema_version);
	faults_line(r);
	if (lost_events + r->items_damaged + r->sessions_damaged +
	    r->other_damaged == 0 && r->schema_version == 0)
		printf("  nothing lost\n");
	else
		printf("  lost: %llu %s, %llu %s\n", u(lost_events),
		       cli_plural(lost_events, "event", "events"),
		       u(r->items_damaged),
		       cli_plural(r->items_damaged, "item", "items"));
}

static int run(const struct cli_command *cmd, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct stet_salvage_result res;
	struct stet_error err = {0};
	const char *path, *out;
	int c, code = EXIT_OK;

	if ((code = cli_text_stdout(cmd)) != EXIT_OK)
		return code;
	while ((c = cli_getopt(cmd, argc, argv, "h", longopts, &code)) != -1)
		return code;
	if ((path = cli_project_arg(cmd, argc, argv, &code)) == NULL)
		return code;
	if (optind >= argc)
		return cli_usage(cmd, "no new project file given");
	out = argv[optind++];
	if (optind < argc)
		return cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	if (stet_salvage(path, out, &res, &err) != STET_OK)
		return cli_fail_err(cmd, &err);
	report(path, out, &res);
	return EXIT_OK;
}

const struct cli_command cmd_salvage = {
	"salvage", run, "rebuild a damaged project from what can still be read",
	"usage: stet salvage DAMAGED.stet NEW.stet\n\n"
	"Makes the new project NEW.stet from what DAMAGED.stet still holds,\n"
	"and says what was lost. The schema, settings, team, sessions, items\n"
	"(each checked against the hash of its content) and gold answers\n"
	"come over as far as they can be read; every event whose record reads\n"
	"and whose hash the next event holds is replayed, in order, so\n"
	"that the labels that stand, skips, decisions and spans are made\n"
	"anew and 'stet verify NEW.stet' passes. Events lose their ids (the\n"
	"kept ones are numbered again) but keep what merge knows them by.\n"
	"DAMAGED.stet is only read, each part in a process of its own, so\n"
	"that a damaged page cannot stop the rest being read.\n\n"
	"  -h, --help       show this help\n",
};
