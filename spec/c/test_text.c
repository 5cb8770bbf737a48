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

/*
** {======================================================
** Fast paths against the plain definitions
** =======================================================
** tf_fold and tf_tokenize take ASCII eight bytes or one table lookup at a
** time and decode two-byte sequences inline. These references go one code
** point at a time through tf_utf8_next and the Unicode predicates, as the
** code did before; both must agree on any bytes.
*/

static void ref_fold(const char *s, size_t len, char *out) {
  size_t i = 0;
  while (i < len) {
    uint32_t cp, f;
    size_t n = tf_utf8_next(s, len, i, &cp);
    memcpy(out + i, s + i, n);
    if (cp != TF_BADCP && (f = tf_fold_cp(cp)) != cp) {
      /* same encoded length only (true of every mapping of tf_fold_cp) */
      if (n == 1 && f < 0x80) out[i] = (char)f;
      if (n == 2 && f >= 0x80 && f < 0x800) {
        out[i] = (char)(0xC0 | (f >> 6));
        out[i + 1] = (char)(0x80 | (f & 0x3F));
      }
    }
    i += n;
  }
}

static int ref_digit(const char *s, size_t len, size_t i) {
  return i < len && s[i] >= '0' && s[i] <= '9';
}

static size_t ref_digits(const char *s, size_t len, size_t i) {
  size_t k = i;
  while (ref_digit(s, len, k)) k++;
  return k - i;
}

static size_t ref_numeral_end(const char *s, size_t len, size_t i) {
  size_t k = i + ref_digits(s, len, i), group = k - i;
  int punct_seen = 0;
  for (;;) {
    uint32_t cp;
    size_t n;
    if (k + 1 < len && (s[k] == '.' || s[k] == ',') && ref_digit(s, len, k + 1)) {
      size_t d = ref_digits(s, len, k + 1);
      k += 1 + d;
      group = d;
      punct_seen = 1;
      continue;
    }
    if (punct_seen || group < 1 || group > 3 || k >= len) return k;
    n = tf_utf8_next(s, len, k, &cp);
    if (!(cp == ' ' || cp == 0xA0 || cp == 0x202F || cp == 0x2009 || cp == '\'' || cp == 0x2019) ||
        ref_digits(s, len, k + n) != 3)
      return k;
    k += n + 3;
    group = 3;
  }
}

/* Tokens as (i, j, type, flags) quadruples into out; returns their number. */
static size_t ref_tokenize(const char *s, size_t len, size_t *out, size_t max) {
  size_t i = 0, nt = 0;
  unsigned flags = 0;
  while (i < len && nt < max) {
    uint32_t cp;
    size_t n = tf_utf8_next(s, len, i, &cp), j = i + n;
    unsigned type = TF_TOK_PUNCT, f = flags;
    if (cp != TF_BADCP && cp != 0 && tf_is_space(cp)) {
      flags |= TF_TOKF_SPACE;
      if (cp == '\n' || cp == 0x2028 || cp == 0x2029) flags |= TF_TOKF_BREAK;
      i += n;
      continue;
    }
    if (cp >= '0' && cp <= '9') {
      type = TF_TOK_NUM;
      j = ref_numeral_end(s, len, i);
    } else if (tf_is_letter(cp)) {
      uint32_t c2;
      size_t m;
      type = TF_TOK_WORD;
      while (j < len && (m = tf_utf8_next(s, len, j, &c2)) > 0 &&
             (tf_is_letter(c2) || (c2 >= 0x300 && c2 <= 0x36F)))
        j += m;
    } else if (cp == TF_BADCP || cp == 0) {
      f |= TF_TOKF_BAD;
    } else if (tf_is_dash(cp)) {
      f |= TF_TOKF_DASH;
    } else if (cp == '.' || cp == '!' || cp == '?' || cp == ';') {
      f |= TF_TOKF_STOP;
    }
    out[4 * nt] = i;
    out[4 * nt + 1] = j;
    out[4 * nt + 2] = type;
    out[4 * nt + 3] = f;
    nt++;
    flags = 0;
    i = j;
  }
  return nt;
}

/* Do tf_fold and tf_tokenize agree with the references on s[0..len)? */
static int agrees(const char *s, size_t len) {
  char *a = (char *)malloc(len + 1), *b = (char *)malloc(len + 1);
  size_t *want = (size_t *)malloc((4 * len + 4) * sizeof *want), nw, k;
  tf_tokens t = {0};
  tf_err err;
  int ok = a != NULL && b != NULL && want != NULL;
  if (ok) {
    tf_fold(s, len, a);
    ref_fold(s, len, b);
    ok = memcmp(a, b, len) == 0;
  }
  if (ok) {
    nw = ref_tokenize(s, len, want, len + 1);
    ok = tf_tokenize(s, len, &t, 0, &err) == TF_OK && t.n == nw;
    for (k = 0; ok && k < nw; k++)
      ok = t.v[k].i == want[4 * k] && t.v[k].j == want[4 * k + 1] &&
           t.v[k].type == want[4 * k + 2] && t.v[k].flags == want[4 * k + 3];
  }
  tf_tokens_free(&t);
  free(a);
  free(b);
  free(want);
  return ok;
}

static void test_fast_paths(void) {
  /* pieces: ASCII of every class, Latin-1, Cyrillic, 3- and 4-byte, invalid and truncated */
  static const char *const pieces[] = {
    "a", "Z", "Straße", "ÄÖÜ", "МИНСК", "Ёлка", "ŁÓDŹ", "ÿŸ", "1", "22", "3,5", "1.000", "7 500",
    "8\xC2\xA0" "000", "9\xE2\x80\xAF" "000", " ", "\n", "\t", "\r", "\x0B", "\x0C", "-",
    "\xE2\x80\x93", "\xE2\x88\x92", ".", "!", "?", ";", ",", "%", "$", "\xE2\x82\xAC", "\x7F",
    "\xC2\xA0", "\xE2\x80\xA8", "\xE2\x80\xA9", "\xF0\x9F\x98\x80", "\xCC\x81", "\xFF", "\xC0",
    "\xC3", "\xE2\x80", "\xF0\x9F\x98", "\xED\xA0\x80", "\xC0\xAF", "\xD0", "\xD7", "\xC3\x97",
    "\xC2\xAB", "'", "\xE2\x80\x99", "ABCDEFGHIJKLMNOPQRSTUVWXYZ@[`{", "abcdefghij",
    "\xC3\xB7", "\xC2\xAA", "\xC2\xB5", "\xCE\xBB", "\xDF\xBF", "\xC3\x80", "\xC3\xBF",
    "\xD0\x9C\xD0\xB8\xD0\xBD\xD1\x81\xD0\xBA"};
  size_t np = sizeof pieces / sizeof pieces[0], k, r;
  char buf[256];
  unsigned seed = 12345;
  int all = 1;
  CHECK(agrees("", 0), "fast paths: empty text");
  CHECK(agrees("a\0b\0", 4), "fast paths: NUL bytes are bad tokens");
  CHECK(agrees("Mrd.\xF0\x9F\x98\x80", 8), "fast paths: a 4-byte code point at the end");
  CHECK(agrees("MINSK \xF0\x9F\x98", 9), "fast paths: a truncated 4-byte sequence at the end");
  CHECK(agrees("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz@[`{", 66),
        "fast paths: ASCII eight bytes at a time, letters at the class edges");
  CHECK(agrees("МИНСК\xD0", 11), "fast paths: a lead byte at the end");
  for (k = 0; k < np; k++) all &= agrees(pieces[k], strlen(pieces[k]));
  CHECK(all, "fast paths: every piece alone");
  /* random strings of pieces, so that every fast path meets every neighbour and the end */
  for (r = 0; r < 3000 && all; r++) {
    size_t len = 0;
    while (len < 200) {
      const char *p;
      seed = seed * 1103515245u + 12345u;
      p = pieces[(seed >> 8) % np];
      if (len + strlen(p) >= sizeof buf) break;
      memcpy(buf + len, p, strlen(p));
      len += strlen(p);
      if (((seed >> 20) & 7) == 0) break;
    }
    all &= agrees(buf, len);
  }
  CHECK(all, "fast paths: 3000 random texts fold and tokenize as the references");
}

/* }====================================================== */

int main(void) {
  test_utf8();
  test_fold();
  test_tokens();
  test_fast_paths();
  CHECK_DONE("test_text");
}
