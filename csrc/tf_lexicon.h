/*
** tf_lexicon.h: a language's words for amounts, loaded from JSON.
**
** A lexicon maps phrases (one or more words, matched case-insensitively on
** whole tokens; a trailing "*" makes the last word a prefix, for
** inflection) to categories: scale words, currencies, qualifiers, spelled
** numbers, percent words and so on. See lua/tradefig/data/lexicon/.
*/
#ifndef TF_LEXICON_H
#define TF_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "tf.h"
#include "tf_number.h"
#include "tf_text.h"

typedef enum tf_lxcat {
  TF_LX_SCALE = 0,     /* Mrd., billion, млрд: ival = exponent of ten */
  TF_LX_CURRENCY,      /* $, Dollar, долларов: code = ISO 4217 */
  TF_LX_QUALIFIER,     /* über, about, около: ival = TF_QUAL_* */
  TF_LX_NUMBER,        /* zwei, ten, девять: num; flags WEAK (ein, a), MUL (hundred) */
  TF_LX_FRACTION,      /* halbe, half, полтора: num */
  TF_LX_CONNECT,       /* und, and, и (two and a half) */
  TF_LX_ARTICLE,       /* a, an (half a billion) */
  TF_LX_PERCENT,       /* %, Prozent, процент */
  TF_LX_POINTS,        /* Prozentpunkte, percentage points, п.п. */
  TF_LX_TIMES,         /* Mal, times, раза, -fache */
  TF_LX_MULTVERB,      /* verdoppelt, doubled: num = factor, ival = direction (0: from context) */
  TF_LX_SIGN,          /* plus, minus, +: ival = +1 or -1 */
  TF_LX_CHANGEPREP,    /* um, на: "um 5 %" */
  TF_LX_TIMESPREP,     /* в, um das: "в 2,8 раза" */
  TF_LX_UP,            /* stieg, rose, вырос */
  TF_LX_DOWN,          /* sank, fell, снизился */
  TF_LX_UNIT,          /* t, Tonnen, km: code = unit */
  TF_LX_MONTH,         /* Januar, Jan.: ival = 1..12 */
  TF_LX_STOP,          /* frequent function words, for language detection */
  TF_LX_ABBR,          /* abbreviations whose point does not end a sentence: "ca.", "Nr." */
  TF_LX_TAG,           /* any named tag ("flow.export", "place"): ival = tag index, str = code */
  TF_LX_NCAT
} tf_lxcat;

#define TF_LXM(c) (1u << (c))

enum { TF_QUAL_EXACT = 0, TF_QUAL_OVER, TF_QUAL_UNDER, TF_QUAL_ABOUT, TF_QUAL_NEARLY };

enum {
  TF_LXF_CASE = 8,       /* matches only with the letter case as written ("US" but not "us") */
  TF_LXF_ATTACHED = 1,   /* must follow the numeral with no space ("5m", "3bn") */
  TF_LXF_WEAK = 2,       /* a number word that is an article unless a scale or fraction follows */
  TF_LXF_MUL = 4         /* a number word that multiplies what precedes (hundred) */
};

typedef struct tf_lxentry {
  unsigned cat;
  unsigned flags;
  int ival;
  tf_num num;
  char code[8];
  size_t str;        /* TAG: offset of its code string in the arena (0: none) */
  size_t orig;       /* TF_LXF_CASE: offset of the phrase as written, tokens joined */
  size_t tok;        /* index of the first phrase token */
  unsigned ntok;
  unsigned next;     /* hash chain: index + 1, 0 ends */
} tf_lxentry;

typedef struct tf_lexicon tf_lexicon;

/*
** Parse a lexicon from the JSON text json[0..len). name is used in error
** messages (a file name). On success *out owns a new lexicon (free with
** tf_lexicon_free). On error returns TF_EPARSE with err->line, err->column
** (syntax errors) or a message naming the JSON path (shape errors), or
** TF_ENOMEM.
*/
int tf_lexicon_load(const char *json, size_t len, tf_lexicon **out, tf_err *err);

void tf_lexicon_free(tf_lexicon *lx);

/*
** Build a place lexicon for one language from the gazetteer files
** (places.json, generated, and aliases.json, hand-kept; see
** tools/README-gazetteer.md). Every name becomes a TAG entry: "place" with
** the ISO code, "adj" for adjectives ("chinesisch*"), "adjprefix" for the
** first half of compounds ("российско-"). An ambiguous name gets only its
** preferred code; case-sensitive names keep their case. When inflect (the
** language lexicon, may be NULL) lists place_suffixes, one-word names also
** get those endings ("Chinas"). Errors as for tf_lexicon_load, the message
** naming which file.
*/
int tf_gazetteer_load(const char *places, size_t plen, const char *aliases, size_t alen,
                      const char *lang, const tf_lexicon *inflect, tf_lexicon **out, tf_err *err);

/* Name of tag index i, and the code string of a TAG entry ("" when none). */
const char *tf_lexicon_tag_name(const tf_lexicon *lx, int i);
const char *tf_lexicon_str(const tf_lexicon *lx, const tf_lxentry *e);

/*
** With TF_LXF_CASE entries: does the original (unfolded) text of tokens
** [t, t+n) spell the phrase with the same case? Always 1 for other entries.
*/
int tf_lexicon_case_ok(const tf_lexicon *lx, const tf_lxentry *e, const char *text,
                       const tf_tokens *toks, size_t t);

const char *tf_lexicon_lang(const tf_lexicon *lx);

/*
** A gazetteer's country of ISO 3166-1 alpha-2 code alpha2 (its first two
** characters are read: "BY" or "BY-MI"): the alpha-3 code ("BLR"), or NULL
** when none, or when gz is not a gazetteer. Valid while gz lives.
*/
const char *tf_gazetteer_country(const tf_lexicon *gz, const char *alpha2);
tf_numstyle tf_lexicon_style(const tf_lexicon *lx);
size_t tf_lexicon_size(const tf_lexicon *lx);

/*
** The longest entry whose category is in mask and whose phrase matches the
** tokens starting at toks->v[t] of the folded text; *nt receives the number
** of tokens matched. Returns NULL when none matches. A phrase never spans a
** line break.
*/
const tf_lxentry *tf_lexicon_match(const tf_lexicon *lx, const char *folded,
                                   const tf_tokens *toks, size_t t, unsigned mask,
                                   size_t *nt);

/*
** {======================================================
** Per-document match index: every lexicon lookup of one text, done once
** =======================================================
**
** The amount scanner and the annotator ask tf_lexicon_match about the same
** tokens many times with different category masks. A tf_lxindex walks the
** hash chains once per token and keeps, for each token, every entry whose
** whole phrase matches there (in chain order) and the union of their
** categories, so a later query is a mask test and usually nothing more.
** tf_lxindex_match gives exactly what tf_lexicon_match gives.
*/

/* The hash keys of one token: the whole folded token (any dash: "-"), and its first bytes. */
typedef struct tf_tokhash {
  uint32_t exact;
  uint32_t head;            /* a word of four bytes or more: of its first four (stems), else 0 */
} tf_tokhash;

typedef struct tf_lxhit {
  unsigned e;               /* entry index */
  unsigned cat;
  unsigned ntok;
  unsigned chars;           /* bytes of the phrase tokens matched (ties: longer wins) */
} tf_lxhit;

typedef struct tf_lxindex {
  const tf_lexicon *lx;
  const char *folded;       /* the text, for queries outside mask */
  const tf_tokens *toks;
  unsigned mask;            /* the categories indexed */
  size_t n;                 /* tokens */
  unsigned *cats;           /* per token: TF_LXM of every category matching there */
  size_t *at;               /* per token + 1: its hits are hit[at[t] .. at[t+1]) */
  tf_lxhit *hit;
  size_t nhit, hcap;
} tf_lxindex;

/* Fill h[0..toks->n) with the hash keys of each token of the folded text. */
void tf_lexicon_hash_tokens(const char *folded, const tf_tokens *toks, tf_tokhash *h);

/*
** Build the index of lx over the folded, tokenised text (hashes from
** tf_lexicon_hash_tokens, or NULL to hash here) for the categories in mask
** (a query about others falls back to tf_lexicon_match). The text and
** tokens must outlive the index. Initialise ix to {0}; free with
** tf_lxindex_free, also after an error. TF_OK or TF_ENOMEM.
*/
int tf_lxindex_build(tf_lxindex *ix, const tf_lexicon *lx, const char *folded,
                     const tf_tokens *toks, const tf_tokhash *h, unsigned mask, tf_err *err);

/*
** tf_lexicon_match at token t of the indexed text, as if the text ended at
** token lim (lim <= the token count; a phrase must end by then).
*/
const tf_lxentry *tf_lxindex_match(const tf_lxindex *ix, size_t t, size_t lim, unsigned mask,
                                   size_t *nt);

/*
** Can a phrase of a category in mask start at token t? 0 means
** tf_lxindex_match gives NULL (mask must be within the indexed categories).
*/
static inline int tf_lxindex_may(const tf_lxindex *ix, size_t t, unsigned mask) {
  return t < ix->n && (ix->cats[t] & mask) != 0;
}

void tf_lxindex_free(tf_lxindex *ix);

/* }====================================================== */

/* Number of word tokens of the text that are stop words of this lexicon. */
size_t tf_lexicon_score(const tf_lexicon *lx, const char *folded, const tf_tokens *toks);

/* "exact", "over", ... for TF_QUAL_* */
const char *tf_qualifier_name(int q);

#endif
