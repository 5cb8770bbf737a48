/*
** tf_lexicon.c: a language's words for amounts, loaded from JSON with cJSON.
** cJSON trees never leave this file.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tf_lexicon.h"

#define STEM_KEY 4          /* the shortest stem, in bytes */
#define STEM_HEAD_BITS 16384 /* a bit set of stem beginnings: most words skip the stem lookups */
#define HEAD8 8              /* longer stems are also checked on their first eight bytes */
#define FIRST_BITS 65536     /* a bit set of whole first tokens: most words skip the buckets */
#define PAIR_BITS 65536      /* a bit set of pairs of whole first and second tokens */
#define ARENA_PAD 8          /* zero bytes after the arena's last string */
#define PATH_SIZE 96

typedef struct lxtok {
  size_t off;               /* into arena */
  size_t len;
  int stem;                 /* prefix match */
  int dash;                 /* any dash matches */
  int glued;                /* written right after the token before ("A$"): no space may part them */
} lxtok;

/*
** One entry in the hash index, with what rejects it quickly: the hash keys
** of its first two phrase tokens (a text token whose hash differs cannot
** match; the second is checked only when it is a whole word, not a stem)
** and its category. The nodes of a bucket lie side by side, in file order.
*/
typedef struct lxnode {
  uint32_t first;
  uint32_t second;
  uint32_t e;               /* entry index */
  uint32_t tok;             /* the entry's phrase tokens, as in tf_lxentry */
  uint32_t ntok;
  unsigned char cat;
  unsigned char has_second;
} lxnode;

/*
** A bucket of the index: its first node, and the categories of its nodes
** (quick reject); for a bucket of first tokens, also whether entries with
** that first token went to the pair buckets.
*/
typedef struct lxbucket {
  uint32_t at;
  uint32_t cats;            /* TF_LXM bits, and PAIRS_HERE */
} lxbucket;

/* In a bucket of first tokens: some entries with that first token went to the pair buckets. */
#define PAIRS_HERE ((uint32_t)1 << 31)
_Static_assert(TF_LX_NCAT < 31, "PAIRS_HERE is above every category bit");

struct tf_lexicon {
  char lang[8];
  tf_numstyle style;
  tf_lxentry *e;
  size_t n, cap;
  lxtok *t;
  size_t nt, tcap;
  char *arena;
  size_t alen, acap;
  char **suffixes;          /* "place_suffixes": endings that inflect place names ("Chinas") */
  size_t nsuffixes;
  char **tags;              /* tag names, index = entry ival */
  size_t ntags, tagcap;
  /*
  ** The index: 4 * nbuckets buckets in four groups (enum below): phrases by
  ** a whole first token; by a first token that is a stem ("stem*", keyed by
  ** the whole stem); and the same two again for phrases whose second token
  ** is a whole word, keyed by the pair of both ("Gebiet* Minsk" apart from
  ** the other "Gebiet* ..." entries, which all share the first token).
  ** Bucket b holds node[bucket[b].at .. bucket[b + 1].at).
  */
  size_t nbuckets;          /* power of two */
  lxbucket *bucket;
  lxnode *node;
  size_t *stem_len;         /* the distinct lengths of the stems, ascending */
  size_t nstem_len;
  uint64_t stem_head[STEM_HEAD_BITS / 64]; /* hashes of the first STEM_KEY bytes of each stem */
  uint64_t stem_head8[STEM_HEAD_BITS / 64]; /* of the first HEAD8 bytes of stems that long */
  uint64_t first[FIRST_BITS / 64];  /* hashes (high bits) of the whole first tokens; fits L1 */
  uint64_t pair[PAIR_BITS / 64];    /* pair keys (high bits) of the pair buckets */
  char (*country)[4];       /* gazetteers: alpha-3 by alpha-2 ("BY" -> "BLR"), 26 * 26; "" none */
};

typedef struct loader {
  tf_lexicon *lx;
  tf_err *err;
  const cJSON *cased;       /* "case_sensitive": phrases that match only as written (may be NULL) */
  char path[PATH_SIZE * 2 + 16];
} loader;

static const char *const qual_names[] = {"exact", "over", "under", "about", "nearly", NULL};

const char *tf_qualifier_name(int q) {
  return (q >= 0 && q <= TF_QUAL_NEARLY) ? qual_names[q] : "exact";
}

/*
** Hashes of the index. Whole tokens are keyed by hash_key, eight bytes a
** step; stems by FNV-1a (hash_bytes), which being sequential gives the hash
** of every prefix of a word in one pass; the first four bytes of a stem by
** head_key. token_hash below must agree with all three.
*/
#define FNV_BASIS 2166136261u
#define FNV_PRIME 16777619u
#define KEY_K1 0x9E3779B97F4A7C15u
#define KEY_K2 0xFF51AFD7ED558CCDu

static uint32_t hash_bytes(const char *s, size_t n) {
  uint32_t h = FNV_BASIS;
  size_t k;
  for (k = 0; k < n; k++) {
    h ^= (unsigned char)s[k];
    h *= FNV_PRIME;
  }
  return h;
}

/* the hash of every token and the check of every candidate match are worth inlining */
#if defined(__GNUC__)
#define HOT static inline __attribute__((always_inline))
#else
#define HOT static inline
#endif

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define KEY_WIDE 1          /* a short tail may be read as eight bytes and masked */
#endif

/*
** hash_key of s[0..n). With wide, s[0..n rounded up to 8) may be read (the
** caller knows it lies in the buffer); the bytes past n are masked off.
*/
static uint32_t hash_key(const char *s, size_t n, int wide) {
  uint64_t x = (uint64_t)n * KEY_K1, v;
  size_t k;
  for (k = 0; k + 8 <= n; k += 8) {
    memcpy(&v, s + k, 8);
    x = (x ^ v) * KEY_K2;
    x ^= x >> 31;
  }
  if (k < n) {
#ifdef KEY_WIDE
    if (wide) {
      memcpy(&v, s + k, 8);
      v &= ~(uint64_t)0 >> (8 * (8 - (n - k)));
    } else
#endif
    {
      v = 0;
      memcpy(&v, s + k, n - k);
    }
    x = (x ^ v) * KEY_K2;
  }
  x ^= x >> 29;
  x *= KEY_K1;
  return (uint32_t)(x ^ (x >> 32));
}

/* The groups of buckets of the index, nbuckets each. */
enum { G_WHOLE, G_STEM, G_WHOLE_PAIR, G_STEM_PAIR, G_COUNT };

/* The key of a phrase by its first two tokens (the keys of each). */
static uint32_t pair_key(uint32_t first, uint32_t second) {
  uint64_t x = (((uint64_t)first << 32) | second) * KEY_K1;
  x ^= x >> 29;
  x *= KEY_K2;
  return (uint32_t)(x ^ (x >> 32));
}

/* The key of the first STEM_KEY bytes of a word or stem (at least that long). */
static uint32_t head_key(const char *s) {
  uint32_t v;
  memcpy(&v, s, STEM_KEY);
  return (uint32_t)(((uint64_t)v * KEY_K1) >> 32);
}

/* The key of the first HEAD8 bytes of a word or stem (at least that long). */
static uint32_t head8_key(const char *s) {
  uint64_t v;
  memcpy(&v, s, HEAD8);
  v *= KEY_K1;
  return (uint32_t)(v ^ (v >> 32));
}

static int grow(void **v, size_t *cap, size_t need, size_t size) {
  size_t ncap;
  void *nv;
  if (need <= *cap) return 1;
  ncap = *cap ? *cap : 16;
  while (ncap < need) ncap *= 2;
  nv = realloc(*v, ncap * size);
  if (nv == NULL) return 0;
  *v = nv;
  *cap = ncap;
  return 1;
}

static int shape_error(loader *ld, const char *what) {
  return tf_err_set(ld->err, TF_EPARSE, 0, "%s: expected %s", ld->path, what);
}

/*
** Add a phrase: fold it, split it into tokens with the text tokenizer, and
** turn a "*" right after a word into a stem mark.
*/
static int add_phrase(loader *ld, const char *phrase, const tf_lxentry *proto_in) {
  tf_lexicon *lx = ld->lx;
  size_t len = strlen(phrase), k, first;
  tf_tokens toks = {0};
  char *folded;
  tf_lxentry *e, cased = *proto_in;
  const tf_lxentry *proto = &cased;
  const cJSON *c;
  int rc;
  if (len == 0) return shape_error(ld, "a non-empty phrase");
  /* "Waren" (goods) but not "waren" (were) */
  cJSON_ArrayForEach(c, ld->cased)
    if (cJSON_IsString(c) && strcmp(c->valuestring, phrase) == 0) cased.flags |= TF_LXF_CASE;
  if (lx->alen == 0) {                 /* offset 0 is the empty string */
    if (!grow((void **)&lx->arena, &lx->acap, 1, 1))
      return tf_err_set(ld->err, TF_ENOMEM, 0, "not enough memory");
    lx->arena[lx->alen++] = '\0';
  }
  folded = (char *)malloc(len);
  if (folded == NULL) return tf_err_set(ld->err, TF_ENOMEM, 0, "not enough memory");
  tf_fold(phrase, len, folded);
  rc = tf_tokenize(folded, len, &toks, 0, ld->err);
  if (rc != TF_OK) goto done;
  first = lx->nt;
  for (k = 0; k < toks.n; k++) {
    const tf_token *tk = &toks.v[k];
    size_t tl = tk->j - tk->i;
    lxtok *lt;
    if (tk->type == TF_TOK_PUNCT && tl == 1 && folded[tk->i] == '*' && k > 0 &&
        !(tk->flags & TF_TOKF_SPACE) && lx->nt > first) {
      lxtok *prev = &lx->t[lx->nt - 1];
      if (prev->len < STEM_KEY) {
        rc = tf_err_set(ld->err, TF_EPARSE, 0, "%s: stem \"%s\" is shorter than %d bytes",
                        ld->path, phrase, STEM_KEY);
        goto done;
      }
      prev->stem = 1;
      continue;
    }
    if (!grow((void **)&lx->t, &lx->tcap, lx->nt + 1, sizeof *lx->t) ||
        !grow((void **)&lx->arena, &lx->acap, lx->alen + tl + 1, 1)) {
      rc = tf_err_set(ld->err, TF_ENOMEM, 0, "not enough memory");
      goto done;
    }
    lt = &lx->t[lx->nt++];
    lt->dash = (tk->flags & TF_TOKF_DASH) != 0;
    lt->glued = lx->nt - 1 > first && !(tk->flags & TF_TOKF_SPACE);
    if (lt->dash) {
      lx->arena[lx->alen] = '-';
      tl = 1;
    } else {
      memcpy(lx->arena + lx->alen, folded + tk->i, tl);
    }
    lt->off = lx->alen;
    lt->len = tl;
    lt->stem = 0;
    lx->alen += tl;
    lx->arena[lx->alen++] = '\0';
  }
  if (lx->nt == first) {
    rc = shape_error(ld, "a phrase with at least one word");
    goto done;
  }
  if (!grow((void **)&lx->e, &lx->cap, lx->n + 1, sizeof *lx->e)) {
    rc = tf_err_set(ld->err, TF_ENOMEM, 0, "not enough memory");
    goto done;
  }
  e = &lx->e[lx->n++];
  *e = *proto;
  e->tok = first;
  e->ntok = (unsigned)(lx->nt - first);
  e->next = 0;
  e->orig = 0;
  if (proto->flags & TF_LXF_CASE) {
    /* keep the phrase as written, its tokens joined, for tf_lexicon_case_ok */
    size_t need = 0, at;
    for (k = 0; k < toks.n; k++) need += toks.v[k].j - toks.v[k].i;
    if (!grow((void **)&lx->arena, &lx->acap, lx->alen + need + 1, 1)) {
      lx->n--;
      rc = tf_err_set(ld->err, TF_ENOMEM, 0, "not enough memory");
      goto done;
    }
    at = lx->alen;
    for (k = 0; k < toks.n; k++) {
      if (phrase[toks.v[k].i] == '*') continue;
      memcpy(lx->arena + lx->alen, phrase + toks.v[k].i, toks.v[k].j - toks.v[k].i);
      lx->alen += toks.v[k].j - toks.v[k].i;
    }
    lx->arena[lx->alen++] = '\0';
    lx->e[lx->n - 1].orig = at;
  }
  rc = TF_OK;
done:
  tf_tokens_free(&toks);
  free(folded);
  return rc;
}

static void set_path(loader *ld, const char *fmt, const char *a, int i, const char *b) {
  if (i >= 0)
    snprintf(ld->path, sizeof ld->path, fmt, a, i, b);
  else
    snprintf(ld->path, sizeof ld->path, fmt, a, b);
}

/* words: an array of phrases, all with the same proto. */
static int add_words(loader *ld, const cJSON *words, const tf_lxentry *proto, const char *where) {
  const cJSON *w;
  int k = 0, rc;
  char base[PATH_SIZE];
  snprintf(base, sizeof base, "%s", where);
  if (!cJSON_IsArray(words)) {
    snprintf(ld->path, sizeof ld->path, "%s", base);
    return shape_error(ld, "an array of strings");
  }
  cJSON_ArrayForEach(w, words) {
    set_path(ld, "%s[%d]%s", base, k, "");
    if (!cJSON_IsString(w)) return shape_error(ld, "a string");
    if ((rc = add_phrase(ld, w->valuestring, proto)) != TF_OK) return rc;
    k++;
  }
  return TF_OK;
}

static int get_num(loader *ld, const cJSON *v, tf_num *out) {
  char buf[64];
  if (cJSON_IsString(v)) {
    if (tf_num_from_string(v->valuestring, out) == TF_OK) return TF_OK;
    return shape_error(ld, "a decimal number");
  }
  if (!cJSON_IsNumber(v)) return shape_error(ld, "a number");
  snprintf(buf, sizeof buf, "%.15g", v->valuedouble);
  if (strchr(buf, 'e') != NULL || tf_num_from_string(buf, out) != TF_OK)
    return shape_error(ld, "a plain decimal number");
  return TF_OK;
}

static void proto_init(tf_lxentry *p, unsigned cat) {
  memset(p, 0, sizeof *p);
  p->cat = cat;
  p->num = tf_num_int(1);
}

/* A plain list of phrases: "percent": ["%", "Prozent"]. */
static int load_list(loader *ld, const cJSON *root, const char *key, unsigned cat, int ival) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
  tf_lxentry p;
  if (v == NULL) return TF_OK;
  proto_init(&p, cat);
  p.ival = ival;
  return add_words(ld, v, &p, key);
}

/*
** A list of objects with "words" and one more field:
** "scales": [{"exp": 9, "words": [...], "attached": false}, ...]
*/
static int load_objects(loader *ld, const cJSON *root, const char *key, unsigned cat) {
  const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, key), *o;
  int k = 0, rc;
  if (arr == NULL) return TF_OK;
  if (!cJSON_IsArray(arr)) {
    snprintf(ld->path, sizeof ld->path, "%s", key);
    return shape_error(ld, "an array of objects");
  }
  cJSON_ArrayForEach(o, arr) {
    tf_lxentry p;
    const cJSON *v;
    char where[PATH_SIZE];
    snprintf(where, sizeof where, "%s[%d].words", key, k);
    set_path(ld, "%s[%d]%s", key, k, "");
    if (!cJSON_IsObject(o)) return shape_error(ld, "an object");
    proto_init(&p, cat);
    if (cat == TF_LX_SCALE) {
      v = cJSON_GetObjectItemCaseSensitive(o, "exp");
      set_path(ld, "%s[%d]%s", key, k, ".exp");
      if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 30 ||
          v->valuedouble != (double)(int)v->valuedouble)
        return shape_error(ld, "a whole number from 0 to 30");
      p.ival = (int)v->valuedouble;
    }
    if (cat == TF_LX_CURRENCY || cat == TF_LX_UNIT) {
      v = cJSON_GetObjectItemCaseSensitive(o, "code");
      set_path(ld, "%s[%d]%s", key, k, ".code");
      if (!cJSON_IsString(v) || strlen(v->valuestring) == 0 ||
          strlen(v->valuestring) >= sizeof p.code)
        return shape_error(ld, "a code of 1 to 7 characters");
      memcpy(p.code, v->valuestring, strlen(v->valuestring) + 1);
    }
    if (cat == TF_LX_NUMBER || cat == TF_LX_FRACTION || cat == TF_LX_MULTVERB) {
      v = cJSON_GetObjectItemCaseSensitive(o, "value");
      set_path(ld, "%s[%d]%s", key, k, ".value");
      if ((rc = get_num(ld, v, &p.num)) != TF_OK) return rc;
    }
    if (cat == TF_LX_MULTVERB) {
      v = cJSON_GetObjectItemCaseSensitive(o, "direction");
      set_path(ld, "%s[%d]%s", key, k, ".direction");
      if (v != NULL && !(cJSON_IsString(v) && (strcmp(v->valuestring, "up") == 0 ||
                                                strcmp(v->valuestring, "down") == 0 ||
                                                strcmp(v->valuestring, "context") == 0)))
        return shape_error(ld, "\"up\", \"down\" or \"context\"");
      p.ival = 1;
      if (v != NULL && strcmp(v->valuestring, "down") == 0) p.ival = -1;
      if (v != NULL && strcmp(v->valuestring, "context") == 0) p.ival = 0;
    }
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "attached"))) p.flags |= TF_LXF_ATTACHED;
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "weak"))) p.flags |= TF_LXF_WEAK;
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "multiplies"))) p.flags |= TF_LXF_MUL;
    if ((rc = add_words(ld, cJSON_GetObjectItemCaseSensitive(o, "words"), &p, where)) != TF_OK)
      return rc;
    k++;
  }
  return TF_OK;
}

/* An object of named lists: "qualifiers": {"over": [...], "about": [...]} */
static int load_named(loader *ld, const cJSON *root, const char *key, unsigned cat,
                      const char *const names[], const int values[]) {
  const cJSON *obj = cJSON_GetObjectItemCaseSensitive(root, key), *v;
  int rc;
  if (obj == NULL) return TF_OK;
  if (!cJSON_IsObject(obj)) {
    snprintf(ld->path, sizeof ld->path, "%s", key);
    return shape_error(ld, "an object");
  }
  cJSON_ArrayForEach(v, obj) {
    int k, found = -1;
    tf_lxentry p;
    char where[PATH_SIZE];
    for (k = 0; names[k] != NULL; k++)
      if (strcmp(names[k], v->string) == 0) found = k;
    snprintf(ld->path, sizeof ld->path, "%s.%s", key, v->string);
    if (found < 0) return shape_error(ld, "a known name");
    proto_init(&p, cat);
    p.ival = values[found];
    snprintf(where, sizeof where, "%s.%s", key, v->string);
    if ((rc = add_words(ld, v, &p, where)) != TF_OK) return rc;
  }
  return TF_OK;
}

/* Index of a tag name, added when new; -1 on ENOMEM. */
static int intern_tag(tf_lexicon *lx, const char *name) {
  size_t k, n = strlen(name);
  char *copy;
  for (k = 0; k < lx->ntags; k++)
    if (strcmp(lx->tags[k], name) == 0) return (int)k;
  if (!grow((void **)&lx->tags, &lx->tagcap, lx->ntags + 1, sizeof *lx->tags)) return -1;
  copy = (char *)malloc(n + 1);
  if (copy == NULL) return -1;
  memcpy(copy, name, n + 1);
  lx->tags[lx->ntags] = copy;
  return (int)lx->ntags++;
}

/* Put a string in the arena; returns its offset, 0 on ENOMEM (offset 0 is ""). */
static size_t intern_str(tf_lexicon *lx, const char *s) {
  size_t n = strlen(s), at;
  if (n == 0) return 0;
  if (lx->alen == 0) {
    if (!grow((void **)&lx->arena, &lx->acap, 1, 1)) return 0;
    lx->arena[lx->alen++] = '\0';
  }
  if (!grow((void **)&lx->arena, &lx->acap, lx->alen + n + 1, 1)) return 0;
  at = lx->alen;
  memcpy(lx->arena + at, s, n + 1);
  lx->alen += n + 1;
  return at;
}

static int tag_proto(loader *ld, tf_lxentry *p, const char *tag, const char *code) {
  int ti = intern_tag(ld->lx, tag);
  proto_init(p, TF_LX_TAG);
  if (ti < 0) return tf_err_set(ld->err, TF_ENOMEM, 0, "not enough memory");
  p->ival = ti;
  if (code != NULL && code[0] != '\0' && (p->str = intern_str(ld->lx, code)) == 0)
    return tf_err_set(ld->err, TF_ENOMEM, 0, "not enough memory");
  return TF_OK;
}

/*
** "tags": {"flow.export": ["Export*", ...], "ord": [{"code": "1", "words": ["ersten"]}]}
*/
static int load_tags(loader *ld, const cJSON *root) {
  const cJSON *obj = cJSON_GetObjectItemCaseSensitive(root, "tags"), *v, *o;
  int rc;
  if (obj == NULL) return TF_OK;
  snprintf(ld->path, sizeof ld->path, "tags");
  if (!cJSON_IsObject(obj)) return shape_error(ld, "an object of tag names");
  cJSON_ArrayForEach(v, obj) {
    int k = 0;
    char where[PATH_SIZE];
    snprintf(ld->path, sizeof ld->path, "tags.%s", v->string);
    if (!cJSON_IsArray(v)) return shape_error(ld, "an array");
    cJSON_ArrayForEach(o, v) {
      tf_lxentry p;
      snprintf(ld->path, sizeof ld->path, "tags.%s[%d]", v->string, k);
      if (cJSON_IsString(o)) {
        if ((rc = tag_proto(ld, &p, v->string, NULL)) != TF_OK) return rc;
        if ((rc = add_phrase(ld, o->valuestring, &p)) != TF_OK) return rc;
      } else if (cJSON_IsObject(o)) {
        const cJSON *code = cJSON_GetObjectItemCaseSensitive(o, "code");
        if (!cJSON_IsString(code)) return shape_error(ld, "a \"code\" string");
        if ((rc = tag_proto(ld, &p, v->string, code->valuestring)) != TF_OK) return rc;
        snprintf(where, sizeof where, "tags.%s[%d].words", v->string, k);
        if ((rc = add_words(ld, cJSON_GetObjectItemCaseSensitive(o, "words"), &p, where)) != TF_OK)
          return rc;
      } else {
        return shape_error(ld, "a phrase or an object with code and words");
      }
      k++;
    }
  }
  return TF_OK;
}

static int load_suffixes(loader *ld, const cJSON *root) {
  const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "place_suffixes"), *v;
  size_t n = 0;
  if (arr == NULL) return TF_OK;
  snprintf(ld->path, sizeof ld->path, "place_suffixes");
  if (!cJSON_IsArray(arr)) return shape_error(ld, "an array of endings");
  ld->lx->suffixes = (char **)calloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof(char *));
  if (ld->lx->suffixes == NULL) return tf_err_set(ld->err, TF_ENOMEM, 0, "not enough memory");
  cJSON_ArrayForEach(v, arr) {
    size_t len;
    if (!cJSON_IsString(v)) return shape_error(ld, "a string");
    len = strlen(v->valuestring);
    if ((ld->lx->suffixes[n] = (char *)malloc(len + 1)) == NULL)
      return tf_err_set(ld->err, TF_ENOMEM, 0, "not enough memory");
    memcpy(ld->lx->suffixes[n], v->valuestring, len + 1);
    ld->lx->nsuffixes = ++n;
  }
  return TF_OK;
}

static int load_months(loader *ld, const cJSON *root) {
  const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "months"), *m;
  int k = 0, rc;
  if (arr == NULL) return TF_OK;
  snprintf(ld->path, sizeof ld->path, "months");
  if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) != 12)
    return shape_error(ld, "an array of 12 arrays of month names");
  cJSON_ArrayForEach(m, arr) {
    tf_lxentry p;
    char where[PATH_SIZE];
    proto_init(&p, TF_LX_MONTH);
    p.ival = k + 1;
    snprintf(where, sizeof where, "months[%d]", k);
    if ((rc = add_words(ld, m, &p, where)) != TF_OK) return rc;
    k++;
  }
  return TF_OK;
}

static int load_numerals(loader *ld, const cJSON *root) {
  static const char *const keys[] = {"dot3", "comma3"};
  const cJSON *obj = cJSON_GetObjectItemCaseSensitive(root, "numerals");
  int k;
  ld->lx->style.dot3 = TF_SEP_DECIMAL;
  ld->lx->style.comma3 = TF_SEP_GROUP;
  if (obj == NULL) return TF_OK;
  for (k = 0; k < 2; k++) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, keys[k]);
    unsigned char s;
    snprintf(ld->path, sizeof ld->path, "numerals.%s", keys[k]);
    if (v == NULL) continue;
    if (cJSON_IsString(v) && strcmp(v->valuestring, "group") == 0) s = TF_SEP_GROUP;
    else if (cJSON_IsString(v) && strcmp(v->valuestring, "decimal") == 0) s = TF_SEP_DECIMAL;
    else return shape_error(ld, "\"group\" or \"decimal\"");
    if (k == 0) ld->lx->style.dot3 = s;
    else ld->lx->style.comma3 = s;
  }
  return TF_OK;
}

/* The bit of lx->first for a first token's hash: high bits, the bucket takes the low ones. */
static uint32_t first_bit(uint32_t h) { return h >> 16; }

/* Could an entry start with the whole token of hash h? 0: certainly not. */
static int may_start(const tf_lexicon *lx, uint32_t h) {
  uint32_t f = first_bit(h);
  return (lx->first[f / 64] >> (f % 64)) & 1;
}

/* The bit of lx->pair for a pair key: high bits, the bucket takes the low ones. */
static uint32_t pair_bit(uint32_t k) { return k >> 16; }

/* Could an entry start with the whole tokens of hashes h1 h2? 0: certainly not. */
static int may_pair(const tf_lexicon *lx, uint32_t k) {
  uint32_t f = pair_bit(k);
  return (lx->pair[f / 64] >> (f % 64)) & 1;
}

/* Add len to the sorted set lx->stem_len (room for one per entry is allocated). */
static void add_stem_len(tf_lexicon *lx, size_t len) {
  size_t k;
  for (k = 0; k < lx->nstem_len && lx->stem_len[k] < len; k++) {}
  if (k < lx->nstem_len && lx->stem_len[k] == len) return;
  memmove(lx->stem_len + k + 1, lx->stem_len + k, (lx->nstem_len - k) * sizeof *lx->stem_len);
  lx->stem_len[k] = len;
  lx->nstem_len++;
}

/* The key of a phrase token: a stem by FNV (its prefix hash), a whole token by hash_key. */
static uint32_t phrase_key(const tf_lexicon *lx, const lxtok *t) {
  return t->stem ? hash_bytes(lx->arena + t->off, t->len) : hash_key(lx->arena + t->off, t->len, 0);
}

static int build_index(tf_lexicon *lx, tf_err *err) {
  size_t nb = 64, k, b;
  uint32_t *slot, *cur;
  /* ARENA_PAD zero bytes after the last string: a phrase token may be read eight bytes at a time */
  if (!grow((void **)&lx->arena, &lx->acap, lx->alen + ARENA_PAD, 1))
    return tf_err_set(err, TF_ENOMEM, 0, "not enough memory");
  memset(lx->arena + lx->alen, 0, ARENA_PAD);
  while (nb < lx->n * 2) nb *= 2;
  lx->bucket = (lxbucket *)calloc(G_COUNT * nb + 1, sizeof *lx->bucket);
  lx->node = (lxnode *)malloc((lx->n ? lx->n : 1) * sizeof *lx->node);
  lx->stem_len = (size_t *)malloc((lx->n ? lx->n : 1) * sizeof *lx->stem_len);
  slot = (uint32_t *)malloc((lx->n ? lx->n : 1) * sizeof *slot);
  cur = (uint32_t *)malloc(G_COUNT * nb * sizeof *cur);
  if (lx->bucket == NULL || lx->node == NULL || lx->stem_len == NULL ||
      slot == NULL || cur == NULL) {
    free(slot);
    free(cur);
    return tf_err_set(err, TF_ENOMEM, 0, "not enough memory");
  }
  lx->nbuckets = nb;
  /* count the entries of each bucket, then lay the buckets out side by side */
  for (k = 0; k < lx->n; k++) {
    const lxtok *t = &lx->t[lx->e[k].tok];
    uint32_t h = phrase_key(lx, t);
    b = (h & (nb - 1)) + (t->stem ? G_STEM : G_WHOLE) * nb;
    if (lx->e[k].ntok >= 2 && !t[1].stem) {   /* a pair bucket */
      uint32_t pk = pair_key(h, hash_key(lx->arena + t[1].off, t[1].len, 0)), f = pair_bit(pk);
      lx->bucket[b].cats |= PAIRS_HERE;
      b = (pk & (nb - 1)) + (t->stem ? G_STEM_PAIR : G_WHOLE_PAIR) * nb;
      lx->pair[f / 64] |= (uint64_t)1 << (f % 64);
    }
    slot[k] = (uint32_t)b;
    lx->bucket[b + 1].at++;
    lx->bucket[b].cats |= TF_LXM(lx->e[k].cat);
    if (!t->stem) {
      uint32_t f = first_bit(h);
      lx->first[f / 64] |= (uint64_t)1 << (f % 64);
    } else {
      uint32_t head = head_key(lx->arena + t->off) % STEM_HEAD_BITS;
      add_stem_len(lx, t->len);
      lx->stem_head[head / 64] |= (uint64_t)1 << (head % 64);
      if (t->len >= HEAD8) {
        head = head8_key(lx->arena + t->off) % STEM_HEAD_BITS;
        lx->stem_head8[head / 64] |= (uint64_t)1 << (head % 64);
      }
    }
  }
  for (b = 0; b < G_COUNT * nb; b++) {
    lx->bucket[b + 1].at += lx->bucket[b].at;
    cur[b] = lx->bucket[b].at;
  }
  for (k = 0; k < lx->n; k++) {          /* in file order within each bucket */
    tf_lxentry *e = &lx->e[k];
    const lxtok *t = &lx->t[e->tok];
    lxnode *nd = &lx->node[cur[slot[k]]++];
    nd->first = phrase_key(lx, t);
    nd->has_second = e->ntok >= 2 && !t[1].stem;
    nd->second = nd->has_second ? hash_key(lx->arena + t[1].off, t[1].len, 0) : 0;
    nd->e = (uint32_t)k;
    nd->tok = (uint32_t)e->tok;
    nd->ntok = e->ntok;
    nd->cat = (unsigned char)e->cat;
  }
  /* the public hash chain of tf_lxentry: the next entry of the same bucket */
  for (b = 0; b < G_COUNT * nb; b++)
    for (k = lx->bucket[b].at; k < lx->bucket[b + 1].at; k++)
      lx->e[lx->node[k].e].next = k + 1 < lx->bucket[b + 1].at ? lx->node[k + 1].e + 1 : 0;
  free(slot);
  free(cur);
  return TF_OK;
}

int tf_lexicon_load(const char *json, size_t len, tf_lexicon **out, tf_err *err) {
  static const char *const qnames[] = {"exact", "over", "under", "about", "nearly", NULL};
  static const int qvals[] = {TF_QUAL_EXACT, TF_QUAL_OVER, TF_QUAL_UNDER, TF_QUAL_ABOUT,
                              TF_QUAL_NEARLY};
  static const char *const snames[] = {"plus", "minus", NULL};
  static const int svals[] = {1, -1};
  static const char *const dnames[] = {"up", "down", NULL};
  static const int dvals[] = {TF_LX_UP, TF_LX_DOWN};
  const char *end = NULL;
  cJSON *root = NULL;
  const cJSON *lang;
  loader ld;
  int rc = TF_OK;
  tf_lexicon *lx;
  *out = NULL;
  lx = (tf_lexicon *)calloc(1, sizeof *lx);
  if (lx == NULL) return tf_err_set(err, TF_ENOMEM, 0, "not enough memory");
  ld.lx = lx;
  ld.err = err;
  ld.path[0] = '\0';
  ld.cased = NULL;
  root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
  if (root == NULL) {
    size_t off = (end != NULL && end >= json) ? (size_t)(end - json) : 0;
    if (off >= len) off = len;
    /* cJSON points at the last byte when the text ends too early */
    if (len == 0 || off + 1 >= len)
      rc = tf_err_set(err, TF_EPARSE, off, "invalid JSON: the text ends before the value is complete (truncated?)");
    else if ((unsigned char)json[off] >= 0x20 && (unsigned char)json[off] < 0x7F)
      rc = tf_err_set(err, TF_EPARSE, off, "invalid JSON: unexpected '%c'", json[off]);
    else
      rc = tf_err_set(err, TF_EPARSE, off, "invalid JSON: unexpected byte 0x%02X",
                      (unsigned)(unsigned char)json[off]);
    tf_err_locate(err, json, len, off);
    goto fail;
  }
  snprintf(ld.path, sizeof ld.path, "(top level)");
  if (!cJSON_IsObject(root)) { rc = shape_error(&ld, "an object"); goto fail; }
  lang = cJSON_GetObjectItemCaseSensitive(root, "lang");
  snprintf(ld.path, sizeof ld.path, "lang");
  if (!cJSON_IsString(lang) || strlen(lang->valuestring) == 0 ||
      strlen(lang->valuestring) >= sizeof lx->lang) {
    rc = shape_error(&ld, "a language code such as \"de\"");
    goto fail;
  }
  memcpy(lx->lang, lang->valuestring, strlen(lang->valuestring) + 1);
  ld.cased = cJSON_GetObjectItemCaseSensitive(root, "case_sensitive");
  if (ld.cased != NULL) {
    const cJSON *c;
    snprintf(ld.path, sizeof ld.path, "case_sensitive");
    if (!cJSON_IsArray(ld.cased)) { rc = shape_error(&ld, "an array of phrases"); goto fail; }
    cJSON_ArrayForEach(c, ld.cased)
      if (!cJSON_IsString(c)) { rc = shape_error(&ld, "an array of phrases"); goto fail; }
  }
  if ((rc = load_numerals(&ld, root)) != TF_OK) goto fail;
  if ((rc = load_objects(&ld, root, "scales", TF_LX_SCALE)) != TF_OK) goto fail;
  if ((rc = load_objects(&ld, root, "currencies", TF_LX_CURRENCY)) != TF_OK) goto fail;
  if ((rc = load_named(&ld, root, "qualifiers", TF_LX_QUALIFIER, qnames, qvals)) != TF_OK) goto fail;
  if ((rc = load_objects(&ld, root, "numbers", TF_LX_NUMBER)) != TF_OK) goto fail;
  if ((rc = load_objects(&ld, root, "fractions", TF_LX_FRACTION)) != TF_OK) goto fail;
  if ((rc = load_list(&ld, root, "connectors", TF_LX_CONNECT, 0)) != TF_OK) goto fail;
  if ((rc = load_list(&ld, root, "articles", TF_LX_ARTICLE, 0)) != TF_OK) goto fail;
  if ((rc = load_list(&ld, root, "percent", TF_LX_PERCENT, 0)) != TF_OK) goto fail;
  if ((rc = load_list(&ld, root, "points", TF_LX_POINTS, 0)) != TF_OK) goto fail;
  if ((rc = load_list(&ld, root, "times", TF_LX_TIMES, 0)) != TF_OK) goto fail;
  if ((rc = load_objects(&ld, root, "multiplier_verbs", TF_LX_MULTVERB)) != TF_OK) goto fail;
  if ((rc = load_named(&ld, root, "signs", TF_LX_SIGN, snames, svals)) != TF_OK) goto fail;
  if ((rc = load_list(&ld, root, "change_prepositions", TF_LX_CHANGEPREP, 0)) != TF_OK) goto fail;
  if ((rc = load_list(&ld, root, "times_prepositions", TF_LX_TIMESPREP, 0)) != TF_OK) goto fail;
  {
    const cJSON *dir = cJSON_GetObjectItemCaseSensitive(root, "direction"), *v;
    if (dir != NULL) {
      snprintf(ld.path, sizeof ld.path, "direction");
      if (!cJSON_IsObject(dir)) { rc = shape_error(&ld, "an object"); goto fail; }
      cJSON_ArrayForEach(v, dir) {
        int k, found = -1;
        tf_lxentry p;
        char where[PATH_SIZE];
        for (k = 0; dnames[k] != NULL; k++)
          if (strcmp(dnames[k], v->string) == 0) found = k;
        snprintf(ld.path, sizeof ld.path, "direction.%s", v->string);
        if (found < 0) { rc = shape_error(&ld, "\"up\" or \"down\""); goto fail; }
        proto_init(&p, (unsigned)dvals[found]);
        snprintf(where, sizeof where, "direction.%s", v->string);
        if ((rc = add_words(&ld, v, &p, where)) != TF_OK) goto fail;
      }
    }
  }
  if ((rc = load_objects(&ld, root, "units", TF_LX_UNIT)) != TF_OK) goto fail;
  if ((rc = load_months(&ld, root)) != TF_OK) goto fail;
  if ((rc = load_list(&ld, root, "stopwords", TF_LX_STOP, 0)) != TF_OK) goto fail;
  if ((rc = load_list(&ld, root, "abbreviations", TF_LX_ABBR, 0)) != TF_OK) goto fail;
  if ((rc = load_tags(&ld, root)) != TF_OK) goto fail;
  if ((rc = load_suffixes(&ld, root)) != TF_OK) goto fail;
  if ((rc = build_index(lx, err)) != TF_OK) goto fail;
  cJSON_Delete(root);
  *out = lx;
  return TF_OK;
fail:
  cJSON_Delete(root);
  tf_lexicon_free(lx);
  return rc;
}

void tf_lexicon_free(tf_lexicon *lx) {
  size_t k;
  if (lx == NULL) return;
  for (k = 0; k < lx->ntags; k++) free(lx->tags[k]);
  free(lx->tags);
  for (k = 0; k < lx->nsuffixes; k++) free(lx->suffixes[k]);
  free(lx->suffixes);
  free(lx->e);
  free(lx->t);
  free(lx->arena);
  free(lx->bucket);
  free(lx->node);
  free(lx->stem_len);
  free(lx->country);
  free(lx);
}

const char *tf_lexicon_lang(const tf_lexicon *lx) { return lx->lang; }

const char *tf_gazetteer_country(const tf_lexicon *gz, const char *alpha2) {
  const char *a3;
  if (gz == NULL || gz->country == NULL || alpha2 == NULL) return NULL;
  if (alpha2[0] < 'A' || alpha2[0] > 'Z' || alpha2[1] < 'A' || alpha2[1] > 'Z') return NULL;
  a3 = gz->country[(alpha2[0] - 'A') * 26 + (alpha2[1] - 'A')];
  return a3[0] != '\0' ? a3 : NULL;
}

const char *tf_lexicon_tag_name(const tf_lexicon *lx, int i) {
  return (i >= 0 && (size_t)i < lx->ntags) ? lx->tags[i] : "";
}

const char *tf_lexicon_str(const tf_lexicon *lx, const tf_lxentry *e) {
  return (e->str != 0 && e->str < lx->alen) ? lx->arena + e->str : "";
}

int tf_lexicon_case_ok(const tf_lexicon *lx, const tf_lxentry *e, const char *text,
                       const tf_tokens *toks, size_t t) {
  const char *want;
  size_t k, at = 0;
  if (!(e->flags & TF_LXF_CASE) || e->orig == 0) return 1;
  want = lx->arena + e->orig;
  for (k = 0; k < e->ntok && t + k < toks->n; k++) {
    const tf_token *tk = &toks->v[t + k];
    size_t n = tk->j - tk->i;
    if (strncmp(want + at, text + tk->i, n) != 0) return 0;
    at += n;
  }
  return want[at] == '\0';
}
tf_numstyle tf_lexicon_style(const tf_lexicon *lx) { return lx->style; }
size_t tf_lexicon_size(const tf_lexicon *lx) { return lx->n; }

/* memcmp(a, b, n) == 0 for the short strings of phrases, without a call. */
static int same_bytes(const char *a, const char *b, size_t n) {
  size_t k;
  for (k = 0; k < n; k++)
    if (a[k] != b[k]) return 0;
  return 1;
}

#ifdef KEY_WIDE
/*
** Are the first n bytes (one to eight) of a and b the same? Both may be read
** eight bytes: the phrase side has ARENA_PAD after it, the text side is
** checked by the caller.
*/
static int same_head8(const char *a, const char *b, size_t n) {
  uint64_t x, y;
  memcpy(&x, a, 8);
  memcpy(&y, b, 8);
  return ((x ^ y) & (~(uint64_t)0 >> (8 * (8 - n)))) == 0;
}
#endif

/* Does phrase token pt match text token tk? limit: bytes of folded known to exist. */
static int tok_match(const tf_lexicon *lx, const lxtok *pt, const char *folded,
                     const tf_token *tk, size_t limit) {
  size_t tl = tk->j - tk->i, n = pt->len;
  const char *p = lx->arena + pt->off;
  if (pt->dash) return (tk->flags & TF_TOKF_DASH) != 0;
  if (pt->stem ? (tk->type != TF_TOK_WORD || tl < n) : tl != n) return 0;
#ifdef KEY_WIDE
  if (n - 1 < 8 && tk->i + 8 <= limit) return same_head8(folded + tk->i, p, n);
#else
  (void)limit;
#endif
  return same_bytes(folded + tk->i, p, n);
}

/*
** Does the whole phrase of e match the tokens from t on? Returns the bytes
** of its phrase tokens (for ties), or 0 when it does not match. A phrase
** never spans a line break.
*/
static size_t phrase_match(const tf_lexicon *lx, const lxnode *nd, const char *folded,
                           const tf_tokens *toks, size_t t) {
  unsigned k;
  size_t chars = 0, limit;
  if (t + nd->ntok > toks->n) return 0;
  limit = toks->v[toks->n - 1].j;
  for (k = 0; k < nd->ntok; k++) {
    const tf_token *tk = &toks->v[t + k];
    const lxtok *pt = &lx->t[nd->tok + k];
    if (k > 0 && (tk->flags & TF_TOKF_BREAK)) return 0;
    if (pt->glued && (tk->flags & TF_TOKF_SPACE)) return 0;    /* "A$5", not "a $5" */
    if (!tok_match(lx, pt, folded, tk, limit)) return 0;
    chars += pt->len;
  }
  return chars;       /* every phrase token has at least one byte */
}

/*
** The hash keys of one token; any dash is keyed as "-", as the phrases store
** dashes. limit: bytes of folded known to exist (the end of the last token).
*/
static tf_tokhash token_hash(const char *folded, const tf_token *tk, size_t limit) {
  tf_tokhash r;
  size_t n = tk->j - tk->i;
  r.head = (n >= STEM_KEY && tk->type == TF_TOK_WORD) ? head_key(folded + tk->i) : 0;
  if (tk->flags & TF_TOKF_DASH) r.exact = hash_key("-", 1, 0);
  else r.exact = hash_key(folded + tk->i, n, tk->j + 8 <= limit);
  return r;
}

/* The end of the last token: every token's bytes lie before it. */
static size_t text_limit(const tf_tokens *toks) {
  return toks->n ? toks->v[toks->n - 1].j : 0;
}

/*
** The best match so far: the longest in tokens; among equals, the longer
** written form (exact beats stem); among equals again, whole first tokens
** before stems, and then the first in file (entry) order.
*/
typedef struct choice {
  const tf_lxentry *e;
  size_t n, len;
  int stem;                 /* e came from a stem chain */
} choice;

/* The hash of the token after t, computed when first needed. */
typedef struct nexthash {
  int have;
  uint32_t h;
} nexthash;

/* Consider every entry of bucket b whose phrase matches at t (key: the token's hash). */
static void scan_bucket(const tf_lexicon *lx, size_t b, uint32_t key, int stem,
                        const char *folded, const tf_tokens *toks, size_t t, unsigned mask,
                        nexthash *next, choice *best) {
  const lxnode *nd = lx->node + lx->bucket[b].at, *end = lx->node + lx->bucket[b + 1].at;
  for (; nd < end; nd++) {
    const tf_lxentry *e;
    size_t chars;
    if (nd->first != key || !(mask & TF_LXM(nd->cat))) continue;
    if (nd->has_second) {
      if (t + 1 >= toks->n) continue;
      if (!next->have) {
        next->h = token_hash(folded, &toks->v[t + 1], text_limit(toks)).exact;
        next->have = 1;
      }
      if (nd->second != next->h) continue;
    }
    if ((chars = phrase_match(lx, nd, folded, toks, t)) == 0) continue;
    e = &lx->e[nd->e];
    if (e->ntok > best->n || (e->ntok == best->n && chars > best->len) ||
        (e->ntok == best->n && chars == best->len && stem == best->stem && e < best->e)) {
      best->e = e;
      best->n = e->ntok;
      best->len = chars;
      best->stem = stem;
    }
  }
}

/* scan_bucket over the pair bucket of first key `key` and the token after t. */
static void scan_pairs(const tf_lexicon *lx, uint32_t key, int group, const char *folded,
                       const tf_tokens *toks, size_t t, unsigned mask, nexthash *next,
                       choice *best) {
  uint32_t pk;
  size_t b;
  if (t + 1 >= toks->n) return;
  if (!next->have) {
    next->h = token_hash(folded, &toks->v[t + 1], text_limit(toks)).exact;
    next->have = 1;
  }
  pk = pair_key(key, next->h);
  b = (size_t)group * lx->nbuckets + (pk & (lx->nbuckets - 1));
  if (may_pair(lx, pk) && (lx->bucket[b].cats & mask))
    scan_bucket(lx, b, key, group == G_STEM_PAIR, folded, toks, t, mask, next, best);
}

/*
** Stems are keyed by their whole length, so a word is looked up once per
** distinct stem length that fits in it (lx->stem_len). FNV is sequential:
** the hash of each prefix is a state of one pass over the word, so
**
**   for (li = 0, k = 0, x = FNV_BASIS; li < stem_lens(lx, tk, head); li++) {
**     x = fnv_more(x, folded + tk->i, &k, lx->stem_len[li]);
**     ... x is the hash of the first lx->stem_len[li] bytes ...
**   }
*/
static size_t stem_lens(const tf_lexicon *lx, const tf_token *tk, uint32_t head) {
  size_t n = 0, tl = tk->j - tk->i;
  if (tk->type != TF_TOK_WORD || tl < STEM_KEY || lx->nstem_len == 0) return 0;
  head %= STEM_HEAD_BITS;
  if (!(lx->stem_head[head / 64] & ((uint64_t)1 << (head % 64)))) return 0;  /* no stem starts so */
  while (n < lx->nstem_len && lx->stem_len[n] <= tl) n++;
  return n;
}

/*
** Can a stem of HEAD8 bytes or more start the word at s (that long)? The
** stem loops stop at the first such length when not: lengths ascend.
*/
static int long_stems_may(const tf_lexicon *lx, const char *s) {
  uint32_t h = head8_key(s) % STEM_HEAD_BITS;
  return (lx->stem_head8[h / 64] >> (h % 64)) & 1;
}

/* Continue the hash x of s[0..*k) to s[0..to). */
static uint32_t fnv_more(uint32_t x, const char *s, size_t *k, size_t to) {
  for (; *k < to; (*k)++) x = (x ^ (unsigned char)s[*k]) * FNV_PRIME;
  return x;
}

const tf_lxentry *tf_lexicon_match(const tf_lexicon *lx, const char *folded,
                                   const tf_tokens *toks, size_t t, unsigned mask,
                                   size_t *nt) {
  const tf_token *tk;
  choice best = {NULL, 0, 0, 0};
  nexthash next = {0, 0};
  size_t b, li, k, nl;
  uint32_t x;
  tf_tokhash h;
  if (t >= toks->n || lx->nbuckets == 0) return NULL;
  tk = &toks->v[t];
  h = token_hash(folded, tk, text_limit(toks));
  b = h.exact & (lx->nbuckets - 1);
  if (may_start(lx, h.exact)) {
    if (lx->bucket[b].cats & mask) scan_bucket(lx, b, h.exact, 0, folded, toks, t, mask, &next, &best);
    if (lx->bucket[b].cats & PAIRS_HERE)
      scan_pairs(lx, h.exact, G_WHOLE_PAIR, folded, toks, t, mask, &next, &best);
  }
  for (li = 0, k = 0, x = FNV_BASIS, nl = stem_lens(lx, tk, h.head); li < nl; li++) {
    if (lx->stem_len[li] >= HEAD8 && (li == 0 || lx->stem_len[li - 1] < HEAD8) &&
        !long_stems_may(lx, folded + tk->i))
      break;
    x = fnv_more(x, folded + tk->i, &k, lx->stem_len[li]);
    b = G_STEM * lx->nbuckets + (x & (lx->nbuckets - 1));
    if (lx->bucket[b].cats & mask) scan_bucket(lx, b, x, 1, folded, toks, t, mask, &next, &best);
    if (lx->bucket[b].cats & PAIRS_HERE) scan_pairs(lx, x, G_STEM_PAIR, folded, toks, t, mask, &next, &best);
  }
  if (best.e != NULL && nt != NULL) *nt = best.n;
  return best.e;
}

void tf_lexicon_hash_tokens(const char *folded, const tf_tokens *toks, tf_tokhash *h) {
  size_t t, limit = text_limit(toks);
  for (t = 0; t < toks->n; t++) h[t] = token_hash(folded, &toks->v[t], limit);
}

/* Append to ix every entry of bucket b whose phrase matches at t (key: the token's hash). */
static int collect(tf_lxindex *ix, size_t b, uint32_t key, const char *folded,
                   const tf_tokens *toks, const tf_tokhash *h, size_t t, unsigned *cats) {
  const tf_lexicon *lx = ix->lx;
  const lxnode *nd = lx->node + lx->bucket[b].at, *end = lx->node + lx->bucket[b + 1].at;
  for (; nd < end; nd++) {
    size_t chars;
    tf_lxhit *hit;
    if (nd->first != key || !(ix->mask & TF_LXM(nd->cat))) continue;
    if (nd->has_second && (t + 1 >= toks->n || h[t + 1].exact != nd->second)) continue;
    if ((chars = phrase_match(lx, nd, folded, toks, t)) == 0) continue;
    if (!grow((void **)&ix->hit, &ix->hcap, ix->nhit + 1, sizeof *ix->hit)) return 0;
    hit = &ix->hit[ix->nhit++];
    hit->e = nd->e;
    hit->cat = nd->cat;
    hit->ntok = nd->ntok;
    hit->chars = (unsigned)chars;
    *cats |= TF_LXM(nd->cat);
  }
  return 1;
}

/* collect over the pair bucket of first key `key` and the token after t. */
static int collect_pairs(tf_lxindex *ix, uint32_t key, int group, const char *folded,
                         const tf_tokens *toks, const tf_tokhash *h, size_t t, unsigned *cats) {
  const tf_lexicon *lx = ix->lx;
  uint32_t pk;
  size_t b;
  if (t + 1 >= toks->n) return 1;
  pk = pair_key(key, h[t + 1].exact);
  b = (size_t)group * lx->nbuckets + (pk & (lx->nbuckets - 1));
  if (!may_pair(lx, pk) || !(lx->bucket[b].cats & ix->mask)) return 1;
  return collect(ix, b, key, folded, toks, h, t, cats);
}

/* Insertion sort by entry index (a word has few stem hits). */
static void sort_hits(tf_lxhit *h, size_t n) {
  size_t a, b;
  for (a = 1; a < n; a++) {
    tf_lxhit x = h[a];
    for (b = a; b > 0 && h[b - 1].e > x.e; b--) h[b] = h[b - 1];
    h[b] = x;
  }
}

/* Index token t: every entry whose phrase starts there, whole first token or stem. */
static int index_token(tf_lxindex *ix, const char *folded, const tf_tokens *toks,
                       const tf_tokhash *h, size_t t) {
  const tf_lexicon *lx = ix->lx;
  const tf_token *tk = &toks->v[t];
  size_t mask = lx->nbuckets - 1, b = h[t].exact & mask, first_stem, li, k, nl;
  unsigned cats = 0;
  uint32_t x;
  ix->at[t] = ix->nhit;
  if (may_start(lx, h[t].exact) &&
      (((lx->bucket[b].cats & ix->mask) && !collect(ix, b, h[t].exact, folded, toks, h, t, &cats)) ||
       ((lx->bucket[b].cats & PAIRS_HERE) &&
        !collect_pairs(ix, h[t].exact, G_WHOLE_PAIR, folded, toks, h, t, &cats))))
    return 0;
  first_stem = ix->nhit;
  if (first_stem - ix->at[t] > 1)           /* single and pair entries in file order */
    sort_hits(ix->hit + ix->at[t], first_stem - ix->at[t]);
  for (li = 0, k = 0, x = FNV_BASIS, nl = stem_lens(lx, tk, h[t].head); li < nl; li++) {
    if (lx->stem_len[li] >= HEAD8 && (li == 0 || lx->stem_len[li - 1] < HEAD8) &&
        !long_stems_may(lx, folded + tk->i))
      break;
    x = fnv_more(x, folded + tk->i, &k, lx->stem_len[li]);
    b = G_STEM * lx->nbuckets + (x & mask);
    if ((lx->bucket[b].cats & ix->mask) && !collect(ix, b, x, folded, toks, h, t, &cats)) return 0;
    if ((lx->bucket[b].cats & PAIRS_HERE) && !collect_pairs(ix, x, G_STEM_PAIR, folded, toks, h, t, &cats))
      return 0;
  }
  if (ix->nhit - first_stem > 1)            /* stems in file order */
    sort_hits(ix->hit + first_stem, ix->nhit - first_stem);
  ix->cats[t] = cats;
  return 1;
}

static int index_tokens(tf_lxindex *ix, const tf_lexicon *lx, const char *folded,
                        const tf_tokens *toks, const tf_tokhash *h, unsigned cats_wanted,
                        tf_err *err) {
  size_t n = toks->n, t, c, nc = 0, *cand;
  ix->lx = lx;
  ix->folded = folded;
  ix->toks = toks;
  ix->mask = cats_wanted;
  ix->n = n;
  ix->nhit = 0;
  ix->cats = (unsigned *)malloc((n ? n : 1) * sizeof *ix->cats);
  ix->at = (size_t *)malloc((n + 1) * sizeof *ix->at);
  cand = (size_t *)malloc((n ? n : 1) * sizeof *cand);
  if (ix->cats == NULL || ix->at == NULL || cand == NULL ||
      !grow((void **)&ix->hit, &ix->hcap, n / 2 + 1, sizeof *ix->hit)) {  /* most texts need less */
    free(cand);
    return tf_err_set(err, TF_ENOMEM, 0, "not enough memory for the lexicon index");
  }
  /*
  ** First, without a branch per token (which way it goes is hard to guess),
  ** the tokens that may start an entry by the bit sets of first tokens and
  ** of stem beginnings; then only those are looked up.
  */
  if (lx->nbuckets != 0) {
    for (t = 0; t < n; t++) {
      uint32_t f = first_bit(h[t].exact), hd = h[t].head % STEM_HEAD_BITS;
      uint64_t m = (lx->first[f / 64] >> (f % 64)) | (lx->stem_head[hd / 64] >> (hd % 64));
      cand[nc] = t;
      nc += (size_t)(m & 1);
    }
  }
  for (t = 0, c = 0; c < nc; c++) {
    for (; t < cand[c]; t++) {
      ix->at[t] = ix->nhit;
      ix->cats[t] = 0;
    }
    if (!index_token(ix, folded, toks, h, t)) {
      free(cand);
      return tf_err_set(err, TF_ENOMEM, toks->v[t].i, "not enough memory for the lexicon index");
    }
    t++;
  }
  for (; t < n; t++) {
    ix->at[t] = ix->nhit;
    ix->cats[t] = 0;
  }
  ix->at[n] = ix->nhit;
  free(cand);
  return TF_OK;
}

int tf_lxindex_build(tf_lxindex *ix, const tf_lexicon *lx, const char *folded,
                     const tf_tokens *toks, const tf_tokhash *h, unsigned cats_wanted,
                     tf_err *err) {
  tf_tokhash *own;
  int rc;
  if (h != NULL) return index_tokens(ix, lx, folded, toks, h, cats_wanted, err);
  own = (tf_tokhash *)malloc((toks->n ? toks->n : 1) * sizeof *own);
  if (own == NULL) return tf_err_set(err, TF_ENOMEM, 0, "not enough memory for the lexicon index");
  tf_lexicon_hash_tokens(folded, toks, own);
  rc = index_tokens(ix, lx, folded, toks, own, cats_wanted, err);
  free(own);
  return rc;
}

const tf_lxentry *tf_lxindex_match(const tf_lxindex *ix, size_t t, size_t lim, unsigned mask,
                                   size_t *nt) {
  const tf_lxhit *best = NULL, *hit, *end;
  if (mask & ~ix->mask) {             /* not indexed: ask the lexicon, on a view ending at lim */
    tf_tokens view = *ix->toks;
    if (lim < view.n) view.n = lim;
    return tf_lexicon_match(ix->lx, ix->folded, &view, t, mask, nt);
  }
  if (t >= lim || t >= ix->n || !(ix->cats[t] & mask)) return NULL;
  /* the same choice as scan_bucket, over the same entries in the same order */
  for (hit = ix->hit + ix->at[t], end = ix->hit + ix->at[t + 1]; hit < end; hit++) {
    if (!(mask & TF_LXM(hit->cat)) || t + hit->ntok > lim) continue;
    if (best == NULL || hit->ntok > best->ntok ||
        (hit->ntok == best->ntok && hit->chars > best->chars))
      best = hit;
  }
  if (best == NULL) return NULL;
  if (nt != NULL) *nt = best->ntok;
  return &ix->lx->e[best->e];
}

void tf_lxindex_free(tf_lxindex *ix) {
  if (ix == NULL) return;
  free(ix->cats);
  free(ix->at);
  free(ix->hit);
  memset(ix, 0, sizeof *ix);
}

size_t tf_lexicon_score(const tf_lexicon *lx, const char *folded, const tf_tokens *toks) {
  size_t k, score = 0;
  for (k = 0; k < toks->n; k++) {
    size_t nt;
    if (toks->v[k].type == TF_TOK_WORD &&
        tf_lexicon_match(lx, folded, toks, k, TF_LXM(TF_LX_STOP), &nt) != NULL)
      score++;
  }
  return score;
}

/*
** {======================================================
** Gazetteer: places.json + aliases.json -> a place lexicon
** =======================================================
*/

typedef struct gazctx {
  loader ld;
  const char *lang;
  const cJSON *ambiguous;    /* aliases.json "ambiguous" */
  const cJSON *casesens;     /* aliases.json "case_sensitive"[lang] */
  const tf_lexicon *inflect; /* the language lexicon, for place_suffixes (may be NULL) */
} gazctx;

/* Compare two phrases case-insensitively (ASCII and Cyrillic/Latin folding). */
static int same_phrase(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  char *fa, *fb;
  int eq;
  if (la != lb) return 0;
  fa = (char *)malloc(la + 1);
  fb = (char *)malloc(lb + 1);
  if (fa == NULL || fb == NULL) { free(fa); free(fb); return 0; }
  tf_fold(a, la, fa);
  tf_fold(b, lb, fb);
  eq = memcmp(fa, fb, la) == 0;
  free(fa);
  free(fb);
  return eq;
}

/* Is name ambiguous in this language with another preferred code? */
static int overruled(const gazctx *g, const char *name, const char *code) {
  const cJSON *a;
  cJSON_ArrayForEach(a, g->ambiguous) {
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(a, "lang");
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(a, "name");
    const cJSON *p = cJSON_GetObjectItemCaseSensitive(a, "prefer");
    if (cJSON_IsString(l) && cJSON_IsString(n) && cJSON_IsString(p) &&
        strcmp(l->valuestring, g->lang) == 0 && same_phrase(n->valuestring, name))
      return strcmp(p->valuestring, code) != 0;
  }
  return 0;
}

static int case_sensitive(const gazctx *g, const char *name) {
  const cJSON *c;
  cJSON_ArrayForEach(c, g->casesens) {
    if (cJSON_IsString(c) && strcmp(c->valuestring, name) == 0) return 1;
  }
  return 0;
}

/*
** "Chinas", "Russlands": a one-word name plus each ending of the language's
** place_suffixes, unless the name already ends in a sibilant or is a stem.
*/
static int add_inflected(gazctx *g, const char *name, const tf_lxentry *proto) {
  size_t k, len = strlen(name);
  char buf[128];
  char last;
  if (g->inflect == NULL || g->inflect->nsuffixes == 0 || len == 0 || len + 8 >= sizeof buf) return TF_OK;
  if (strpbrk(name, " *-.'") != NULL) return TF_OK;
  last = name[len - 1];
  if (last == 's' || last == 'x' || last == 'z' || (unsigned char)last >= 0x80 ||
      !((last >= 'a' && last <= 'z') || (last >= 'A' && last <= 'Z')))
    return TF_OK;
  for (k = 0; k < g->inflect->nsuffixes; k++) {
    int rc;
    if (len + strlen(g->inflect->suffixes[k]) + 1 > sizeof buf) continue;
    snprintf(buf, sizeof buf, "%s%s", name, g->inflect->suffixes[k]);
    if ((rc = add_phrase(&g->ld, buf, proto)) != TF_OK) return rc;
  }
  return TF_OK;
}

/* Add every name of names (an array of strings) under tag/code. */
static int gaz_names(gazctx *g, const cJSON *names, const char *tag, const char *code) {
  const cJSON *n;
  int rc;
  if (names == NULL) return TF_OK;
  if (!cJSON_IsArray(names)) return shape_error(&g->ld, "an array of names");
  cJSON_ArrayForEach(n, names) {
    tf_lxentry p;
    if (!cJSON_IsString(n)) return shape_error(&g->ld, "a name string");
    if (overruled(g, n->valuestring, code)) continue;
    if ((rc = tag_proto(&g->ld, &p, tag, code)) != TF_OK) return rc;
    if (case_sensitive(g, n->valuestring)) p.flags |= TF_LXF_CASE;
    if ((rc = add_phrase(&g->ld, n->valuestring, &p)) != TF_OK) return rc;
    if ((rc = add_inflected(g, n->valuestring, &p)) != TF_OK) return rc;
  }
  return TF_OK;
}

static const char *str_field(const cJSON *o, const char *k) {
  const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Entries of the form {"code": C, "names": {"de": [...], ...}} */
static int gaz_entries(gazctx *g, const cJSON *arr, const char *what, int focus_only) {
  const cJSON *o;
  int k = 0, rc;
  if (arr == NULL) return TF_OK;
  snprintf(g->ld.path, sizeof g->ld.path, "%s", what);
  if (!cJSON_IsArray(arr)) return shape_error(&g->ld, "an array");
  cJSON_ArrayForEach(o, arr) {
    const char *code = str_field(o, "code"), *same = str_field(o, "same_as");
    const char *kind = str_field(o, "kind");
    snprintf(g->ld.path, sizeof g->ld.path, "%s[%d]", what, k++);
    if (code == NULL) return shape_error(&g->ld, "a \"code\"");
    if (focus_only && kind != NULL && strcmp(kind, "subdivision") == 0 &&
        !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "focus")) && same == NULL)
      continue;
    if (same != NULL) code = same;
    {
      const cJSON *names = cJSON_GetObjectItemCaseSensitive(o, "names");
      if ((rc = gaz_names(g, cJSON_GetObjectItemCaseSensitive(names, g->lang), "place", code)) != TF_OK)
        return rc;
    }
  }
  return TF_OK;
}

static int gaz_adjectives(gazctx *g, const cJSON *arr) {
  const cJSON *o;
  int k = 0, rc;
  if (arr == NULL) return TF_OK;
  cJSON_ArrayForEach(o, arr) {
    const char *code = str_field(o, "code");
    const cJSON *prefix = cJSON_GetObjectItemCaseSensitive(o, "prefix");
    snprintf(g->ld.path, sizeof g->ld.path, "adjectives[%d]", k++);
    if (code == NULL) return shape_error(&g->ld, "a \"code\"");
    if ((rc = gaz_names(g, cJSON_GetObjectItemCaseSensitive(o, g->lang), "adj", code)) != TF_OK)
      return rc;
    if ((rc = gaz_names(g, cJSON_GetObjectItemCaseSensitive(prefix, g->lang), "adjprefix", code)) != TF_OK)
      return rc;
  }
  return TF_OK;
}

static cJSON *parse_named(const char *json, size_t len, const char *name, tf_err *err) {
  const char *end = NULL;
  cJSON *root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
  if (root == NULL) {
    size_t off = (end != NULL && end >= json) ? (size_t)(end - json) : 0;
    if (off > len) off = len;
    tf_err_set(err, TF_EPARSE, off, "%s: invalid JSON", name);
    tf_err_locate(err, json, len, off);
  }
  return root;
}

int tf_gazetteer_load(const char *places, size_t plen, const char *aliases, size_t alen,
                      const char *lang, const tf_lexicon *inflect, tf_lexicon **out, tf_err *err) {
  cJSON *proot = NULL, *aroot = NULL;
  gazctx g;
  int rc = TF_OK;
  tf_lexicon *lx;
  *out = NULL;
  lx = (tf_lexicon *)calloc(1, sizeof *lx);
  if (lx == NULL) return tf_err_set(err, TF_ENOMEM, 0, "not enough memory");
  memset(&g, 0, sizeof g);
  g.ld.lx = lx;
  g.ld.err = err;
  g.lang = lang;
  g.inflect = inflect;
  snprintf(lx->lang, sizeof lx->lang, "%s", lang);
  lx->style.dot3 = TF_SEP_DECIMAL;
  lx->style.comma3 = TF_SEP_GROUP;
  if ((aroot = parse_named(aliases, alen, "aliases.json", err)) == NULL) { rc = TF_EPARSE; goto fail; }
  if ((proot = parse_named(places, plen, "places.json", err)) == NULL) { rc = TF_EPARSE; goto fail; }
  g.ambiguous = cJSON_GetObjectItemCaseSensitive(aroot, "ambiguous");
  g.casesens = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(aroot, "case_sensitive"), lang);
  /* order is priority among equally long matches: aliases, then countries, then subdivisions */
  if ((rc = gaz_entries(&g, cJSON_GetObjectItemCaseSensitive(aroot, "aliases"), "aliases.json aliases", 0)) != TF_OK) goto fail;
  if ((rc = gaz_entries(&g, cJSON_GetObjectItemCaseSensitive(aroot, "groups"), "aliases.json groups", 0)) != TF_OK) goto fail;
  {
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(aroot, "world");
    if (w != NULL) {
      const char *code = str_field(w, "code");
      snprintf(g.ld.path, sizeof g.ld.path, "aliases.json world");
      if (code == NULL) { rc = shape_error(&g.ld, "a \"code\""); goto fail; }
      if ((rc = gaz_names(&g, cJSON_GetObjectItemCaseSensitive(
               cJSON_GetObjectItemCaseSensitive(w, "names"), lang), "place", code)) != TF_OK)
        goto fail;
    }
  }
  if ((rc = gaz_adjectives(&g, cJSON_GetObjectItemCaseSensitive(aroot, "adjectives"))) != TF_OK) goto fail;
  if ((rc = gaz_entries(&g, cJSON_GetObjectItemCaseSensitive(proot, "places"), "places.json places", 1)) != TF_OK) goto fail;
  /* the countries by alpha-2 code, so that the extractor needs no second pass over places.json */
  lx->country = (char (*)[4])calloc(26 * 26, sizeof *lx->country);
  if (lx->country == NULL) { rc = tf_err_set(err, TF_ENOMEM, 0, "not enough memory"); goto fail; }
  {
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(proot, "places")) {
      const char *a2 = str_field(p, "alpha2"), *a3 = str_field(p, "code");
      if (a2 == NULL || a3 == NULL || strlen(a2) != 2 || strlen(a3) != 3) continue;
      if (a2[0] < 'A' || a2[0] > 'Z' || a2[1] < 'A' || a2[1] > 'Z') continue;
      memcpy(lx->country[(a2[0] - 'A') * 26 + (a2[1] - 'A')], a3, 4);
    }
  }
  if ((rc = build_index(lx, err)) != TF_OK) goto fail;
  cJSON_Delete(proot);
  cJSON_Delete(aroot);
  *out = lx;
  return TF_OK;
fail:
  cJSON_Delete(proot);
  cJSON_Delete(aroot);
  tf_lexicon_free(lx);
  return rc;
}

/* }====================================================== */
