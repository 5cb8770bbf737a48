/*
** tf_text.c: UTF-8 scanning, case folding and tokens.
*/
#include <stdlib.h>
#include <string.h>

#include "tf_text.h"

#define TOKENS_MIN 64
#define TOKENS_GUESS (1u << 20) /* the most tokens reserved up front, before any is seen */

size_t tf_utf8_next(const char *s, size_t len, size_t i, uint32_t *cp) {
  const unsigned char *u = (const unsigned char *)s + i;
  size_t left = len - i, n, k;
  uint32_t c = u[0], min;
  if (c < 0x80) { *cp = c; return 1; }
  if (c >= 0xC2 && c <= 0xDF) { n = 2; c &= 0x1F; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { n = 3; c &= 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { n = 4; c &= 0x07; min = 0x10000; }
  else { *cp = TF_BADCP; return 1; }
  if (left < n) { *cp = TF_BADCP; return 1; }
  for (k = 1; k < n; k++) {
    if ((u[k] & 0xC0) != 0x80) { *cp = TF_BADCP; return 1; }
    c = (c << 6) | (u[k] & 0x3F);
  }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
    *cp = TF_BADCP;
    return 1;
  }
  *cp = c;
  return n;
}

int tf_utf8_check(const char *s, size_t len, size_t *bad) {
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    size_t n = tf_utf8_next(s, len, i, &cp);
    if (cp == TF_BADCP || cp == 0) {
      if (bad != NULL) *bad = i;
      return 0;
    }
    i += n;
  }
  return 1;
}

uint32_t tf_fold_cp(uint32_t c) {
  if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
  if (c >= 0x100 && c <= 0x17F) {
    if (c <= 0x137 || (c >= 0x14A && c <= 0x177)) return (c % 2 == 0) ? c + 1 : c;
    if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
      return (c % 2 == 1) ? c + 1 : c;
    if (c == 0x178) return 0xFF;
    return c;
  }
  if (c >= 0x400 && c <= 0x4FF) {
    if (c == 0x401 || c == 0x451) return 0x435;          /* Ё, ё -> е */
    if (c >= 0x410 && c <= 0x42F) return c + 0x20;
    if (c >= 0x400 && c <= 0x40F) return c + 0x50;
    if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) || (c >= 0x4D0))
      return (c % 2 == 0) ? c + 1 : c;
    if (c >= 0x4C1 && c <= 0x4CE) return (c % 2 == 1) ? c + 1 : c;
  }
  return c;
}

static size_t encode(uint32_t c, char *out) {
  if (c < 0x80) { out[0] = (char)c; return 1; }
  if (c < 0x800) {
    out[0] = (char)(0xC0 | (c >> 6));
    out[1] = (char)(0x80 | (c & 0x3F));
    return 2;
  }
  if (c < 0x10000) {
    out[0] = (char)(0xE0 | (c >> 12));
    out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[2] = (char)(0x80 | (c & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (c >> 18));
  out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
  out[3] = (char)(0x80 | (c & 0x3F));
  return 4;
}

/* Upper-case ASCII letters of x (eight bytes, none with its high bit) to lower case. */
static uint64_t fold_ascii8(uint64_t x) {
  const uint64_t ones = 0x0101010101010101u;
  uint64_t ge_a = x + ones * (0x80 - 'A');          /* high bit: byte >= 'A' */
  uint64_t gt_z = x + ones * (0x80 - 'Z' - 1);      /* high bit: byte > 'Z' */
  return x | (((ge_a & ~gt_z) & (ones * 0x80)) >> 2); /* + 0x20 where 'A'..'Z' */
}

/* tf_fold_cp with the common cases of Russian text inline. */
static uint32_t fold2(uint32_t c) {
  if (c >= 0x430 && c <= 0x44F) return c;          /* а..я stay, е too */
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;   /* А..Я */
  return tf_fold_cp(c);
}

void tf_fold(const char *s, size_t len, char *out) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    unsigned char b = u[i];
    if (b < 0x80) {
      /* ASCII: eight bytes at a time while none has its high bit, then byte by byte */
      while (i + 8 <= len) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        if (x & 0x8080808080808080u) break;
        x = fold_ascii8(x);
        memcpy(out + i, &x, 8);
        i += 8;
      }
      while (i < len && (b = u[i]) < 0x80) {
        out[i] = (char)((b >= 'A' && b <= 'Z') ? b + 32 : b);
        i++;
      }
    } else if (b >= 0xC2 && b <= 0xDF && i + 1 < len && (u[i + 1] & 0xC0) == 0x80) {
      /* two bytes (Latin, Cyrillic): decode and encode in place */
      uint32_t cp = ((uint32_t)(b & 0x1F) << 6) | (u[i + 1] & 0x3Fu), f = fold2(cp);
      if (f != cp && f >= 0x80 && f < 0x800) {
        out[i] = (char)(0xC0 | (f >> 6));
        out[i + 1] = (char)(0x80 | (f & 0x3F));
      } else {
        out[i] = s[i];
        out[i + 1] = s[i + 1];
      }
      i += 2;
    } else {
      uint32_t cp, f;
      size_t n = tf_utf8_next(s, len, i, &cp);
      if (cp != TF_BADCP && (f = tf_fold_cp(cp)) != cp) {
        char tmp[4];
        if (encode(f, tmp) == n) memcpy(out + i, tmp, n);
        else memcpy(out + i, s + i, n);
      } else {
        memcpy(out + i, s + i, n);
      }
      i += n;
    }
  }
}

int tf_is_space(uint32_t c) {
  return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

int tf_is_dash(uint32_t c) {
  return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE63 || c == 0xFF0D;
}

int tf_is_letter(uint32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c < 0xC0) return c == 0xAA || c == 0xB5 || c == 0xBA;
  if (c == 0xD7 || c == 0xF7) return 0;
  if (c < 0x2000) return 1;                         /* Latin, Greek, Cyrillic, ... */
  if (c < 0x2C00) return 0;                         /* punctuation, symbols, arrows */
  if (c >= 0x3000 && c <= 0x303F) return 0;         /* CJK punctuation */
  if (c >= 0xFE30 && c <= 0xFE6F) return 0;
  if (c >= 0xFF00 && c <= 0xFF20) return 0;
  if (c == TF_BADCP) return 0;
  return c < 0xE000 || c >= 0xF900;                 /* not private use */
}

/* Space-like characters that group thousands inside a numeral. */
static int is_group_space(uint32_t c) {
  return c == ' ' || c == 0xA0 || c == 0x202F || c == 0x2009 || c == '\'' || c == 0x2019;
}

static int is_digit_at(const char *s, size_t len, size_t i) {
  return i < len && s[i] >= '0' && s[i] <= '9';
}

static size_t digit_run(const char *s, size_t len, size_t i) {
  size_t k = i;
  while (is_digit_at(s, len, k)) k++;
  return k - i;
}

/*
** End of the numeral starting at s[i] (a digit). Space-like group separators
** are taken only before the first "." or ",", only after a group of at most
** three digits, and only when exactly three digits follow.
*/
static size_t numeral_end(const char *s, size_t len, size_t i) {
  size_t k = i + digit_run(s, len, i);
  size_t group = k - i;
  int punct_seen = 0;
  for (;;) {
    if (k + 1 < len && (s[k] == '.' || s[k] == ',') && is_digit_at(s, len, k + 1)) {
      size_t d = digit_run(s, len, k + 1);
      k += 1 + d;
      group = d;
      punct_seen = 1;
      continue;
    }
    if (!punct_seen && group >= 1 && group <= 3 && k < len) {
      uint32_t cp;
      size_t n = tf_utf8_next(s, len, k, &cp);
      if (cp != TF_BADCP && is_group_space(cp) && digit_run(s, len, k + n) == 3) {
        k += n + 3;
        group = 3;
        continue;
      }
    }
    return k;
  }
}

/* Classes of the ASCII bytes, for the tokenizer's fast path. */
enum { SP = 1, BR = 2, DG = 4, LT = 8, DS = 16, ST = 32, BD = 64 };
static const unsigned char ascii_class[128] = {
  BD, 0, 0, 0, 0, 0, 0, 0,                    /* NUL is a bad byte */
  0, SP, SP | BR, SP, SP, SP, 0, 0,           /* \t \n \v \f \r */
  0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0,
  SP, ST, 0, 0, 0, 0, 0, 0,                   /* space ! */
  0, 0, 0, 0, 0, DS, ST, 0,                   /* - . */
  DG, DG, DG, DG, DG, DG, DG, DG,
  DG, DG, 0, ST, 0, 0, 0, ST,                 /* ; ? */
  0, LT, LT, LT, LT, LT, LT, LT,
  LT, LT, LT, LT, LT, LT, LT, LT,
  LT, LT, LT, LT, LT, LT, LT, LT,
  LT, LT, LT, 0, 0, 0, 0, 0,
  0, LT, LT, LT, LT, LT, LT, LT,
  LT, LT, LT, LT, LT, LT, LT, LT,
  LT, LT, LT, LT, LT, LT, LT, LT,
  LT, LT, LT, 0, 0, 0, 0, 0,
};

/* tf_utf8_next with the two-byte case (Latin, Cyrillic) inline. */
static size_t next_cp(const char *s, size_t len, size_t i, uint32_t *cp) {
  const unsigned char *u = (const unsigned char *)s + i;
  if (u[0] < 0x80) { *cp = u[0]; return 1; }
  if (u[0] >= 0xC2 && u[0] <= 0xDF && i + 1 < len && (u[1] & 0xC0) == 0x80) {
    *cp = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3Fu);
    return 2;
  }
  return tf_utf8_next(s, len, i, cp);
}

static int grow_tokens(tf_tokens *t, size_t at, tf_err *err) {
  size_t ncap = t->cap ? t->cap * 2 : TOKENS_MIN;
  tf_token *nv = (tf_token *)realloc(t->v, ncap * sizeof *nv);
  if (nv == NULL) return tf_err_set(err, TF_ENOMEM, at, "not enough memory for tokens");
  t->v = nv;
  t->cap = ncap;
  return TF_OK;
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define WORD_SWAR 1
/*
** The ASCII letters among eight bytes of text (the first byte lowest), as
** the high bit of each: a byte is one when it is below 0x80 and, with bit
** 0x20 set (lower case), in 'a'..'z'. No sum carries into the next byte.
*/
static uint64_t ascii_letters8(uint64_t v) {
  const uint64_t ones = 0x0101010101010101u, high = ones * 0x80;
  uint64_t y = (v | ones * 0x20) & ~high;
  uint64_t ge_a = y + ones * (0x80 - 'a');
  uint64_t gt_z = y + ones * (0x80 - 'z' - 1);
  return ge_a & ~gt_z & ~v & high;
}
#endif

/* End of the word whose letters run from s[j] on (letters and combining marks). */
static size_t word_end(const char *s, size_t len, size_t j) {
  const unsigned char *u = (const unsigned char *)s;
  while (j < len) {
    uint32_t c;
    size_t m;
#ifdef WORD_SWAR
    if (u[j] < 0x80 && j + 8 <= len) {       /* eight ASCII letters at a time */
      uint64_t v, other;
      memcpy(&v, s + j, 8);
      other = ~ascii_letters8(v) & 0x8080808080808080u;
      if (other == 0) {
        j += 8;
        continue;
      }
      j += (size_t)__builtin_ctzll(other) / 8;   /* the first byte that is no ASCII letter */
    }
#endif
    if (u[j] < 0x80) {                       /* ASCII: a table lookup */
      if (!(ascii_class[u[j]] & LT)) break;
      j++;
      continue;
    }
    /* two bytes from U+00C0 to U+07FF (Latin, Greek, Cyrillic, combining marks) are all
       letters to tf_is_letter but for the signs U+00D7 and U+00F7 */
    if (u[j] >= 0xC3 && u[j] <= 0xDF && j + 1 < len && (u[j + 1] & 0xC0) == 0x80 &&
        !(u[j] == 0xC3 && (u[j + 1] == 0x97 || u[j + 1] == 0xB7))) {
      j += 2;
      continue;
    }
    m = next_cp(s, len, j, &c);
    if (!tf_is_letter(c) && !(c >= 0x300 && c <= 0x36F)) break;
    j += m;
  }
  return j;
}

/*
** One code point at a time; ASCII goes by the class table, the rest by the
** Unicode predicates (the two agree on ASCII).
*/
int tf_tokenize(const char *s, size_t len, tf_tokens *toks, size_t max, tf_err *err) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  unsigned flags = 0;
  /* room for the tokens the text likely holds (prose runs three to six bytes a token), so
     that an article's tokens are not copied over and over as the array doubles */
  if (toks->cap == 0 && len / 3 > TOKENS_MIN) {
    size_t guess = len / 3 < TOKENS_GUESS ? len / 3 : TOKENS_GUESS;
    tf_token *v = (tf_token *)realloc(toks->v, guess * sizeof *v);
    if (v == NULL) return tf_err_set(err, TF_ENOMEM, 0, "not enough memory for tokens");
    toks->v = v;
    toks->cap = guess;
  }
  while (i < len) {
    uint32_t cp;
    size_t n, j;
    unsigned type, f = flags;
    tf_token *tk;
    int rc;
    if (u[i] < 0x80) {
      unsigned c = ascii_class[u[i]];
      if (c & SP) {
        flags |= TF_TOKF_SPACE | ((c & BR) ? TF_TOKF_BREAK : 0u);
        i++;
        continue;
      }
      if (c & DG) {
        j = numeral_end(s, len, i);
        type = TF_TOK_NUM;
      } else if (c & LT) {
        j = word_end(s, len, i + 1);
        type = TF_TOK_WORD;
      } else {
        if (c & BD) f |= TF_TOKF_BAD;
        else if (c & DS) f |= TF_TOKF_DASH;
        else if (c & ST) f |= TF_TOKF_STOP;
        j = i + 1;
        type = TF_TOK_PUNCT;
      }
    } else {
      n = next_cp(s, len, i, &cp);
      if (cp != TF_BADCP && tf_is_space(cp)) {
        flags |= TF_TOKF_SPACE;
        if (cp == 0x2028 || cp == 0x2029) flags |= TF_TOKF_BREAK;
        i += n;
        continue;
      }
      if (tf_is_letter(cp)) {
        j = word_end(s, len, i + n);
        type = TF_TOK_WORD;
      } else {
        if (cp == TF_BADCP) f |= TF_TOKF_BAD;
        else if (tf_is_dash(cp)) f |= TF_TOKF_DASH;
        j = i + n;
        type = TF_TOK_PUNCT;
      }
    }
    /* the token [i, j): one place appends, so that it stays inline */
    if (max != 0 && toks->n >= max)
      return tf_err_set(err, TF_ELIMIT, i, "more than %zu tokens in one text", max);
    if (toks->n == toks->cap && (rc = grow_tokens(toks, i, err)) != TF_OK) return rc;
    tk = &toks->v[toks->n++];
    tk->i = i;
    tk->j = j;
    tk->type = (unsigned short)type;
    tk->flags = (unsigned short)f;
    i = j;
    flags = 0;
  }
  return TF_OK;
}

void tf_tokens_free(tf_tokens *toks) {
  if (toks == NULL) return;
  free(toks->v);
  toks->v = NULL;
  toks->n = toks->cap = 0;
}
