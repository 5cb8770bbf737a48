/*
** fuzz_lexicon: the lexicon loader (tf_lexicon_load) on arbitrary bytes,
** and, when a lexicon loads, a scan of a fixed text with it and a
** gazetteer built with it as the inflecting lexicon. Byte 0 (mod 3)
** chooses the loader: 0 the lexicon, 1 the code tables (tf_codes_load),
** 2 the gazetteer's aliases file (tf_gazetteer_load, German lexicon).
*/
#include <stdint.h>

#include "fuzz_util.h"
#include "tf_amount.h"
#include "tf_codes.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char sample[] =
  "Der Handel stieg um 5,8 Prozent auf 2,5 Mrd. Dollar; exports rose 15.4% to "
  "about $3,083.4 million. Товарооборот вырос в 2,8 раза до 2 млрд 688 млн долларов.";
static const char places[] =
  "{\"places\":[{\"code\":\"CHN\",\"names\":{\"de\":[\"China\"],\"en\":[\"China\"]}}]}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  tf_err err;
  int rc;
  char *json;
  size_t len;
  if (size < 1) return 0;
  len = size - 1;
  json = fuzz_copy(data + 1, len);
  memset(&err, 0xAA, sizeof err);
  if (data[0] % 3 == 2) {
    static tf_lexicon *de;
    tf_lexicon *gz = NULL;
    if (de == NULL) de = fuzz_lexicon("de");
    rc = tf_gazetteer_load(places, sizeof places - 1, json, len, fuzz_langs[(data[0] >> 2) % 3],
                           de, &gz, &err);
    fuzz_check_err(rc, &err);
    if ((rc == TF_OK) != (gz != NULL)) abort();
    tf_lexicon_free(gz);
  } else if (data[0] % 3 == 1) {
    tf_codes *c = NULL;
    rc = tf_codes_load(json, len, &c, &err);
    fuzz_check_err(rc, &err);
    if ((rc == TF_OK) != (c != NULL)) abort();
    if (c) {
      (void)tf_codes_size(c);
      (void)tf_codes_get(c, "comtrade", "842", 3);
      (void)tf_codes_get(c, "iso2", "", 0);
    }
    tf_codes_free(c);
  } else {
    tf_lexicon *lx = NULL;
    rc = tf_lexicon_load(json, len, &lx, &err);
    fuzz_check_err(rc, &err);
    if ((rc == TF_OK) != (lx != NULL)) abort();
    if (lx) {
      tf_amounts out = {0};
      tf_scan_opts opts = {0, 0};
      tf_lexicon *gz = NULL;
      (void)tf_lexicon_lang(lx);
      (void)tf_lexicon_size(lx);
      (void)tf_lexicon_tag_name(lx, 0);
      rc = tf_amount_scan(lx, sample, sizeof sample - 1, &opts, &out, &err);
      fuzz_check_err(rc, &err);
      tf_amounts_free(&out);
      rc = tf_gazetteer_load(places, sizeof places - 1, json, len, "de", lx, &gz, &err);
      fuzz_check_err(rc, &err);
      tf_lexicon_free(gz);
    }
    tf_lexicon_free(lx);
  }
  free(json);
  return 0;
}
