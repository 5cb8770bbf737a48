/*
** tf_codes.c: code tables in one open-addressing hash of (table, key).
** cJSON trees never leave this file.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "tf_codes.h"

#define TABLE_NAME_MAX 15

typedef struct entry {
  char table[TABLE_NAME_MAX + 1];
  char key[TF_CODE_MAX + 1];
  char val[TF_CODE_MAX + 1];
  int used;
} entry;

struct tf_codes {
  entry *e;
  size_t cap;               /* power of two */
  size_t n;
};

static uint32_t hash2(const char *t, const char *k, size_t klen) {
  uint32_t h = 2166136261u;
  for (; *t; t++) { h ^= (unsigned char)*t; h *= 16777619u; }
  h ^= 0xff;
  h *= 16777619u;
  while (klen-- > 0) { h ^= (unsigned char)*k++; h *= 16777619u; }
  return h;
}

static entry *slot(const tf_codes *c, const char *table, const char *key, size_t klen) {
  size_t i = hash2(table, key, klen) & (c->cap - 1);
  for (;;) {
    entry *e = &c->e[i];
    if (!e->used) return e;
    if (strcmp(e->table, table) == 0 && strlen(e->key) == klen && memcmp(e->key, key, klen) == 0)
      return e;
    i = (i + 1) & (c->cap - 1);
  }
}

int tf_codes_load(const char *json, size_t len, tf_codes **out, tf_err *err) {
  const char *end = NULL;
  cJSON *root, *tab, *it;
  tf_codes *c = NULL;
  size_t total = 0;
  int rc = TF_OK;
  *out = NULL;
  root = cJSON_ParseWithLengthOpts(json, len, &end, 0);
  if (root == NULL) {
    size_t at = end != NULL && end >= json ? (size_t)(end - json) : 0;
    rc = tf_err_set(err, TF_EPARSE, at, "invalid JSON in the code table");
    tf_err_locate(err, json, len, at);
    return rc;
  }
  if (!cJSON_IsObject(root)) {
    rc = tf_err_set(err, TF_EPARSE, 0, "code table: expected an object of tables");
    goto fail;
  }
  for (tab = root->child; tab != NULL; tab = tab->next)
    if (cJSON_IsObject(tab)) total += (size_t)cJSON_GetArraySize(tab);
  c = (tf_codes *)calloc(1, sizeof *c);
  if (c == NULL) goto nomem;
  c->cap = 64;
  while (c->cap < total * 2) c->cap *= 2;
  c->e = (entry *)calloc(c->cap, sizeof *c->e);
  if (c->e == NULL) goto nomem;
  for (tab = root->child; tab != NULL; tab = tab->next) {
    if (tab->string[0] == '_') continue;          /* comments such as "_source" */
    if (!cJSON_IsObject(tab) || strlen(tab->string) > TABLE_NAME_MAX) {
      rc = tf_err_set(err, TF_EPARSE, 0, "code table \"%.40s\": expected an object", tab->string);
      goto fail;
    }
    for (it = tab->child; it != NULL; it = it->next) {
      size_t kl = strlen(it->string);
      entry *e;
      if (!cJSON_IsString(it) || kl > TF_CODE_MAX || strlen(it->valuestring) > TF_CODE_MAX) {
        rc = tf_err_set(err, TF_EPARSE, 0, "%s.%.40s: expected a code of at most %d bytes",
                        tab->string, it->string, TF_CODE_MAX);
        goto fail;
      }
      e = slot(c, tab->string, it->string, kl);
      if (!e->used) c->n++;
      e->used = 1;
      memcpy(e->table, tab->string, strlen(tab->string) + 1);
      memcpy(e->key, it->string, kl + 1);
      memcpy(e->val, it->valuestring, strlen(it->valuestring) + 1);
    }
  }
  cJSON_Delete(root);
  *out = c;
  return TF_OK;
nomem:
  rc = tf_err_set(err, TF_ENOMEM, 0, "not enough memory");
fail:
  cJSON_Delete(root);
  tf_codes_free(c);
  return rc;
}

const char *tf_codes_get(const tf_codes *c, const char *table, const char *key, size_t klen) {
  const entry *e;
  if (c == NULL || klen > TF_CODE_MAX || strlen(table) > TABLE_NAME_MAX) return NULL;
  e = slot(c, table, key, klen);
  return e->used ? e->val : NULL;
}

size_t tf_codes_size(const tf_codes *c) {
  return c ? c->n : 0;
}

void tf_codes_free(tf_codes *c) {
  if (c == NULL) return;
  free(c->e);
  free(c);
}
