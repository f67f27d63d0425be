# The fuzz targets (tests/fuzz/README): one program a parser or decoder.
# In a build configured with --enable-fuzzing each is a libFuzzer
# program and `make check` (or `make fuzz`) fuzzes each for FUZZ_TIME
# seconds; in any other build each replays the inputs kept under
# tests/fuzz/ through the same code, as part of `make check`.
FUZZ_TARGETS = tests/fuzz/items_jsonl tests/fuzz/items_csv \
	tests/fuzz/items_tsv tests/fuzz/items_txt tests/fuzz/items_conll \
	tests/fuzz/import tests/fuzz/gold tests/fuzz/predictions \
	tests/fuzz/ann_stet tests/fuzz/ann_prodigy \
	tests/fuzz/ann_labelstudio tests/fuzz/ann_doccano \
	tests/fuzz/ann_brat tests/fuzz/ann_conllu tests/fuzz/ann_conll \
	tests/fuzz/schema tests/fuzz/theme tests/fuzz/rec_item \
	tests/fuzz/rec_event tests/fuzz/rec_session tests/fuzz/rec_model \
	tests/fuzz/rec_current tests/fuzz/rec_spans tests/fuzz/rec_learner \
	tests/fuzz/rec_derived

# Seconds each target is fuzzed for by `make check` in a fuzzing
# build, and the most inputs it runs (-1: no bound but the time).
FUZZ_TIME = 10
FUZZ_RUNS = -1

if FUZZING
FUZZ_MAIN =
FUZZ_LINK = -fsanitize=fuzzer
else
FUZZ_MAIN = tests/fuzz/replay.c
FUZZ_LINK =
endif
FUZZ_COMMON = tests/fuzz/common.h tests/fuzz/common.c $(FUZZ_MAIN)
FUZZ_LINK_FLAGS = $(AM_LDFLAGS) $(FUZZ_LINK)
tests_fuzz_items_jsonl_SOURCES = tests/fuzz/items_jsonl.c $(FUZZ_COMMON)
tests_fuzz_items_jsonl_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_items_jsonl_LDADD = $(CORE_LIBS)
tests_fuzz_items_csv_SOURCES = tests/fuzz/items_csv.c $(FUZZ_COMMON)
tests_fuzz_items_csv_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_items_csv_LDADD = $(CORE_LIBS)
tests_fuzz_items_tsv_SOURCES = tests/fuzz/items_tsv.c $(FUZZ_COMMON)
tests_fuzz_items_tsv_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_items_tsv_LDADD = $(CORE_LIBS)
tests_fuzz_items_txt_SOURCES = tests/fuzz/items_txt.c $(FUZZ_COMMON)
tests_fuzz_items_txt_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_items_txt_LDADD = $(CORE_LIBS)
tests_fuzz_items_conll_SOURCES = tests/fuzz/items_conll.c $(FUZZ_COMMON)
tests_fuzz_items_conll_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_items_conll_LDADD = $(CORE_LIBS)
tests_fuzz_import_SOURCES = tests/fuzz/import.c $(FUZZ_COMMON)
tests_fuzz_import_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_import_LDADD = $(CORE_LIBS)
tests_fuzz_gold_SOURCES = tests/fuzz/gold.c $(FUZZ_COMMON)
tests_fuzz_gold_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_gold_LDADD = $(CORE_LIBS)
tests_fuzz_predictions_SOURCES = tests/fuzz/predictions.c $(FUZZ_COMMON)
tests_fuzz_predictions_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_predictions_LDADD = $(CORE_LIBS)
tests_fuzz_ann_stet_SOURCES = tests/fuzz/ann_stet.c $(FUZZ_COMMON)
tests_fuzz_ann_stet_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_ann_stet_LDADD = $(CORE_LIBS)
tests_fuzz_ann_prodigy_SOURCES = tests/fuzz/ann_prodigy.c $(FUZZ_COMMON)
tests_fuzz_ann_prodigy_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_ann_prodigy_LDADD = $(CORE_LIBS)
tests_fuzz_ann_labelstudio_SOURCES = tests/fuzz/ann_labelstudio.c $(FUZZ_COMMON)
tests_fuzz_ann_labelstudio_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_ann_labelstudio_LDADD = $(CORE_LIBS)
tests_fuzz_ann_doccano_SOURCES = tests/fuzz/ann_doccano.c $(FUZZ_COMMON)
tests_fuzz_ann_doccano_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_ann_doccano_LDADD = $(CORE_LIBS)
tests_fuzz_ann_brat_SOURCES = tests/fuzz/ann_brat.c $(FUZZ_COMMON)
tests_fuzz_ann_brat_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_ann_brat_LDADD = $(CORE_LIBS)
tests_fuzz_ann_conllu_SOURCES = tests/fuzz/ann_conllu.c $(FUZZ_COMMON)
tests_fuzz_ann_conllu_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_ann_conllu_LDADD = $(CORE_LIBS)
tests_fuzz_ann_conll_SOURCES = tests/fuzz/ann_conll.c $(FUZZ_COMMON)
tests_fuzz_ann_conll_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_ann_conll_LDADD = $(CORE_LIBS)
tests_fuzz_schema_SOURCES = tests/fuzz/schema.c $(FUZZ_COMMON)
tests_fuzz_schema_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_schema_LDADD = $(CORE_LIBS)
tests_fuzz_theme_SOURCES = tests/fuzz/theme.c src/tui/theme.c \
	src/tui/theme_builtin.c $(FUZZ_COMMON)
tests_fuzz_theme_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_theme_LDADD = $(CORE_LIBS)
tests_fuzz_rec_item_SOURCES = tests/fuzz/rec_item.c $(FUZZ_COMMON)
tests_fuzz_rec_item_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_rec_item_LDADD = $(CORE_LIBS)
tests_fuzz_rec_event_SOURCES = tests/fuzz/rec_event.c $(FUZZ_COMMON)
tests_fuzz_rec_event_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_rec_event_LDADD = $(CORE_LIBS)
tests_fuzz_rec_session_SOURCES = tests/fuzz/rec_session.c $(FUZZ_COMMON)
tests_fuzz_rec_session_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_rec_session_LDADD = $(CORE_LIBS)
tests_fuzz_rec_model_SOURCES = tests/fuzz/rec_model.c $(FUZZ_COMMON)
tests_fuzz_rec_model_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_rec_model_LDADD = $(CORE_LIBS)
tests_fuzz_rec_current_SOURCES = tests/fuzz/rec_current.c $(FUZZ_COMMON)
tests_fuzz_rec_current_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_rec_current_LDADD = $(CORE_LIBS)
tests_fuzz_rec_spans_SOURCES = tests/fuzz/rec_spans.c $(FUZZ_COMMON)
tests_fuzz_rec_spans_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_rec_spans_LDADD = $(CORE_LIBS)
tests_fuzz_rec_learner_SOURCES = tests/fuzz/rec_learner.c $(FUZZ_COMMON)
tests_fuzz_rec_learner_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_rec_learner_LDADD = $(CORE_LIBS)
tests_fuzz_rec_derived_SOURCES = tests/fuzz/rec_derived.c $(FUZZ_COMMON)
tests_fuzz_rec_derived_LDFLAGS = $(FUZZ_LINK_FLAGS)
tests_fuzz_rec_derived_LDADD = $(CORE_LIBS)

fuzz:
if FUZZING
	$(MAKE) $(AM_MAKEFLAGS) check
else
	@echo "make fuzz: configure with --enable-fuzzing (and CC=clang) first" >&2; exit 2
endif
.PHONY: fuzz

FUZZ_DIST = tests/fuzz/README tests/fuzz/run.sh tests/fuzz/json.dict \
	tests/fuzz/csv.dict tests/fuzz/corpus tests/fuzz/regress
