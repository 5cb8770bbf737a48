// Text peer: Microsoft Recognizers-Text, English currency model (npm, bench/peers/node).
// Articles are separated by a blank line more ("\n\n\n"); each article is given to the
// model sentence by sentence (the model is built for utterances: a whole 8 KB article
// takes it 25-30 s, a sentence at a time well under one).
// Prints one line per article: "index money_count seconds".
// usage: node recognizers.cjs IN.txt
const { NumberWithUnitRecognizer, Culture } = require('@microsoft/recognizers-text-number-with-unit');
const fs = require('fs');

const text = fs.readFileSync(process.argv[2], 'utf8');
const model = new NumberWithUnitRecognizer(Culture.English).getCurrencyModel();
const out = [];
text.split('\n\n\n').forEach((art, i) => {
  if (art.trim() === '') return;
  const t0 = process.hrtime.bigint();
  let n = 0;
  for (const s of art.split(/(?<=[.!?]) +(?=[A-Z$€])|\n+/)) if (s) n += model.parse(s).length;
  out.push(`${i + 1} ${n} ${Number(process.hrtime.bigint() - t0) / 1e9}`);
});
process.stdout.write(out.join('\n') + '\n');
