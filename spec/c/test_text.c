/*
** Unit tests of tf_text: UTF-8 decoding, case folding, tokens.
*/
#include "check.h"
#include "tf_text.h"

static void test_utf8(void) {
  uint32_t cp;
  size_t bad = 99;
  CHECK(tf_utf8_next("\xC3\xA4", 2, 0, &cp) == 2 && cp == 0xE4, "two-byte a-umlaut");
  CHECK(tf_utf8_next("\xE2\x80\xAF", 3, 0, &cp) == 3 && cp == 0x202F, "three-byte U+202F");
  CHECK(tf_utf8_next("\xF0\x9F\x98\x80", 4, 0, &cp) == 4 && cp == 0x1F600, "four-byte emoji");
  CHECK(tf_utf8_next("\xC0\xAF", 2, 0, &cp) == 1 && cp == TF_BADCP, "overlong slash is invalid");
  CHECK(tf_utf8_next("\xED\xA0\x80", 3, 0, &cp) == 1 && cp == TF_BADCP, "surrogate is invalid");
  CHECK(tf_utf8_next("\xE2\x80", 2, 0, &cp) == 1 && cp == TF_BADCP, "truncated sequence is invalid");
  CHECK(tf_utf8_next("\xF5\x80\x80\x80", 4, 0, &cp) == 1 && cp == TF_BADCP, "beyond U+10FFFF is invalid");
  CHECK(tf_utf8_check("abc \xD0\x96", 6, &bad), "valid text passes");
  CHECK(!tf_utf8_check("ab\xFF" "c", 4, &bad) && bad == 2, "0xFF found at offset 2");
  CHECK(!tf_utf8_check("ab\0c", 4, &bad) && bad == 2, "NUL found at offset 2");
}

static void test_fold(void) {
  char out[64];
  const char *in = "ÄÖÜ Straße МИНСК Ёлка ŁÓDŹ ABC";
  const char *want = "äöü straße минск елка łódź abc";
  tf_fold(in, strlen(in), out);
  CHECK(memcmp(out, want, strlen(want)) == 0, "folds Latin, German, Cyrillic, Polish; Ё to е");
  CHECK(tf_fold_cp(0x401) == 0x435, "Ё folds to е");
  CHECK(tf_fold_cp(0x451) == 0x435, "ё folds to е");
  CHECK(tf_fold_cp(0xDF) == 0xDF, "ß stays");
  CHECK(tf_fold_cp(0xD7) == 0xD7, "multiplication sign is no letter");
  tf_fold("\xFF" "A", 2, out);
  CHECK((unsigned char)out[0] == 0xFF && out[1] == 'a', "invalid bytes are copied, the rest folded");
}

static size_t tokens(const char *s, tf_tokens *t) {
  tf_err err;
  t->n = 0;
  if (tf_tokenize(s, strlen(s), t, 0, &err) != TF_OK) return (size_t)-1;
  return t->n;
}

static int tok_is(const char *s, const tf_tokens *t, size_t k, const char *want, int type) {
  size_t n = strlen(want);
  return k < t->n && t->v[k].j - t->v[k].i == n && memcmp(s + t->v[k].i, want, n) == 0 &&
         t->v[k].type == type;
}

static void test_tokens(void) {
  tf_tokens t = {0};
  const char *s;
  s = "$3,083.4 million";
  CHECK(tokens(s, &t) == 3, "three tokens");
  CHECK(tok_is(s, &t, 0, "$", TF_TOK_PUNCT), "dollar sign");
  CHECK(tok_is(s, &t, 1, "3,083.4", TF_TOK_NUM), "numeral with both separators");
  CHECK(tok_is(s, &t, 2, "million", TF_TOK_WORD), "scale word");
  s = "22 596,4 и 2023 250";
  CHECK(tokens(s, &t) == 4, "space groups only before three digits after a short group");
  CHECK(tok_is(s, &t, 0, "22 596,4", TF_TOK_NUM), "22 596,4 is one numeral");
  CHECK(tok_is(s, &t, 2, "2023", TF_TOK_NUM), "2023 does not join 250");
  s = "CNY10.3 trillion, 5m";
  CHECK(tokens(s, &t) == 6, "letters and digits split");
  CHECK(tok_is(s, &t, 0, "CNY", TF_TOK_WORD) && tok_is(s, &t, 1, "10.3", TF_TOK_NUM), "CNY10.3");
  CHECK(!(t.v[1].flags & TF_TOKF_SPACE), "no space between CNY and 10.3");
  CHECK(tok_is(s, &t, 5, "m", TF_TOK_WORD) && !(t.v[5].flags & TF_TOKF_SPACE), "5m attached");
  s = "2,5, 15,6 und 1.";
  CHECK(tokens(s, &t) == 6, "list commas are punctuation");
  CHECK(tok_is(s, &t, 0, "2,5", TF_TOK_NUM) && tok_is(s, &t, 2, "15,6", TF_TOK_NUM), "list items");
  CHECK(t.v[5].flags & TF_TOKF_STOP, "final point ends a sentence");
  s = "US-Dollar \xE2\x80\x93 x";
  CHECK(tokens(s, &t) == 5, "hyphen and en dash are tokens");
  CHECK((t.v[1].flags & TF_TOKF_DASH) && (t.v[3].flags & TF_TOKF_DASH), "both are dashes");
  s = "a\nb";
  CHECK(tokens(s, &t) == 2 && (t.v[1].flags & TF_TOKF_BREAK), "line break flagged");
  s = "x\xFFy";
  CHECK(tokens(s, &t) == 3 && (t.v[1].flags & TF_TOKF_BAD), "invalid byte is a bad token");
  CHECK(tokens("", &t) == 0, "empty text has no tokens");
  {
    tf_err err;
    t.n = 0;
    CHECK(tf_tokenize("a b c d", 7, &t, 2, &err) == TF_ELIMIT && err.code == TF_ELIMIT,
          "token limit reported");
  }
  tf_tokens_free(&t);
  tf_tokens_free(&t);
  CHECK(t.v == NULL && t.n == 0, "free is idempotent");
}

int main(void) {
  test_utf8();
  test_fold();
  test_tokens();
  CHECK_DONE("test_text");
}
