/*
** Unit tests of the figure assembler (tf_extract): one short sentence or
** two per phenomenon in German, English and Russian, the sentence span,
** the parents table, and bad input (invalid UTF-8, NUL bytes, an empty
** text, a token limit). Runs under ASan/UBSan with LeakSanitizer, so the
** error paths are also checked for leaks.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "tf.h"
#include "tf_extract.h"
#include "tf_lexicon.h"

#define DATA "lua/tradefig/data/"
#define NLANG 3

static const char *const langs[NLANG] = {"de", "en", "ru"};
static tf_lexicon *lexica[NLANG], *gazetteers[NLANG];
static tf_parents *parents;

static void load_data(void) {
  size_t k, plen = 0, alen = 0, len = 0;
  char *places = check_slurp(DATA "gazetteer/places.json", &plen);
  char *aliases = check_slurp(DATA "gazetteer/aliases.json", &alen);
  tf_err err;
  CHECK(places != NULL && aliases != NULL, "gazetteer files");
  for (k = 0; k < NLANG; k++) {
    char path[128];
    char *json;
    snprintf(path, sizeof path, DATA "lexicon/%s.json", langs[k]);
    json = check_slurp(path, &len);
    CHECK(json != NULL && tf_lexicon_load(json, len, &lexica[k], &err) == TF_OK, path);
    free(json);
    if (places != NULL && aliases != NULL && lexica[k] != NULL)
      CHECK(tf_gazetteer_load(places, plen, aliases, alen, langs[k], lexica[k], &gazetteers[k], &err) == TF_OK,
            "gazetteer");
  }
  if (places != NULL) CHECK(tf_parents_load(places, plen, &parents, &err) == TF_OK, "parents");
  free(places);
  free(aliases);
}

static const tf_lexicon *lex(const char *lang) {
  size_t k;
  for (k = 0; k < NLANG; k++)
    if (strcmp(langs[k], lang) == 0) return lexica[k];
  return NULL;
}

static const tf_lexicon *gaz(const char *lang) {
  size_t k;
  for (k = 0; k < NLANG; k++)
    if (strcmp(langs[k], lang) == 0) return gazetteers[k];
  return NULL;
}

/* Extract with the document date 2024-12-05; returns the status code. */
static int run(const char *lang, const char *text, tf_figures *out) {
  tf_extract_opts opts;
  tf_err err;
  memset(&opts, 0, sizeof opts);
  opts.has_date = 1;
  opts.year = 2024;
  opts.month = 12;
  opts.day = 5;
  memset(out, 0, sizeof *out);
  return tf_extract(lex(lang), gaz(lang), parents, text, strlen(text), &opts, out, &err);
}

static int streq(const char *a, const char *b) {
  return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static int span_is(const char *text, tf_span s, const char *want) {
  return s.j - s.i == strlen(want) && memcmp(text + s.i, want, s.j - s.i) == 0;
}

/* The common fields of one figure. */
static int fig_is(const tf_figure *f, const char *flow, const char *rep, const char *par,
                  long long value, const char *cur, const char *from, const char *to) {
  if (!streq(f->flow, flow)) return 0;
  if (rep ? !streq(f->reporter, rep) : f->reporter != NULL) return 0;
  if (par ? !streq(f->partner, par) : f->partner != NULL) return 0;
  if (value != 0 && !(f->has_value && f->value_is_int && f->ivalue == value)) return 0;
  if (cur != NULL && strcmp(f->currency, cur) != 0) return 0;
  if (from != NULL && !(f->has_period && strcmp(f->from, from) == 0 && strcmp(f->to, to) == 0)) return 0;
  if (from == NULL && f->has_period) return 0;
  return 1;
}

static void test_parties_and_periods(void) {
  tf_figures F;
  const char *t;

  t = "Der Handelsumsatz zwischen Belarus und China erreichte im Januar-September 2024 5 Milliarden Dollar.";
  CHECK(run("de", t, &F) == TF_OK && F.n == 1, "de between: one figure");
  if (F.n == 1) {
    CHECK(fig_is(&F.v[0], "turnover", "BLR", "CHN", 5000000000LL, "USD", "2024-01", "2024-09"),
          "de: zwischen A und B, Januar-September");
    CHECK(span_is(t, F.v[0].span, "5 Milliarden Dollar"), "de: span");
    CHECK(F.v[0].nspans == 1 && F.v[0].span.i == F.spans[F.v[0].spans].i, "de: spans[0] is the span");
    CHECK(F.v[0].sentence.i == 0 && F.v[0].sentence.j == strlen(t), "de: the sentence");
    CHECK(streq(F.v[0].status, "actual") && F.v[0].change == TF_CHANGE_NONE, "de: actual, no change");
  }
  tf_figures_free(&F);

  t = "China's trade with Russia reached $240 billion in 2023.";
  CHECK(run("en", t, &F) == TF_OK && F.n == 1, "en trade with: one figure");
  if (F.n == 1)
    CHECK(fig_is(&F.v[0], "turnover", "CHN", "RUS", 240000000000LL, "USD", "2023-01", "2023-12"),
          "en: A's trade with B");
  tf_figures_free(&F);

  t = "Товарооборот Беларуси с Китаем в 2023 году составил 8 млрд долларов.";
  CHECK(run("ru", t, &F) == TF_OK && F.n == 1, "ru товарооборот с: one figure");
  if (F.n == 1)
    CHECK(fig_is(&F.v[0], "turnover", "BLR", "CHN", 8000000000LL, "USD", "2023-01", "2023-12"),
          "ru: товарооборот A с B");
  tf_figures_free(&F);

  /* the second sentence names neither side: the scene carries over */
  t = "Der Handel zwischen Belarus und China erreichte 2023 8 Mrd. Dollar. "
      "Die Exporte beliefen sich auf 5 Mrd. Dollar.";
  CHECK(run("de", t, &F) == TF_OK && F.n == 2, "carried over: two figures");
  if (F.n == 2) {
    CHECK(fig_is(&F.v[1], "export", "BLR", "CHN", 5000000000LL, "USD", "2023-01", "2023-12"),
          "carried-over reporter, partner and period");
    CHECK(F.v[1].sentence.i == 69 - 1 && F.v[1].sentence.j == strlen(t), "second sentence span");
  }
  tf_figures_free(&F);

  /* "в прошлом году" against the document date 2024-12-05 */
  t = "Экспорт Беларуси в Китай в прошлом году составил 3 млрд долларов.";
  CHECK(run("ru", t, &F) == TF_OK && F.n == 1, "ru last year: one figure");
  if (F.n == 1)
    CHECK(fig_is(&F.v[0], "export", "BLR", "CHN", 3000000000LL, "USD", "2023-01", "2023-12"),
          "ru: в прошлом году is 2023");
  tf_figures_free(&F);
}

static void test_changes(void) {
  tf_figures F;
  const char *t;

  t = "Импорт Беларуси из Китая в 2023 году сократился в 2,8 раза.";
  CHECK(run("ru", t, &F) == TF_OK && F.n == 1, "ru ratio: one figure");
  if (F.n == 1) {
    CHECK(fig_is(&F.v[0], "import", "BLR", "CHN", 0, NULL, "2023-01", "2023-12"), "ru: import from");
    CHECK(!F.v[0].has_value && F.v[0].currency[0] == '\0', "a change alone has no value");
    CHECK(F.v[0].change == TF_CHANGE_RATIO && F.v[0].change_value == 0.3571, "в 2,8 раза down = 1/2.8");
  }
  tf_figures_free(&F);

  t = "Товарооборот Беларуси с Китаем в 2023 году составил 8 млрд долларов, или 109,7% к уровню 2022 года.";
  CHECK(run("ru", t, &F) == TF_OK && F.n == 1, "ru index: one figure");
  if (F.n == 1) {
    CHECK(fig_is(&F.v[0], "turnover", "BLR", "CHN", 8000000000LL, "USD", "2023-01", "2023-12"),
          "ru: the level keeps its own year, not the base year");
    CHECK(F.v[0].change == TF_CHANGE_PCT && F.v[0].change_value == 9.7, "109,7% к уровню = +9.7");
  }
  tf_figures_free(&F);

  t = "US exports to China rose 12% in 2023 to $148 billion.";
  CHECK(run("en", t, &F) == TF_OK && F.n == 1, "en change attached: one figure");
  if (F.n == 1) {
    CHECK(fig_is(&F.v[0], "export", "USA", "CHN", 148000000000LL, "USD", "2023-01", "2023-12"),
          "en: exports to");
    CHECK(F.v[0].change == TF_CHANGE_PCT && F.v[0].change_value == 12.0, "the change of the same clause");
  }
  tf_figures_free(&F);

  t = "Britain's trade deficit with China was £30 billion in 2023.";
  CHECK(run("en", t, &F) == TF_OK && F.n == 1, "en deficit: one figure");
  if (F.n == 1)
    CHECK(fig_is(&F.v[0], "balance", "GBR", "CHN", -30000000000LL, "GBP", "2023-01", "2023-12"),
          "a deficit is a negative balance");
  tf_figures_free(&F);
}

static void test_lists_and_repeats(void) {
  tf_figures F;
  const char *t;

  t = "Die Exporte Chinas nach Kasachstan und Usbekistan beliefen sich 2023 auf 20,2 "
      "beziehungsweise 12,2 Milliarden Dollar.";
  CHECK(run("de", t, &F) == TF_OK && F.n == 2, "de respectively: two figures");
  if (F.n == 2) {
    CHECK(fig_is(&F.v[0], "export", "CHN", "KAZ", 20200000000LL, "USD", "2023-01", "2023-12"),
          "the first member takes the last one's scale and currency, and the first place");
    CHECK(F.v[0].value_is_int, "20,2 x 10^9 rounds to an integer");
    CHECK(span_is(t, F.v[0].span, "20,2"), "the bare member's span");
    CHECK(fig_is(&F.v[1], "export", "CHN", "UZB", 12200000000LL, "USD", "2023-01", "2023-12"),
          "the second member goes with the second place");
  }
  tf_figures_free(&F);

  t = "China's exports reached 8.47 trillion yuan (about 1.29 trillion U.S. dollars) in 2023.";
  CHECK(run("en", t, &F) == TF_OK && F.n == 2, "en conversion: two figures");
  if (F.n == 2) {
    CHECK(fig_is(&F.v[0], "export", "CHN", "WLD", 8470000000000LL, "CNY", "2023-01", "2023-12"),
          "the amount");
    CHECK(fig_is(&F.v[1], "export", "CHN", "WLD", 1290000000000LL, "USD", "2023-01", "2023-12"),
          "its conversion in brackets shares flow, parties and period");
    CHECK(F.v[1].qualifier == TF_QUAL_ABOUT, "about");
  }
  tf_figures_free(&F);

  t = "Der Handelsumsatz zwischen Belarus und China erreichte 2023 8 Mrd. Dollar. Wie gesagt, der "
      "Handelsumsatz zwischen Belarus und China erreichte 2023 8 Mrd. Dollar.";
  CHECK(run("de", t, &F) == TF_OK && F.n == 1, "a repeated statement is one figure");
  if (F.n == 1) {
    CHECK(F.v[0].nspans == 2 && F.nspans == 2, "with two spans");
    if (F.v[0].nspans == 2) {
      CHECK(span_is(t, F.spans[F.v[0].spans], "8 Mrd. Dollar") &&
            span_is(t, F.spans[F.v[0].spans + 1], "8 Mrd. Dollar") &&
            F.spans[F.v[0].spans].i < F.spans[F.v[0].spans + 1].i, "both places, in order");
    }
  }
  tf_figures_free(&F);
}

static void test_non_figures(void) {
  tf_figures F;
  const char *t;

  t = "Der Handelsumsatz zwischen Belarus und China soll die Marke von 5 Milliarden Dollar überschreiten.";
  CHECK(run("de", t, &F) == TF_OK && F.n == 1, "die Marke: one figure");
  if (F.n == 1) {
    CHECK(streq(F.v[0].status, "target"), "die Marke von 5 Milliarden is a target, not an actual figure");
    CHECK(!F.v[0].has_period, "with no period");
  }
  tf_figures_free(&F);

  CHECK(run("de", "Chinas Exporte stiegen 2023 um 300 Mio. Dollar.", &F) == TF_OK && F.n == 0,
        "an increment is not a level");
  tf_figures_free(&F);

  CHECK(run("de", "Belarus hat 2018 deutlich mehr Lebensmittel nach China geliefert. Ausländische "
                  "Investoren brachten mehr als $70 Mio. in die Region.", &F) == TF_OK && F.n == 0,
        "investment sums are not trade figures");
  tf_figures_free(&F);

  CHECK(run("en", "The weather was fine; 40 delegates came.", &F) == TF_OK && F.n == 0,
        "no trade figures");
  tf_figures_free(&F);
}

static void test_bad_input(void) {
  tf_figures F;
  tf_extract_opts opts;
  tf_err err;
  static const char nul[] = "Exports\0 of China\xFF rose to $5 billion in 2023.";
  const char *t;
  int rc;

  CHECK(run("en", "", &F) == TF_OK && F.n == 0 && F.nspans == 0, "empty text");
  tf_figures_free(&F);
  CHECK(run("ru", "   \n\n  ", &F) == TF_OK && F.n == 0, "blank text");
  tf_figures_free(&F);

  memset(&opts, 0, sizeof opts);
  opts.has_date = 1;
  opts.year = 2024;
  opts.month = 2;
  memset(&F, 0, sizeof F);
  rc = tf_extract(lex("en"), gaz("en"), parents, nul, sizeof nul - 1, &opts, &F, &err);
  CHECK(rc == TF_OK && F.n == 1, "NUL and invalid UTF-8: still one figure");
  CHECK(F.bad_utf8 == 2 && F.first_bad == 7, "NUL and invalid UTF-8: counted, the first named");
  if (F.n == 1) CHECK(F.v[0].has_value && F.v[0].ivalue == 5000000000LL, "NUL: the value");
  tf_figures_free(&F);

  /* a token limit: ELIMIT, nothing left allocated (LeakSanitizer) */
  t = "Der Handelsumsatz zwischen Belarus und China erreichte 2023 8 Mrd. Dollar.";
  opts.max_tokens = 3;
  memset(&F, 0, sizeof F);
  memset(&err, 0, sizeof err);
  rc = tf_extract(lex("de"), gaz("de"), parents, t, strlen(t), &opts, &F, &err);
  CHECK(rc == TF_ELIMIT && err.code == TF_ELIMIT && F.n == 0 && F.v == NULL, "max_tokens: ELIMIT");
  tf_figures_free(&F);
  tf_figures_free(NULL);

  /* without the gazetteer and the parents: figures without places, no crash */
  opts.max_tokens = 0;
  memset(&F, 0, sizeof F);
  rc = tf_extract(lex("de"), NULL, NULL, t, strlen(t), &opts, &F, &err);
  CHECK(rc == TF_OK && F.n == 1 && F.v[0].reporter == NULL, "no gazetteer: no parties");
  tf_figures_free(&F);

  /* without a date: today; a figure of 2023 is actual either way */
  memset(&F, 0, sizeof F);
  rc = tf_extract(lex("de"), gaz("de"), parents, t, strlen(t), NULL, &F, &err);
  CHECK(rc == TF_OK && F.n == 1 && streq(F.v[0].status, "actual"), "no options: today");
  tf_figures_free(&F);
}

static void test_parents(void) {
  tf_parents *p = NULL;
  tf_err err;
  static const char bad[] = "{\"places\": ";
  static const char shape[] = "{\"places\": 3}";
  static const char small[] = "{\"places\": [{\"alpha2\": \"BY\", \"code\": \"BLR\"}, {\"code\": \"BY-MI\"},"
                              " {\"alpha2\": \"by\", \"code\": \"XXX\"}]}";
  CHECK(streq(tf_parents_of(parents, "CN-GD"), "CHN"), "CN-GD -> CHN");
  CHECK(streq(tf_parents_of(parents, "BY-MI"), "BLR"), "BY-MI -> BLR");
  CHECK(tf_parents_of(parents, "CHN") == NULL, "a country has no parent");
  CHECK(tf_parents_of(parents, "cn-gd") == NULL && tf_parents_of(parents, "C") == NULL &&
        tf_parents_of(parents, NULL) == NULL && tf_parents_of(NULL, "CN-GD") == NULL, "odd codes");
  CHECK(tf_parents_load(bad, sizeof bad - 1, &p, &err) == TF_EPARSE && p == NULL, "not JSON: EPARSE");
  CHECK(tf_parents_load(shape, sizeof shape - 1, &p, &err) == TF_EPARSE && p == NULL, "no array: EPARSE");
  CHECK(tf_parents_load(small, sizeof small - 1, &p, &err) == TF_OK && p != NULL, "a small table");
  CHECK(streq(tf_parents_of(p, "BY-HM"), "BLR") && tf_parents_of(p, "XX-1") == NULL, "small: lookups");
  {
    static const char caps[] = "{\"capitals\": [\"BY-HM\"]}";
    static const char nocaps[] = "{\"groups\": []}";
    static const char notlist[] = "{\"capitals\": \"BY-HM\"}";
    static const char unknown[] = "{\"capitals\": [\"BY-HM\", \"XX-1\"]}";
    static const char broken[] = "{\"capitals\": [";
    CHECK(tf_parents_aliases(p, caps, sizeof caps - 1, &err) == TF_OK, "capitals: a list");
    CHECK(tf_parents_aliases(p, nocaps, sizeof nocaps - 1, &err) == TF_OK, "capitals: none is fine");
    CHECK(tf_parents_aliases(p, notlist, sizeof notlist - 1, &err) == TF_EPARSE &&
          strstr(err.msg, "array") != NULL, "capitals: not a list is EPARSE");
    CHECK(tf_parents_aliases(p, unknown, sizeof unknown - 1, &err) == TF_EPARSE &&
          strstr(err.msg, "capitals[2]") != NULL, "capitals: an unknown region is named");
    CHECK(tf_parents_aliases(p, broken, sizeof broken - 1, &err) == TF_EPARSE, "capitals: not JSON");
    {
      static const char fy[] = "{\"fiscal_year_start\": {\"BLR\": 7}}";
      static const char fybad[] = "{\"fiscal_year_start\": {\"BLR\": 13}}";
      static const char fykey[] = "{\"fiscal_year_start\": {\"by\": 7}}";
      static const char fyshape[] = "{\"fiscal_year_start\": [7]}";
      CHECK(tf_parents_aliases(p, fy, sizeof fy - 1, &err) == TF_OK, "fiscal: a month");
      CHECK(tf_parents_aliases(p, fybad, sizeof fybad - 1, &err) == TF_EPARSE &&
            strstr(err.msg, "BLR") != NULL, "fiscal: month 13 is EPARSE naming the country");
      CHECK(tf_parents_aliases(p, fykey, sizeof fykey - 1, &err) == TF_EPARSE, "fiscal: a bad code");
      CHECK(tf_parents_aliases(p, fyshape, sizeof fyshape - 1, &err) == TF_EPARSE, "fiscal: not an object");
    }
    CHECK(streq(tf_parents_of(p, "BY-HM"), "BLR"), "capitals: the countries stay");
  }
  tf_parents_free(p);
  tf_parents_free(NULL);
  /* the same countries from a loaded gazetteer, without places.json */
  p = NULL;
  CHECK(tf_parents_from_gazetteer(gazetteers[0], &p, &err) == TF_OK && p != NULL, "from the gazetteer");
  CHECK(streq(tf_parents_of(p, "CN-GD"), "CHN") && streq(tf_parents_of(p, "BY-MI"), "BLR") &&
        tf_parents_of(p, "CHN") == NULL, "from the gazetteer: lookups as from places.json");
  tf_parents_free(p);
  CHECK(streq(tf_gazetteer_country(gazetteers[0], "BY-MI"), "BLR") &&
        tf_gazetteer_country(gazetteers[0], "ZZ") == NULL && tf_gazetteer_country(lexica[0], "BY") == NULL &&
        tf_gazetteer_country(NULL, "BY") == NULL && tf_gazetteer_country(gazetteers[0], "b") == NULL,
        "tf_gazetteer_country: countries only from a gazetteer");
}

/* "Moskau und Peking": two capitals as the pair stand for their countries, with the capitals list */
static void test_capitals(void) {
  tf_figures F = {0};
  tf_err err;
  size_t alen;
  char *aliases = check_slurp(DATA "gazetteer/aliases.json", &alen);
  const char *t = "Moskau und Peking peilen ein Handelsvolumen von jährlich 200 Milliarden US-Dollar an.";
  CHECK(aliases != NULL && tf_parents_aliases(parents, aliases, alen, &err) == TF_OK, "load the capitals");
  CHECK(run("de", t, &F) == TF_OK && F.n == 1, "capitals: one figure");
  if (F.n == 1) {
    CHECK(streq(F.v[0].reporter, "RUS") && streq(F.v[0].partner, "CHN"), "capitals: RUS and CHN");
    CHECK(streq(F.v[0].status, "target"), "capitals: 'peilen ... an' is a target");
  }
  tf_figures_free(&F);
  free(aliases);
}

int main(void) {
  size_t k;
  load_data();
  test_parties_and_periods();
  test_changes();
  test_lists_and_repeats();
  test_non_figures();
  test_bad_input();
  test_parents();
  test_capitals();
  for (k = 0; k < NLANG; k++) {
    tf_lexicon_free(gazetteers[k]);
    tf_lexicon_free(lexica[k]);
  }
  tf_parents_free(parents);
  CHECK_DONE("test_extract");
}
