/* The steps that take a project of an older format to the current one,
 * for the store to run when it opens one: each rebuilds what a format
 * added from what the project already holds. Above every module whose
 * databases they fill (annotate, pending, gold, history), so that the
 * store below them knows none of them. For the core only (project.c
 * hands them to stet_store_open). */
#ifndef STET_MIGRATE_H
#define STET_MIGRATE_H

#include "stet/store.h"

extern const struct stet_migrations migrate_steps;

#endif
