/*
** Unit tests of tf_lexicon and tf_amount: lexicon loading and errors, and
** the amount scanner on the forms trade news uses, in de, en and ru.
** Run from the repository root (the lexicons are read from lua/tradefig/data).
*/
#include <stdlib.h>

#include "check.h"
#include "tf_amount.h"
#include "tf_lexicon.h"

static tf_lexicon *load(const char *lang) {
  char path[128];
  size_t len = 0;
  char *json;
  tf_lexicon *lx = NULL;
  tf_err err;
  snprintf(path, sizeof path, "lua/tradefig/data/lexicon/%s.json", lang);
  json = check_slurp(path, &len);
  CHECK(json != NULL, path);
  if (json == NULL) return NULL;
  CHECK(tf_lexicon_load(json, len, &lx, &err) == TF_OK, path);
  free(json);
  return lx;
}

typedef struct acase {
  const char *lang;
  const char *text;
  tf_kind kind;
  double value;
  const char *currency;   /* or unit */
  int qualifier;
  int direction;
  const char *span;
} acase;

#define Q_EX TF_QUAL_EXACT
#define Q_OV TF_QUAL_OVER
#define Q_UN TF_QUAL_UNDER
#define Q_AB TF_QUAL_ABOUT
#define Q_NE TF_QUAL_NEARLY

static const acase cases[] = {
  {"de", "hat 2 Milliarden Dollar erreicht", TF_KIND_MONEY, 2e9, "USD", Q_EX, 0, "2 Milliarden Dollar"},
  {"de", "erreichte 2,5 Milliarden Dollar.", TF_KIND_MONEY, 2.5e9, "USD", Q_EX, 0, "2,5 Milliarden Dollar"},
  {"de", "über $800 Mio. erreicht", TF_KIND_MONEY, 8e8, "USD", Q_OV, 0, "über $800 Mio."},
  {"de", "422.728 Millionen US-Dollar", TF_KIND_MONEY, 422728e6, "USD", Q_EX, 0, "422.728 Millionen US-Dollar"},
  {"de", "etwa 26 Mrd. $ im Jahr", TF_KIND_MONEY, 26e9, "USD", Q_AB, 0, "etwa 26 Mrd. $"},
  {"de", "mindestens einer halben Milliarde Dollar", TF_KIND_MONEY, 5e8, "USD", Q_OV, 0, "mindestens einer halben Milliarde Dollar"},
  {"de", "rund sieben Milliarden Euro", TF_KIND_MONEY, 7e9, "EUR", Q_AB, 0, "rund sieben Milliarden Euro"},
  {"de", "knapp 296 Milliarden Dollar", TF_KIND_MONEY, 296e9, "USD", Q_NE, 0, "knapp 296 Milliarden Dollar"},
  {"de", "28,33 Billionen Yuan", TF_KIND_MONEY, 28.33e12, "CNY", Q_EX, 0, "28,33 Billionen Yuan"},
  {"de", "4,1 Milliarden Franken", TF_KIND_MONEY, 4.1e9, "CHF", Q_EX, 0, "4,1 Milliarden Franken"},
  {"de", "€ 94,6 Milliarden", TF_KIND_MONEY, 94.6e9, "EUR", Q_EX, 0, "€ 94,6 Milliarden"},
  {"de", "die $500-Millionen-Marke", TF_KIND_MONEY, 5e8, "USD", Q_EX, 0, "$500-Millionen"},
  {"de", "um 5,8 Prozent gestiegen", TF_KIND_PERCENT, 5.8, NULL, Q_EX, 1, "um 5,8 Prozent"},
  {"de", "sank um 7,2%", TF_KIND_PERCENT, 7.2, NULL, Q_EX, -1, "um 7,2%"},
  {"de", "Minus 6,2 Prozent", TF_KIND_PERCENT, -6.2, NULL, Q_EX, -1, "Minus 6,2 Prozent"},
  {"de", "ein Plus von +27%", TF_KIND_PERCENT, 27, NULL, Q_EX, 1, "+27%"},
  {"de", "stieg um das 132-fache", TF_KIND_MULTIPLIER, 132, NULL, Q_EX, 1, "um das 132-fache"},
  {"de", "wuchs 1,7 Mal", TF_KIND_MULTIPLIER, 1.7, NULL, Q_EX, 1, "1,7 Mal"},
  {"de", "hat sich verfünffacht", TF_KIND_MULTIPLIER, 5, NULL, Q_EX, 1, "verfünffacht"},
  {"de", "um 5,6 Prozentpunkte", TF_KIND_POINTS, 5.6, NULL, Q_EX, 0, "um 5,6 Prozentpunkte"},
  {"de", "mit 1 Tsd. t Milch", TF_KIND_QUANTITY, 1000, "t", Q_EX, 0, "1 Tsd. t"},
  {"de", "MINSK, 5. Dezember", TF_KIND_DATE, 5, NULL, Q_EX, 0, "5. Dezember"},
  {"de", "im Jahr 2023 war", TF_KIND_YEAR, 2023, NULL, Q_EX, 0, "2023"},
  {"de", "mehr als 700 Vertreter", TF_KIND_NUMBER, 700, NULL, Q_OV, 0, "mehr als 700"},
  {"de", "seit etwa zehn Jahren", TF_KIND_NUMBER, 10, NULL, Q_AB, 0, "etwa zehn"},
  {"de", "zweieinhalb Milliarden Euro", TF_KIND_MONEY, 2.5e9, "EUR", Q_EX, 0, "zweieinhalb Milliarden Euro"},
  {"en", "$3,083.4 million", TF_KIND_MONEY, 3083.4e6, "USD", Q_EX, 0, "$3,083.4 million"},
  {"en", "CNY10.3 trillion", TF_KIND_MONEY, 10.3e12, "CNY", Q_EX, 0, "CNY10.3 trillion"},
  {"en", "RMB 1.3 trillion", TF_KIND_MONEY, 1.3e12, "CNY", Q_EX, 0, "RMB 1.3 trillion"},
  {"en", "reached $3.72bn.", TF_KIND_MONEY, 3.72e9, "USD", Q_EX, 0, "$3.72bn"},
  {"en", "a gap of £6.4bn", TF_KIND_MONEY, 6.4e9, "GBP", Q_EX, 0, "£6.4bn"},
  {"en", "£400m", TF_KIND_MONEY, 4e8, "GBP", Q_EX, 0, "£400m"},
  {"en", "Dh1.395 trillion", TF_KIND_MONEY, 1.395e12, "AED", Q_EX, 0, "Dh1.395 trillion"},
  {"en", "half a billion US dollars", TF_KIND_MONEY, 5e8, "USD", Q_EX, 0, "half a billion US dollars"},
  {"en", "two and a half billion dollars", TF_KIND_MONEY, 2.5e9, "USD", Q_EX, 0, "two and a half billion dollars"},
  {"en", "about 1.29 trillion U.S. dollars", TF_KIND_MONEY, 1.29e12, "USD", Q_AB, 0, "about 1.29 trillion U.S. dollars"},
  {"en", "more than 8 trillion Russian rubles", TF_KIND_MONEY, 8e12, "RUB", Q_OV, 0, "more than 8 trillion Russian rubles"},
  {"en", "286 bln Belarusian rubles", TF_KIND_MONEY, 286e9, "BYN", Q_EX, 0, "286 bln Belarusian rubles"},
  {"en", "almost $50 bln", TF_KIND_MONEY, 50e9, "USD", Q_NE, 0, "almost $50 bln"},
  {"en", "$190,27 billion", TF_KIND_MONEY, 190.27e9, "USD", Q_EX, 0, "$190,27 billion"},
  {"en", "exports fell 7.8%", TF_KIND_PERCENT, 7.8, NULL, Q_EX, -1, "7.8%"},
  {"en", "grew 25 per cent", TF_KIND_PERCENT, 25, NULL, Q_EX, 1, "25 per cent"},
  {"en", "rose 1.7 times", TF_KIND_MULTIPLIER, 1.7, NULL, Q_EX, 1, "1.7 times"},
  {"en", "trade doubled", TF_KIND_MULTIPLIER, 2, NULL, Q_EX, 1, "doubled"},
  {"en", "7.7 percentage points", TF_KIND_POINTS, 7.7, NULL, Q_EX, 0, "7.7 percentage points"},
  {"en", "on November 9", TF_KIND_DATE, 9, NULL, Q_EX, 0, "November 9"},
  {"en", "some 6,000 firms", TF_KIND_NUMBER, 6000, NULL, Q_AB, 0, "some 6,000"},
  {"ru", "2 млрд 688 млн 360 тыс 900 долларов", TF_KIND_MONEY, 2688360900.0, "USD", Q_EX, 0, "2 млрд 688 млн 360 тыс 900 долларов"},
  {"ru", "около 1 млрд 400 млн долларов", TF_KIND_MONEY, 1.4e9, "USD", Q_AB, 0, "около 1 млрд 400 млн долларов"},
  {"ru", "девять миллиардов долларов", TF_KIND_MONEY, 9e9, "USD", Q_EX, 0, "девять миллиардов долларов"},
  {"ru", "полтора миллиарда долларов", TF_KIND_MONEY, 1.5e9, "USD", Q_EX, 0, "полтора миллиарда долларов"},
  {"ru", "$1 897,9 млн", TF_KIND_MONEY, 1897.9e6, "USD", Q_EX, 0, "$1 897,9 млн"},
  {"ru", "$352.4 млн", TF_KIND_MONEY, 352.4e6, "USD", Q_EX, 0, "$352.4 млн"},
  {"ru", "260 миллионов долларов США", TF_KIND_MONEY, 260e6, "USD", Q_EX, 0, "260 миллионов долларов США"},
  {"ru", "15,3 млрд евро", TF_KIND_MONEY, 15.3e9, "EUR", Q_EX, 0, "15,3 млрд евро"},
  {"ru", "свыше 5 млрд рублей", TF_KIND_MONEY, 5e9, "RUB", Q_OV, 0, "свыше 5 млрд рублей"},
  {"ru", "12 млн бел. руб.", TF_KIND_MONEY, 12e6, "BYN", Q_EX, 0, "12 млн бел. руб."},
  {"ru", "почти 3,6 триллиона долларов", TF_KIND_MONEY, 3.6e12, "USD", Q_NE, 0, "почти 3,6 триллиона долларов"},
  {"ru", "сократился в 2,8 раза", TF_KIND_MULTIPLIER, 2.8, NULL, Q_EX, -1, "в 2,8 раза"},
  {"ru", "вырос в 1,7 раза", TF_KIND_MULTIPLIER, 1.7, NULL, Q_EX, 1, "в 1,7 раза"},
  {"ru", "увеличился на 25,3 проц", TF_KIND_PERCENT, 25.3, NULL, Q_EX, 1, "на 25,3 проц"},
  {"ru", "снизился на 3,4%", TF_KIND_PERCENT, 3.4, NULL, Q_EX, -1, "на 3,4%"},
  {"ru", "489,6 тыс. тонн", TF_KIND_QUANTITY, 489600, "t", Q_EX, 0, "489,6 тыс. тонн"},
  {"ru", "17 января", TF_KIND_DATE, 17, NULL, Q_EX, 0, "17 января"},
  {"ru", "ТОВАРООБОРОТ ДОСТИГ 2 МЛРД ДОЛЛАРОВ", TF_KIND_MONEY, 2e9, "USD", Q_EX, 0, "2 МЛРД ДОЛЛАРОВ"},
};

static void test_cases(tf_lexicon *de, tf_lexicon *en, tf_lexicon *ru) {
  size_t k;
  for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
    const acase *c = &cases[k];
    const tf_lexicon *lx = c->lang[0] == 'd' ? de : c->lang[0] == 'e' ? en : ru;
    tf_amounts res = {0};
    tf_err err;
    size_t m;
    const tf_amount *hit = NULL;
    if (lx == NULL) continue;
    CHECK(tf_amount_scan(lx, c->text, strlen(c->text), NULL, &res, &err) == TF_OK, c->text);
    for (m = 0; m < res.n; m++)
      if (res.v[m].kind == c->kind) { hit = &res.v[m]; break; }
    CHECK(hit != NULL, c->text);
    if (hit != NULL) {
      const char *code = hit->currency[0] ? hit->currency : hit->unit[0] ? hit->unit : NULL;
      CHECK_NEAR(hit->value.d, c->value, c->text);
      CHECK((code == NULL && c->currency == NULL) ||
            (code != NULL && c->currency != NULL && strcmp(code, c->currency) == 0), c->text);
      CHECK(hit->qualifier == c->qualifier, c->text);
      CHECK(hit->direction == c->direction, c->text);
      CHECK(hit->j - hit->i == strlen(c->span) &&
            memcmp(c->text + hit->i, c->span, strlen(c->span)) == 0, c->text);
    }
    tf_amounts_free(&res);
  }
}

static void test_bad_text(tf_lexicon *de) {
  tf_amounts res = {0};
  tf_err err;
  tf_scan_opts opts = {0, 0};
  const char text[] = "2\xFF" "5 Mrd. $ und \0 3 Mio. Euro \xC0";
  char *big;
  size_t k;
  CHECK(tf_amount_scan(de, text, sizeof text - 1, NULL, &res, &err) == TF_OK, "scan with bad bytes");
  CHECK(res.bad_utf8 == 3 && res.first_bad == 1, "bad bytes counted, first at offset 1");
  CHECK(res.n >= 2 && res.v[res.n - 1].kind == TF_KIND_MONEY && res.v[res.n - 1].value.d == 3e6,
        "amount after NUL still found");
  tf_amounts_free(&res);
  CHECK(tf_amount_scan(de, "", 0, NULL, &res, &err) == TF_OK && res.n == 0, "empty text");
  tf_amounts_free(&res);
  big = (char *)malloc(3000);
  memset(big, '9', 3000);
  CHECK(tf_amount_scan(de, big, 3000, NULL, &res, &err) == TF_OK && res.n == 1, "3000 digits");
  CHECK(res.n == 1 && !tf_num_finite(&res.v[0].value), "3000 digits give an infinite value");
  tf_amounts_free(&res);
  for (k = 0; k < 3000; k++) big[k] = (k % 2) ? ' ' : '7';
  opts.max_amounts = 10;
  CHECK(tf_amount_scan(de, big, 3000, &opts, &res, &err) == TF_ELIMIT, "amount limit");
  CHECK(err.code == TF_ELIMIT && strstr(err.msg, "10") != NULL, "limit named in the message");
  tf_amounts_free(&res);
  free(big);
}

static void test_lexicon_errors(void) {
  tf_lexicon *lx = NULL;
  tf_err err;
  const char *trunc = "{\"lang\": \"xx\",\n \"scales\": [";
  const char *syntax = "{\"lang\": \"xx\",\n  \"scales\": [}\n";
  const char *noshape = "{\"lang\": \"xx\", \"scales\": [{\"exp\": \"nine\", \"words\": [\"x\"]}]}";
  const char *shortstem = "{\"lang\": \"xx\", \"percent\": [\"p*\"]}";
  const char *nolang = "{\"scales\": []}";
  const char *ok = "{\"lang\": \"xx\", \"scales\": [{\"exp\": 3, \"words\": [\"k\"]}], \"future_key\": 1}";
  memset(&err, 0, sizeof err);
  CHECK(tf_lexicon_load(trunc, strlen(trunc), &lx, &err) == TF_EPARSE && lx == NULL, "truncated JSON");
  CHECK(err.line == 2 && strstr(err.msg, "truncated") != NULL, "truncated JSON: line 2, says truncated");
  CHECK(tf_lexicon_load(syntax, strlen(syntax), &lx, &err) == TF_EPARSE, "syntax error");
  CHECK(err.line == 2 && err.column == 14, "syntax error at 2:14");
  CHECK(tf_lexicon_load(noshape, strlen(noshape), &lx, &err) == TF_EPARSE, "wrong type");
  CHECK(strstr(err.msg, "scales[0].exp") != NULL, "wrong type names the JSON path");
  CHECK(tf_lexicon_load(shortstem, strlen(shortstem), &lx, &err) == TF_EPARSE, "short stem");
  CHECK(strstr(err.msg, "stem") != NULL, "short stem explained");
  CHECK(tf_lexicon_load(nolang, strlen(nolang), &lx, &err) == TF_EPARSE, "missing lang");
  CHECK(tf_lexicon_load("", 0, &lx, &err) == TF_EPARSE, "empty lexicon");
  CHECK(tf_lexicon_load(ok, strlen(ok), &lx, &err) == TF_OK && lx != NULL, "unknown keys ignored");
  CHECK(lx != NULL && tf_lexicon_size(lx) == 1 && strcmp(tf_lexicon_lang(lx), "xx") == 0, "one entry");
  tf_lexicon_free(lx);
  tf_lexicon_free(NULL);
}

/*
** The per-document index (tf_lxindex_match) must answer every query as
** tf_lexicon_match does: each token, each end of the text (the view the
** direction search uses), each category and a few masks.
*/
static size_t index_disagreements(const tf_lexicon *lx, const char *text, unsigned index_mask) {
  size_t len = strlen(text), t, lim, bad = 0;
  unsigned c, m;
  char *folded = (char *)malloc(len + 1);
  tf_tokens toks = {0};
  tf_lxindex ix;
  tf_err err;
  static const unsigned masks[] = {
    TF_LXM(TF_LX_SCALE) | TF_LXM(TF_LX_CURRENCY), TF_LXM(TF_LX_TAG) | TF_LXM(TF_LX_MONTH),
    TF_LXM(TF_LX_UP) | TF_LXM(TF_LX_DOWN), TF_LXM(TF_LX_NUMBER) | TF_LXM(TF_LX_FRACTION),
    (1u << TF_LX_NCAT) - 1u};
  memset(&ix, 0, sizeof ix);
  if (folded == NULL) return 1;
  tf_fold(text, len, folded);
  if (tf_tokenize(text, len, &toks, 0, &err) != TF_OK ||
      tf_lxindex_build(&ix, lx, folded, &toks, NULL, index_mask, &err) != TF_OK)
    bad++;
  for (t = 0; t < toks.n && bad == 0; t++) {
    for (lim = t + 1; lim <= toks.n; lim++) {
      tf_tokens view = toks;
      view.n = lim;
      for (m = 0; m < TF_LX_NCAT + sizeof masks / sizeof masks[0]; m++) {
        unsigned mask = m < TF_LX_NCAT ? TF_LXM(m) : masks[m - TF_LX_NCAT];
        size_t n1 = 99, n2 = 99;
        const tf_lxentry *a = tf_lexicon_match(lx, folded, &view, t, mask, &n1);
        const tf_lxentry *b = tf_lxindex_match(&ix, t, lim, mask, &n2);
        if (a != b || (a != NULL && n1 != n2)) bad++;
      }
    }
  }
  c = 0;
  for (t = 0; t < toks.n; t++) c |= ix.cats[t];
  if (c == 0) bad++;                          /* the text must match something */
  tf_lxindex_free(&ix);
  tf_tokens_free(&toks);
  free(folded);
  return bad;
}

#define ALL_CATS ((1u << TF_LX_NCAT) - 1u)

static void test_index(tf_lexicon *de, tf_lexicon *en, tf_lexicon *ru) {
  /* prefixes, several entries on one first word, a dash phrase, multi-word phrases */
  const char *json =
    "{\"lang\": \"xx\", \"scales\": [{\"exp\": 9, \"words\": [\"Mrd.\", \"Milliarde*\", \"Milliardenhöhe\"]}],"
    " \"currencies\": [{\"code\": \"USD\", \"words\": [\"US-Dollar\", \"Dollar*\", \"$\", \"Dollar\"]}],"
    " \"percent\": [\"%\", \"Prozent*\", \"pro zent\"], \"points\": [\"Prozentpunkt*\", \"Prozent punkte\"],"
    " \"stopwords\": [\"der\", \"und\", \"pro\"], \"articles\": [\"der\"],"
    " \"direction\": {\"up\": [\"stieg*\", \"stieg an\"], \"down\": [\"sank\"]}}";
  tf_lexicon *lx = NULL;
  tf_err err;
  CHECK(tf_lexicon_load(json, strlen(json), &lx, &err) == TF_OK, "index: test lexicon loads");
  if (lx != NULL) {
    CHECK(index_disagreements(lx, "Der Umsatz stieg an, stiegen und sank: 2 Mrd. US-Dollar, "
                              "Dollars, Milliardenhöhe, pro zent\npro zent Prozentpunkte "
                              "Prozent punkte US - Dollar US-\nDollar Milli $ % der", ALL_CATS) == 0,
          "index agrees with tf_lexicon_match (prefixes, phrases, line breaks)");
    CHECK(index_disagreements(lx, "", ALL_CATS) == 1, "index of an empty text matches nothing");
    {
      /* stems short (4 bytes) and long (8 or more, gated on their first eight bytes) */
      const char *w = "Milliarden stiegen Dollars";
      char f[32];
      tf_tokens tk = {0};
      size_t n = 0;
      tf_fold(w, strlen(w), f);
      CHECK(tf_tokenize(w, strlen(w), &tk, 0, &err) == TF_OK && tk.n == 3, "stems: three words");
      CHECK(tf_lexicon_match(lx, f, &tk, 0, TF_LXM(TF_LX_SCALE), &n) != NULL && n == 1,
            "a long stem (Milliarde*) matches Milliarden");
      CHECK(tf_lexicon_match(lx, f, &tk, 1, TF_LXM(TF_LX_UP), &n) != NULL, "a short stem (stieg*) matches");
      CHECK(tf_lexicon_match(lx, f, &tk, 2, TF_LXM(TF_LX_CURRENCY), &n) != NULL,
            "a stem (Dollar*) matches Dollars");
      tf_tokens_free(&tk);
    }
    /* categories left out of the index are asked of the lexicon */
    CHECK(index_disagreements(lx, "der Dollar und 5 % pro zent, stieg an", TF_LXM(TF_LX_PERCENT)) == 0,
          "index of one category answers the others too");
  }
  tf_lexicon_free(lx);
  if (de != NULL)
    CHECK(index_disagreements(de, "Der Handel stieg im Januar-Oktober um 5,8 Prozent auf "
                              "rund zwei Milliarden US-Dollar, eine halbe Mrd. € mehr; "
                              "ca. 3 Mio. t, Nr. 5. Dezember, verdoppelt, sank um 7 %.", ALL_CATS) == 0,
          "index agrees with tf_lexicon_match (de)");
  if (en != NULL)
    CHECK(index_disagreements(en, "Trade rose by 5.8 percent to about two and a half billion "
                              "U.S. dollars in January-October; exports fell 3 times.", ALL_CATS) == 0,
          "index agrees with tf_lexicon_match (en)");
  if (ru != NULL)
    CHECK(index_disagreements(ru, "Товарооборот вырос на 5,8% и составил около двух с половиной "
                              "млрд долларов США в январе-октябре, экспорт сократился в 1,7 раза.", ALL_CATS) == 0,
          "index agrees with tf_lexicon_match (ru)");
}

int main(void) {
  tf_lexicon *de = load("de"), *en = load("en"), *ru = load("ru");
  test_cases(de, en, ru);
  test_index(de, en, ru);
  if (de != NULL) test_bad_text(de);
  test_lexicon_errors();
  tf_lexicon_free(de);
  tf_lexicon_free(en);
  tf_lexicon_free(ru);
  CHECK_DONE("test_amount");
}
