-- tradefig.extract: trade figures from text, in the figure schema.
local tradefig = require "tradefig"
local json = require "tradefig.json"

local function extract(lang, date, text)
  return assert(tradefig.extract(text, { lang = lang, date = date }))
end

local function period(f) return f.period and (f.period.from .. ".." .. f.period.to) or nil end

-- {lang, date, text, {figure fields ...} for each expected figure, in order}
local cases = {
  { "en", "2024-04-20", "In the year ended March, Japan's exports rose 3.7 percent to 102.90 trillion yen, above 100 trillion yen for the first time.",
    { { flow = "export", reporter = "JPN", value = 102900000000000, currency = "JPY", change = { pct = 3.7 } } },
    "a round mark just below the level the sentence gives restates it (no second figure)" },
  { "en", "2024-04-20", "Exports of goods and services reached USD 776.68 billion in 2023-24, a shade above USD 776.40 billion the year before.",
    { { flow = "export", value = 776680000000, period = "2023-04..2024-03" },
      { flow = "export", value = 776400000000, period = "2022-04..2023-03" } },
    "a comparison base that is no round mark stays a figure" },
  { "en", "2020-08-05", "U.S. exports rose to $158.0 billion in June. Year-to-date, exports fell 15.7% and imports 14.2%.",
    { { flow = "export", reporter = "USA", value = 158000000000, period = "2020-06..2020-06" },
      { flow = "export", reporter = "USA", value = nil, change = { pct = -15.7 }, period = "2020-01..2020-06" },
      { flow = "import", reporter = "USA", value = nil, change = { pct = -14.2 }, period = "2020-01..2020-06" } },
    "'year-to-date' runs from January to the month the text is at" },
  { "ru", "2024-06-10", "В мае экспорт Беларуси в Китай составил $200 млн. С начала года экспорт вырос на 12%.",
    { { flow = "export", reporter = "BLR", partner = "CHN", value = 200000000, period = "2024-05..2024-05" },
      { flow = "export", value = nil, change = { pct = 12.0 }, period = "2024-01..2024-05" } },
    "'с начала года': January to the month the text is at" },
  { "en", "2020-08-05", "The U.S. trade deficit widened to $50.7 billion in June, as exports fell 15.7% and imports 14.2%.",
    { { flow = "balance", reporter = "USA", value = -50700000000, period = "2020-06..2020-06" },
      { flow = "export", value = nil, change = { pct = -15.7 } },
      { flow = "import", value = nil, change = { pct = -14.2 } } },
    "a flow word right before its change is its own, not a balance named earlier" },
  { "ru", "2024-03-12", "Товарооборот Беларуси и Вьетнама в 2023 году составил $180 млн. По его словам, это на 15% больше, чем в 2022 году. Стороны рассчитывают в ближайшие годы довести взаимную торговлю до $500 млн.",
    { { flow = "turnover", reporter = "BLR", partner = "VNM", value = 180000000, change = { pct = 15.0 }, period = "2023-01..2023-12" },
      { flow = "turnover", reporter = "BLR", partner = "VNM", value = 500000000, status = "forecast", period = false } },
    "a change in the next sentence with no flow word is the last figure's; a plan without a period of its own has none" },
  { "de", "2024-03-15", "Der Warenumsatz des Gebiets Witebsk betrug im Januar 520 Millionen Dollar, davon entfielen 310 Millionen Dollar auf den Export und 210 Millionen Dollar auf den Import.",
    { { flow = "turnover", reporter = "BY-VI", value = 520000000, period = "2024-01..2024-01" },
      { flow = "export", reporter = "BY-VI", value = 310000000 },
      { flow = "import", reporter = "BY-VI", value = 210000000 } },
    "after 'und', the flow right after an amount is its own" },
  { "en", "2024-01-10", "Exports to Russia rose by $2 billion to $12 billion in 2023.",
    { { flow = "export", partner = "RUS", value = 12000000000, period = "2023-01..2023-12" } },
    "an increment ('by $2 billion') is no figure and does not take the partner from the level" },
  { "en", "2024-07-06", "Bangladesh's apparel exports to the EU stood at $19.4 billion in FY24. India's exports reached $437 billion in 2023-24.",
    { { flow = "export", reporter = "BGD", partner = "EU", value = 19400000000, period = "2023-07..2024-06" },
      { flow = "export", reporter = "IND", value = 437000000000, period = "2023-04..2024-03" } },
    "a fiscal year counts from the month the country's own begins in (Bangladesh July, India April)" },
  { "en", "2024-01-12", "Shandong's foreign trade totaled 3.26 trillion yuan (about 458 billion U.S. dollars) in 2023, up 1.7 percent.",
    { { flow = "turnover", reporter = "CN-SD", value = 3260000000000, currency = "CNY", change = { pct = 1.7 }, period = "2023-01..2023-12" },
      { flow = "turnover", reporter = "CN-SD", value = 458000000000, currency = "USD", change = { pct = 1.7 }, period = "2023-01..2023-12" } },
    "a change after a bracketed conversion belongs to both amounts" },
  { "ru", "2024-09-10", "Инвестиции Китая в экономику Беларуси составили $500 млн, а товарооборот достиг $8 млрд.",
    { { flow = "turnover", value = 8000000000 } },
    "an investment sum is no figure even when a flow word follows in the next clause" },
  { "en", "2024-02-01", "Trade between Belarus and Russia reached $33.6 billion in 2023. Russian Deputy Prime Minister Alexey Overchuk said bilateral trade would grow by 10% this year.",
    { { flow = "turnover", reporter = "BLR", partner = "RUS", value = 33600000000, period = "2023-01..2023-12" },
      { flow = "turnover", reporter = "BLR", partner = "RUS", value = nil, change = { pct = 10.0 }, status = "forecast", period = "2024-01..2024-12" } },
    "'bilateral trade' is the pair of the text, not the speaker's country" },
  { "ru", "2025-10-10", "По словам Пашиняна, товарооборот Армении и России в этом году составляет уже $4 млрд.",
    { { flow = "turnover", reporter = "ARM", partner = "RUS", value = 4000000000, status = "actual", period = false } },
    "'в этом году ... уже': so far this year is actual, its months unsaid (no period)" },
  { "en", "2024-08-25", "The target now is Dh 3 trillion in non-oil foreign trade with the world by the end of this year.",
    { { flow = "turnover", value = 3000000000000, status = "target", period = "2024-01..2024-12" } },
    "a target for this year is the whole year" },
  { "ru", "2005-10-04", "Товарооборот Свердловской области и Китая в текущем году должен достичь 500 миллионов долларов.",
    { { flow = "turnover", reporter = "RU-SVE", partner = "CHN", value = 500000000, status = "forecast" } },
    "'должен достичь' is an expectation (forecast)" },
  { "en", "2024-07-18", "Guangdong's exports of mechanical and electrical products increased 9.9 percent in January-June and made up 64.4 percent of its total exports.",
    { { flow = "export", reporter = "CN-GD", value = nil, change = { pct = 9.9 }, period = "2024-01..2024-06" } },
    "'64.4 percent of its total exports' is a share, not a change" },
  { "de", "2021-06-10", "Moskau und Peking peilen ein Handelsvolumen von jährlich 200 Milliarden US-Dollar an.",
    { { flow = "turnover", reporter = "RUS", partner = "CHN", value = 200000000000, status = "target" } },
    "two capitals of different countries as the pair stand for their countries" },
  { "ru", "2002-10-20", "Экспорт Татарстана за девять месяцев составил 2 млрд долларов. Около 1 млрд 400 млн долларов приходится на сырую нефть.",
    { { flow = "export", reporter = "RU-TA", value = 2000000000 },
      { flow = "export", reporter = "RU-TA", value = 1400000000, segment = "нефть" } },
    "a product group after 'приходится на' is the figure's segment" },
  { "en", "2024-06-01", "Trade between Belarus and China topped the $5 billion mark for the first time in 2023.",
    {}, "a threshold crossed is no figure" },
  { "de", "2024-06-01", "Der Handelsumsatz zwischen Belarus und China überschritt 2023 erstmals die Marke von 5 Milliarden Dollar.",
    {}, "'die Marke von 5 Milliarden' crossed is no figure" },
  { "ru", "2024-06-01", "Товарооборот Беларуси и Китая в 2023 году впервые превысил отметку в 5 млрд долларов.",
    {}, "'отметку в 5 млрд' crossed is no figure" },
  { "de", "2024-06-01", "Der Handelsumsatz zwischen Belarus und China soll 2025 die Marke von 5 Milliarden Dollar überschreiten.",
    { { flow = "turnover", reporter = "BLR", partner = "CHN", value = 5000000000, status = "target" } },
    "a mark aimed at is a target" },
  { "en", "2024-01-05", "US exports rose 7%, or $1 billion, to $15 billion in 2023.",
    { { flow = "export", reporter = "USA", partner = "WLD", value = 15000000000, change = { pct = 7.0 }, period = "2023-01..2023-12" } },
    "a change restated in money ('7%, or $1 billion') is no level; the change goes to the level" },
  { "de", "2024-07-02", "Der Umsatz zwischen Belarus und Russland wuchs in den ersten fünf Monaten 2024 um 7 Prozent oder $1 Milliarde.",
    { { flow = "turnover", reporter = "BLR", partner = "RUS", value = nil, change = { pct = 7.0 }, period = "2024-01..2024-05" } },
    "'7 Prozent oder $1 Milliarde': the change alone" },
  { "en", "2024-06-28", "Trade between Belarus and Russia reached $33.6 billion in January-April. Earlier, Russian Deputy Prime Minister Alexey Overchuk said the two countries intend to increase trade by 50% by 2030.",
    { { flow = "turnover", reporter = "BLR", partner = "RUS", value = 33600000000, period = "2024-01..2024-04" },
      { flow = "turnover", reporter = "BLR", partner = "RUS", value = nil, change = { pct = 50.0 }, status = "target", period = "2030-01..2030-12" } },
    "'the two countries' are the pair the text is about, not the speaker's country" },
  { "ru", "2024-06-28", "Товарооборот Беларуси и России в 2023 году составил $50 млрд. Вице-премьер РФ сказал, что взаимный товарооборот в этом году вырастет на 5%.",
    { { flow = "turnover", reporter = "BLR", partner = "RUS", value = 50000000000, period = "2023-01..2023-12" },
      { flow = "turnover", reporter = "BLR", partner = "RUS", value = nil, change = { pct = 5.0 }, period = "2024-01..2024-12" } },
    "'взаимный товарооборот': the pair of the text" },
  { "ru", "2024-07-03", "Товарооборот России и Турции по итогам первого полугодия сохранился на уровне прошлого года, снизившись всего на 1%.",
    { { flow = "turnover", reporter = "RUS", partner = "TUR", value = nil, change = { pct = -1.0 }, period = "2024-01..2024-06" } },
    "a participle of falling gives the sign; 'всего' right before a change means 'only', not the world" },
  { "en", "2024-02-01", "Exports to China rebounded 12% to $5 billion in 2023.",
    { { flow = "export", partner = "CHN", value = 5000000000, change = { pct = 12.0 }, period = "2023-01..2023-12" } },
    "'rebounded' is a rise" },
  { "de", "2024-02-01", "Die Ausfuhren nach China verringerten sich 2023 um 12 Prozent auf 5 Mrd. Euro.",
    { { flow = "export", partner = "CHN", value = 5000000000, currency = "EUR", change = { pct = -12.0 }, period = "2023-01..2023-12" } },
    "a reflexive verb of falling" },
  { "en", "2023-01-10", "In 2022 trade between Belarus and Russia's Rostov Oblast reached $420 million.",
    { { flow = "turnover", reporter = "BLR", partner = "RU-ROS", value = 420000000, currency = "USD", period = "2022-01..2022-12" } },
    "a country naming where its region lies is not a party: the region alone" },
  { "ru", "2023-01-10", "Товарооборот Беларуси с Ростовской областью России в 2022 году составил 420 млн долларов.",
    { { flow = "turnover", reporter = "BLR", partner = "RU-ROS", value = 420000000, currency = "USD", period = "2022-01..2022-12" } },
    "the region with its country in the genitive after it" },
  { "de", "2023-01-10", "Der Handelsumsatz zwischen Belarus und dem Gebiet Rostow (Russland) erreichte 2022 420 Millionen Dollar.",
    { { flow = "turnover", reporter = "BLR", partner = "RU-ROS", value = 420000000, currency = "USD", period = "2022-01..2022-12" } },
    "the region with its country in brackets" },
  { "de", "2025-06-24", "Der Handelsumsatz zwischen Belarus und dem russischen Gebiet Kemerowo erreichte 2024 225 Millionen Dollar.",
    { { flow = "turnover", reporter = "BLR", partner = "RU-KEM", value = 225000000, currency = "USD", period = "2024-01..2024-12" } },
    "the country's adjective before its region" },
  { "de", "2024-12-05", "Nach den Ergebnissen der letzten neun Monate hat der Handelsumsatz zwischen der Region Minsk und China 2 Milliarden Dollar erreicht.",
    { { flow = "turnover", reporter = "BY-MI", partner = "CHN", value = 2000000000, currency = "USD", period = "2024-01..2024-09", status = "actual" } },
    "relative months, 'zwischen A und B', an oblast in German" },
  { "de", "2019-08-06", "Der Umsatz des Gebiets Minsk mit China habe in den ersten sechs Monaten über $800 Mio. erreicht, ein Plus von 36%; dabei hätten die Ausfuhren um 64% zugelegt.",
    { { flow = "turnover", reporter = "BY-MI", partner = "CHN", value = 800000000, qualifier = "over", change = { pct = 36.0 }, period = "2019-01..2019-06" },
      { flow = "export", reporter = "BY-MI", value = nil, change = { pct = 64.0 }, period = "2019-01..2019-06" } },
    "a change attached to its amount, and a change stated alone" },
  { "de", "2018-10-29", "Belarus rechnet damit, seinen Handel mit China bis zum Jahresende auf über $3,5 Mrd. zu steigern. Von Januar bis August habe der Umsatz im Handel zwischen Belarus und China bereits $2,3 Mrd. erreicht.",
    { { flow = "turnover", reporter = "BLR", partner = "CHN", value = 3500000000, status = "forecast", period = "2018-01..2018-12" },
      { flow = "turnover", value = 2300000000, status = "actual", period = "2018-01..2018-08" } },
    "a forecast to the year end and a month range 'von Januar bis August'" },
  { "de", "2018-06-08", "Chinas Handelsbilanzüberschuss ist im Mai unerwartet auf 24,92 Milliarden Dollar (21,05 Mrd. Euro) geschrumpft.",
    { { flow = "balance", reporter = "CHN", partner = "WLD", value = 24920000000, currency = "USD", period = "2018-05..2018-05" },
      { flow = "balance", reporter = "CHN", value = 21050000000, currency = "EUR", period = "2018-05..2018-05" } },
    "a surplus in two currencies, the genitive 'Chinas'" },
  { "de", "2013-10-21", "Mit 932,1 Milliarden Yen hat Japans Handelsbilanz im September ein neues Rekorddefizit ausgewiesen.",
    { { flow = "balance", reporter = "JPN", value = -932100000000, currency = "JPY", period = "2013-09..2013-09" } },
    "a deficit is a negative balance" },
  { "de", "2019-02-08", "Belarus hat 2018 deutlich mehr Lebensmittel nach China geliefert. Ausländische Investoren brachten mehr als $70 Mio. in die Region.",
    { },
    "investment sums are not trade figures" },
  { "en", "2023-01-13", "In 2022 China's exports to Russia went up 12.8% to $76.12 billion, while its imports from Russia increased 43.4% to $114.15 billion.",
    { { flow = "export", reporter = "CHN", partner = "RUS", value = 76120000000, change = { pct = 12.8 }, period = "2022-01..2022-12" },
      { flow = "import", reporter = "CHN", partner = "RUS", value = 114150000000, change = { pct = 43.4 }, period = "2022-01..2022-12" } },
    "exports to / imports from, possessive reporter" },
  { "en", "2021-04-13", "China's goods trade jumped 29.2 percent from a year earlier to 8.47 trillion yuan (about 1.29 trillion U.S. dollars) in January-March 2021.",
    { { flow = "turnover", reporter = "CHN", partner = "WLD", value = 8470000000000, currency = "CNY", period = "2021-01..2021-03", scope = "goods" },
      { flow = "turnover", reporter = "CHN", partner = "WLD", value = 1290000000000, currency = "USD", qualifier = "about", period = "2021-01..2021-03" } },
    "a converted amount in brackets is its own figure" },
  { "en", "2024-04-18", "Japan's trade gap narrowed by around 70 percent in fiscal 2023 to 5.89 trillion yen.",
    { { flow = "balance", reporter = "JPN", partner = "WLD", value = -5890000000000, period = "2023-04..2024-03", change = { pct = -70.0 } } },
    "a fiscal year April-March, a gap is a deficit" },
  { "en", "2024-04-15", "For the whole of 2023-24 India's merchandise exports dropped 3.11 per cent to USD 437.06 billion.",
    { { flow = "export", reporter = "IND", partner = "WLD", value = 437060000000, period = "2023-04..2024-03", change = { pct = -3.11 } } },
    "India's fiscal year written 2023-24" },
  { "en", "2023-09-01", "Kazakhstan's trade with China set a record last year. Bilateral turnover grew by 34 percent to a record $24 billion. The two sides keep working towards raising trade to $35 billion by 2030.",
    { { flow = "turnover", reporter = "KAZ", partner = "CHN", value = 24000000000, period = "2022-01..2022-12", change = { pct = 34.0 } },
      { flow = "turnover", reporter = "KAZ", partner = "CHN", value = 35000000000, status = "target", period = "2030-01..2030-12" } },
    "parties and 'last year' carried to the next sentences, a target" },
  { "en", "2020-08-05", "June exports rose to $158.0 billion, $13.6 billion more than in May.",
    { { flow = "export", value = 158000000000 } },
    "an increment is not a level" },
  { "ru", "2014-07-21", "Внешнеторговый оборот Могилевской области за январь-май 2014 года составил 1,6 млрд долларов, что на 7% меньше, чем за тот же период прошлого года. Экспорт снизился на 4,6%, до 938 млн долларов, импорт - на 10,2%, до 679 млн долларов.",
    { { flow = "turnover", reporter = "BY-MA", partner = "WLD", value = 1600000000, period = "2014-01..2014-05", change = { pct = -7.0 } },
      { flow = "export", reporter = "BY-MA", value = 938000000, qualifier = "exact", change = { pct = -4.6 }, period = "2014-01..2014-05" },
      { flow = "import", reporter = "BY-MA", value = 679000000, change = { pct = -10.2 }, period = "2014-01..2014-05" } },
    "a Russian oblast in the genitive, falls, context carried" },
  { "ru", "2009-07-09", "Положительное сальдо торгового баланса России в январе - мае сократилось в 2,4 раза - до $34,6 млрд.",
    { { flow = "balance", reporter = "RUS", partner = "WLD", value = 34600000000, change = { ratio = 0.4167 }, period = "2009-01..2009-05" } },
    "a fall 'в 2,4 раза' is a ratio of 1/2.4" },
  { "ru", "2019-11-21", "За девять месяцев товарооборот региона с КНР составил $123,9 млн, или 101,2% к аналогичному периоду прошлого года.",
    { { flow = "turnover", partner = "CHN", value = 123900000, change = { pct = 1.2 }, period = "2019-01..2019-09" } },
    "an index '101,2% к ... периоду' is +1.2%" },
  { "ru", "2003-08-01", "Импорт товаров в Белоруссию за шесть месяцев составил 5 млрд 217,6 млн долларов. Итоговое внешнеторговое сальдо оказалось отрицательным - 550,5 млн долларов.",
    { { flow = "import", reporter = "BLR", value = 5217600000, period = "2003-01..2003-06", scope = "goods" },
      { flow = "balance", reporter = "BLR", value = -550500000 } },
    "imports into a country, a compound amount, a negative balance" },
  { "ru", "2023-01-23", "Узбекистан в 2022 году экспортировал овощей и фруктов на $1,1 млрд. Крупнейшим покупателем стала Россия - $486,7 млн, далее следуют Казахстан и Китай - $216 млн и $104,6 млн соответственно.",
    { { flow = "export", reporter = "UZB", value = 1100000000, period = "2022-01..2022-12", segment = "овощей" },
      { flow = "export", reporter = "UZB", partner = "RUS", value = 486700000 },
      { partner = "KAZ", value = 216000000 }, { partner = "CHN", value = 104600000 } },
    "a list with 'соответственно'" },
}

-- The same phenomena written in each language.
local parallel = {
  { "de", "2023-03-01", "Die Ausfuhren Weißrusslands nach China stiegen 2022 um 12 Prozent auf 1,2 Milliarden Dollar.",
    { { flow = "export", reporter = "BLR", partner = "CHN", value = 1200000000, change = { pct = 12.0 }, period = "2022-01..2022-12" } }, "exports to, genitive reporter" },
  { "en", "2023-03-01", "Belarus' exports to China rose 12% to $1.2 billion in 2022.",
    { { flow = "export", reporter = "BLR", partner = "CHN", value = 1200000000, change = { pct = 12.0 }, period = "2022-01..2022-12" } }, "exports to, possessive reporter" },
  { "ru", "2023-03-01", "Экспорт Беларуси в Китай в 2022 году вырос на 12% и составил 1,2 млрд долларов.",
    { { flow = "export", reporter = "BLR", partner = "CHN", value = 1200000000, change = { pct = 12.0 }, period = "2022-01..2022-12" } }, "exports to, genitive reporter" },
  { "de", "2023-03-01", "Die Einfuhren aus Russland beliefen sich im vierten Quartal 2022 auf rund 3 Mrd. Euro.",
    { { flow = "import", partner = "RUS", value = 3000000000, currency = "EUR", qualifier = "about", period = "2022-10..2022-12" } }, "imports from, a quarter" },
  { "en", "2023-03-01", "Imports from Russia totalled about EUR 3 billion in the fourth quarter of 2022.",
    { { flow = "import", partner = "RUS", value = 3000000000, currency = "EUR", qualifier = "about", period = "2022-10..2022-12" } }, "imports from, a quarter" },
  { "ru", "2023-03-01", "Импорт из России в IV квартале 2022 года составил около 3 млрд евро.",
    { { flow = "import", partner = "RUS", value = 3000000000, currency = "EUR", qualifier = "about", period = "2022-10..2022-12" } }, "imports from, a quarter" },
  { "de", "2023-03-01", "Der belarussisch-chinesische Handel erreichte im ersten Halbjahr 2022 knapp 2,8 Mrd. Dollar.",
    { { flow = "turnover", reporter = "BLR", partner = "CHN", value = 2800000000, qualifier = "nearly", period = "2022-01..2022-06" } }, "compound adjectives, a half year" },
  { "ru", "2023-03-01", "Российско-китайский товарооборот в прошлом году увеличился в 1,3 раза.",
    { { flow = "turnover", reporter = "RUS", partner = "CHN", value = nil, change = { ratio = 1.3 }, period = "2022-01..2022-12" } }, "compound adjectives, last year, a multiplier" },
  { "en", "2023-03-01", "Trade between India and the UAE is expected to reach $100 billion by 2030.",
    { { flow = "turnover", reporter = "IND", partner = "ARE", value = 100000000000, status = "forecast", period = "2030-01..2030-12" } }, "a forecast with its deadline" },
  { "de", "2023-03-01", "Heuer soll das Handelsvolumen mit Kasachstan auf 5 Milliarden Dollar steigen.",
    { { flow = "turnover", partner = "KAZ", value = 5000000000, status = "target", period = "2023-01..2023-12" } }, "'heuer' and a target" },
  { "ru", "2023-03-01", "В текущем году стороны намерены довести товарооборот до 5 млрд долларов.",
    { { flow = "turnover", value = 5000000000, status = "target", period = "2023-01..2023-12" } }, "this year and a target" },
  { "de", "2023-03-01", "Deutschlands Handelsbilanzüberschuss lag im Januar bei 16,7 Milliarden Euro.",
    { { flow = "balance", reporter = "DEU", partner = "WLD", value = 16700000000, period = "2023-01..2023-01" } }, "a surplus in one month" },
  { "en", "2023-03-01", "Germany's trade surplus stood at EUR 16.7 billion in January.",
    { { flow = "balance", reporter = "DEU", partner = "WLD", value = 16700000000, period = "2023-01..2023-01" } }, "a surplus in one month" },
  { "ru", "2023-03-01", "Профицит торгового баланса Казахстана в 2022 году составил 36,3 млрд долларов.",
    { { flow = "balance", reporter = "KAZ", partner = "WLD", value = 36300000000, period = "2022-01..2022-12" } }, "a surplus in a year" },
  { "de", "2023-03-01", "Das Defizit im Handel mit China betrug 2022 rund 84 Milliarden Euro.",
    { { flow = "balance", partner = "CHN", value = -84000000000, period = "2022-01..2022-12" } }, "a deficit is negative" },
  { "en", "2023-03-01", "The trade deficit with China narrowed to $382.9 billion last year.",
    { { flow = "balance", partner = "CHN", value = -382900000000, period = "2022-01..2022-12" } }, "a deficit is negative" },
  { "en", "2023-03-01", "In the first two months of this year, Vietnam's exports fell 11.9% year on year to $46.56 billion.",
    { { flow = "export", reporter = "VNM", partner = "WLD", value = 46560000000, change = { pct = -11.9 }, period = "2023-01..2023-02" } }, "first months of this year, a fall" },
  { "ru", "2023-03-01", "Товарооборот между Россией и Китаем в январе-феврале 2023 года вырос на 25,9% до $33,7 млрд.",
    { { flow = "turnover", reporter = "RUS", partner = "CHN", value = 33700000000, change = { pct = 25.9 }, period = "2023-01..2023-02" } }, "a month range" },
  { "de", "2023-03-01", "Die Exporte in die EU, die USA und nach China erreichten 2022 jeweils 10, 8 beziehungsweise 6 Milliarden Euro.",
    { { partner = "EU", value = 10000000000, currency = "EUR" }, { partner = "USA", value = 8000000000 }, { partner = "CHN", value = 6000000000 } }, "a list with its scale stated once" },
  { "en", "2023-03-01", "Exports to the EU, the US and China were worth $10bn, $8bn and $6bn respectively in 2022.",
    { { partner = "EU", value = 10000000000, period = "2022-01..2022-12" }, { partner = "USA", value = 8000000000 }, { partner = "CHN", value = 6000000000 } }, "a list with 'respectively'" },
  { "de", "2023-03-01", "Ein chinesischer Investor will 300 Millionen Dollar in ein Werk im Gebiet Minsk investieren.", {}, "an investment is no trade figure" },
  { "en", "2023-03-01", "A Chinese investor plans to invest $300 million in a plant in the Minsk region.", {}, "an investment is no trade figure" },
  { "ru", "2023-03-01", "Китайский инвестор вложит 300 млн долларов в строительство завода в Минской области.", {}, "an investment is no trade figure" },
}
parallel[#parallel + 1] = { "de", "2024-03-12", "MINSK, 12. März (BelTA) – Der Außenhandelsumsatz des Gebiets Grodno mit Polen belief sich im Januar-Februar auf 142,3 Millionen Dollar. Die Exporte stiegen um 8,1 Prozent auf 95 Millionen Dollar, die Importe gingen um 3 Prozent zurück. Bis Jahresende will die Region den Handel auf 1 Milliarde Dollar steigern.",
  { { flow = "turnover", reporter = "BY-HR", partner = "POL", value = 142300000, period = "2024-01..2024-02" },
    { flow = "export", reporter = "BY-HR", partner = "POL", value = 95000000, change = { pct = 8.1 }, period = "2024-01..2024-02" },
    { flow = "import", reporter = "BY-HR", partner = "POL", value = nil, change = { pct = -3.0 } },
    { flow = "turnover", value = 1000000000, status = "target", period = "2024-01..2024-12" } },
  "a dateline, parties and period carried through the article" }
parallel[#parallel + 1] = { "en", "2024-03-03", "ASTANA, March 3 (Reuters) - Kazakhstan's exports to the European Union fell 14 percent in 2023 to $28.2 billion, official data showed on Friday. Imports from the bloc rose 9% to $11.4 billion, narrowing Kazakhstan's surplus with the EU to $16.8 billion.",
  { { flow = "export", reporter = "KAZ", partner = "EU", value = 28200000000, change = { pct = -14.0 }, period = "2023-01..2023-12" },
    { flow = "import", reporter = "KAZ", partner = "EU", value = 11400000000, change = { pct = 9.0 }, period = "2023-01..2023-12" },
    { flow = "balance", reporter = "KAZ", partner = "EU", value = 16800000000, period = "2023-01..2023-12" } },
  "a dateline, parties and period carried through the article" }
parallel[#parallel + 1] = { "ru", "2024-03-12", "ГРОДНО, 12 марта (БЕЛТА) – Внешнеторговый оборот Гродненской области с Польшей в январе-феврале составил $142,3 млн. Экспорт увеличился на 8,1% и достиг $95 млн, импорт сократился на 3%. До конца года регион планирует нарастить товарооборот до $1 млрд.",
  { { flow = "turnover", reporter = "BY-HR", partner = "POL", value = 142300000, period = "2024-01..2024-02" },
    { flow = "export", reporter = "BY-HR", partner = "POL", value = 95000000, change = { pct = 8.1 } },
    { flow = "import", reporter = "BY-HR", partner = "POL", value = nil, change = { pct = -3.0 } },
    { flow = "turnover", value = 1000000000, status = "target", period = "2024-01..2024-12" } },
  "a dateline, parties and period carried through the article" }
-- two places joined by "and" as the subject of the amount's verb, after the word of trade
parallel[#parallel + 1] = { "de", "2025-06-23", "Zuletzt lag der Umsatz deutlich darunter: 2024 kamen Belarus und das Gebiet Kemerowo auf $225 Mio., während es 2022 noch über $614 Mio. gewesen waren.",
  { { flow = "turnover", reporter = "BLR", partner = "RU-KEM", value = 225000000, period = "2024-01..2024-12" },
    { flow = "turnover", reporter = "BLR", partner = "RU-KEM", value = 614000000, qualifier = "over", period = "2022-01..2022-12" } },
  "two places joined by 'and' right before the amount are the turnover's pair" }
parallel[#parallel + 1] = { "en", "2024-06-01", "Trade slowed last year: in 2023 Russia and Kazakhstan reached $28 billion.",
  { { flow = "turnover", reporter = "RUS", partner = "KAZ", value = 28000000000, period = "2023-01..2023-12" } },
  "two places joined by 'and' right before the amount are the turnover's pair" }
parallel[#parallel + 1] = { "ru", "2024-06-01", "Товарооборот в прошлом году немного снизился: в 2023 году Россия и Казахстан вышли на $28 млрд.",
  { { flow = "turnover", reporter = "RUS", partner = "KAZ", value = 28000000000, period = "2023-01..2023-12" } },
  "two places joined by 'and' right before the amount are the turnover's pair" }
parallel[#parallel + 1] = { "de", "2024-06-01", "2024 kam der Handelsumsatz von Belarus und dem Gebiet Kemerowo auf $225 Mio.",
  { { flow = "turnover", reporter = "BLR", partner = "RU-KEM", value = 225000000 } },
  "'Handelsumsatz von A und B', 'trade of A and B': the pair" }
parallel[#parallel + 1] = { "en", "2024-06-01", "Trade of Russia and Kazakhstan reached $28 billion in 2023.",
  { { flow = "turnover", reporter = "RUS", partner = "KAZ", value = 28000000000 } },
  "'Handelsumsatz von A und B', 'trade of A and B': the pair" }
parallel[#parallel + 1] = { "de", "2024-06-01", "Der Austausch mit der EU, den USA und Japan sank 2023 auf 500 Mio. Dollar.",
  { { flow = "turnover", partner = "EU", value = 500000000 } },
  "the last two places of a list are no pair" }
-- "from X to Y": the start is the level of the period before, unless it has its own
parallel[#parallel + 1] = { "de", "2014-06-27", "Wien - Das Minus in Österreichs Außenhandel ist im Vorjahr nahezu auf die Hälfte geschrumpft: von 8,4 auf 4,9 Mrd. Euro.",
  { { flow = "balance", reporter = "AUT", value = -8400000000, currency = "EUR", period = "2012-01..2012-12", change = false },
    { flow = "balance", reporter = "AUT", value = -4900000000, currency = "EUR", period = "2013-01..2013-12" } },
  "'von X auf Y': X is the level a year before, a bare X takes Y's scale and currency" }
parallel[#parallel + 1] = { "en", "2023-01-13", "China's exports to Russia rose 12% from $60 billion to $76 billion in 2022.",
  { { flow = "export", reporter = "CHN", partner = "RUS", value = 60000000000, period = "2021-01..2021-12", change = false },
    { flow = "export", reporter = "CHN", partner = "RUS", value = 76000000000, period = "2022-01..2022-12", change = { pct = 12.0 } } },
  "'from X to Y': X is the level a year before; the change is Y's" }
parallel[#parallel + 1] = { "ru", "2012-01-18", "За 20 лет товарооборот Белоруссии и Китая увеличился в 100 раз - с $30 млн в 1992 году до $3 млрд в 2011 году.",
  { { flow = "turnover", reporter = "BLR", partner = "CHN", value = 30000000, period = "1992-01..1992-12", change = false },
    { flow = "turnover", reporter = "BLR", partner = "CHN", value = 3000000000, period = "2011-01..2011-12", change = { ratio = 100.0 } } },
  "'с X в 1992 году до Y': a start with a period of its own keeps it; the change is the end's" }
parallel[#parallel + 1] = { "de", "2024-06-27", "Die Exporte nach China stiegen 2023 von 2,1 auf 2,5 Milliarden Dollar.",
  { { flow = "export", partner = "CHN", value = 2100000000, period = "2022-01..2022-12" },
    { flow = "export", partner = "CHN", value = 2500000000, period = "2023-01..2023-12" } },
  "the end of a range has the parties of its start" }
parallel[#parallel + 1] = { "ru", "2023-02-13", "Доля России в товарообороте Беларуси выросла с 47,9% в 2020 году до 60% по итогам десяти месяцев прошлого года.",
  {}, "a range of shares is no change" }
parallel[#parallel + 1] = { "en", "2024-06-27", "Russia's share in Belarus's foreign trade rose from 47.9% in 2020 to 60% in the first ten months of last year.",
  {}, "a range of shares is no change" }
parallel[#parallel + 1] = { "de", "2024-06-27", "Der Anteil Russlands am Außenhandel von Belarus stieg von 47,9 Prozent im Jahr 2020 auf 60 Prozent im vergangenen Jahr.",
  {}, "a range of shares is no change" }
-- a month of last year as the comparison base is not the period of the change
parallel[#parallel + 1] = { "de", "2023-09-11", "Von Januar bis Juli 2023 stiegen die Importe um 10 Prozent. Im März stiegen die Importe gegenüber dem März des Vorjahres um 49,1 Prozent.",
  { { flow = "import", value = nil, change = { pct = 10.0 }, period = "2023-01..2023-07" },
    { flow = "import", value = nil, change = { pct = 49.1 }, period = "2023-03..2023-03" } },
  "'gegenüber dem März des Vorjahres' is the base, 'im März' the period" }
parallel[#parallel + 1] = { "en", "2023-09-11", "Imports grew 10% in January-July 2023. Import growth is slowing: in March imports were up 49.1 percent on March of last year.",
  { { flow = "import", value = nil, change = { pct = 10.0 }, period = "2023-01..2023-07" },
    { flow = "import", value = nil, change = { pct = 49.1 }, period = "2023-03..2023-03" } },
  "'on March of last year' is the base, 'in March' the period" }
parallel[#parallel + 1] = { "ru", "2023-09-11", "За январь – июль 2023 года импорт вырос на 10%. В марте прирост импорта к марту прошлого года составлял 49,1 процента.",
  { { flow = "import", value = nil, change = { pct = 10.0 }, period = "2023-01..2023-07" },
    { flow = "import", value = nil, change = { pct = 49.1 }, period = "2023-03..2023-03" } },
  "'к марту прошлого года' is the base, 'в марте' the period" }
-- an amount before its flow word: the partner the flow word's preposition names
parallel[#parallel + 1] = { "ru", "2022-05-19", "Гомельская область в этом году в 10 раз увеличила экспорт мясной продукции в Китай, сообщил председатель облисполкома.",
  { { flow = "export", reporter = "BY-HO", partner = "CHN", value = nil, change = { ratio = 10.0 } } },
  "'в 10 раз увеличила экспорт ... в Китай': the partner after the flow word" }
parallel[#parallel + 1] = { "en", "2022-05-19", "The Gomel region this year increased tenfold its exports of meat products to China.",
  { { flow = "export", reporter = "BY-HO", partner = "CHN", value = nil, change = { ratio = 10.0 } } },
  "'increased tenfold its exports ... to China': the partner after the flow word" }
parallel[#parallel + 1] = { "de", "2022-05-19", "Das Gebiet Gomel hat in diesem Jahr um das Zehnfache die Ausfuhren von Fleischprodukten nach China gesteigert.",
  { { flow = "export", reporter = "BY-HO", partner = "CHN", value = nil, change = { ratio = 10.0 } } },
  "'um das Zehnfache die Ausfuhren ... nach China': the partner after the flow word" }
-- an adjective of origin right after the flow word: the exporter, or the partner of an import
parallel[#parallel + 1] = { "de", "2019-02-08", "Die Ausfuhren belarussischer Agrarprodukte nach China hätten sich im vergangenen Jahr um das 1,4-fache auf $82,4 Mio. erhöht.",
  { { flow = "export", reporter = "BLR", partner = "CHN", value = 82400000, change = { ratio = 1.4 }, period = "2018-01..2018-12" } },
  "'Ausfuhren belarussischer Agrarprodukte': the adjective is the exporter" }
parallel[#parallel + 1] = { "en", "2024-02-08", "Exports of Belarusian goods to China rose 20% to $2 billion in 2023.",
  { { flow = "export", reporter = "BLR", partner = "CHN", value = 2000000000, change = { pct = 20.0 } } },
  "'exports of Belarusian goods': the adjective is the exporter" }
parallel[#parallel + 1] = { "ru", "2024-02-08", "Импорт китайских товаров в Беларусь в 2023 году вырос на 20% и составил $5 млрд.",
  { { flow = "import", reporter = "BLR", partner = "CHN", value = 5000000000, change = { pct = 20.0 } } },
  "'импорт китайских товаров': the adjective is the partner" }
parallel[#parallel + 1] = { "de", "2024-02-08", "Die Einfuhren chinesischer Waren nach Belarus stiegen 2023 um 20 Prozent auf 5 Mrd. Dollar.",
  { { flow = "import", reporter = "BLR", partner = "CHN", value = 5000000000, change = { pct = 20.0 } } },
  "'Einfuhren chinesischer Waren': the adjective is the partner" }
-- a balance word as the subject of its change is the flow, not a direction
parallel[#parallel + 1] = { "en", "2020-08-05", "U.S. exports fell in June. Year-to-date, the goods and services deficit was 7.8% smaller than in the same period of 2019, as exports fell 15.7%.",
  { { flow = "balance", reporter = "USA", value = nil, change = { pct = -7.8 } },
    { flow = "export", reporter = "USA", value = nil, change = { pct = -15.7 } } },
  "'the deficit was 7.8% smaller': a change of the balance" }
parallel[#parallel + 1] = { "de", "2020-08-05", "Seit Jahresbeginn war das Defizit um 7,8 Prozent kleiner als im Vorjahreszeitraum, die Exporte fielen um 15,7 Prozent.",
  { { flow = "balance", value = nil, change = { pct = -7.8 } },
    { flow = "export", value = nil, change = { pct = -15.7 } } },
  "'das Defizit um 7,8 Prozent kleiner': a change of the balance" }
parallel[#parallel + 1] = { "ru", "2020-08-05", "С начала года дефицит был на 7,8% меньше, чем годом ранее, а экспорт снизился на 15,7%.",
  { { flow = "balance", value = nil, change = { pct = -7.8 } },
    { flow = "export", value = nil, change = { pct = -15.7 } } },
  "'дефицит был на 7,8% меньше': a change of the balance" }
parallel[#parallel + 1] = { "de", "2013-01-08", "Gegenüber November 2012 bedeutet das ein Plus von 1,0 % bei den Ausfuhren und ein Minus von 0,4 % bei den Einfuhren.",
  { { flow = "export", value = nil, change = { pct = 1.0 } },
    { flow = "import", value = nil, change = { pct = -0.4 } } },
  "'ein Minus von 0,4 % bei den Einfuhren': a direction, the flow after it" }
-- a list of shares in brackets after places
parallel[#parallel + 1] = { "ru", "2021-03-11", "Наибольшая доля во взаимной торговле Кыргызстана с государствами ЕАЭС пришлась на Россию (74.4%) и Казахстан (23.6%).",
  {}, "'пришлась на Россию (74.4%) и Казахстан (23.6%)': shares, not changes" }
parallel[#parallel + 1] = { "en", "2021-03-11", "The largest share of Kyrgyzstan's trade with EAEU states went to Russia (74.4%) and Kazakhstan (23.6%).",
  {}, "'went to Russia (74.4%) and Kazakhstan (23.6%)': shares, not changes" }
parallel[#parallel + 1] = { "de", "2021-03-11", "Den größten Anteil am Handel Kirgisistans mit den EAWU-Staaten hatten Russland (74,4 %) und Kasachstan (23,6 %).",
  {}, "'Russland (74,4 %) und Kasachstan (23,6 %)': shares, not changes" }
parallel[#parallel + 1] = { "ru", "2021-03-11", "Экспорт вырос в Россию (+5%) и Казахстан (+3%).",
  { { flow = "export", partner = "RUS", value = nil, change = { pct = 5.0 } },
    { flow = "export", partner = "KAZ", value = nil, change = { pct = 3.0 } } },
  "signed percentages in brackets after places are changes" }
-- a verb of share said once, then a dash or its preposition for it
parallel[#parallel + 1] = { "ru", "2002-12-09", "В структуре экспорта преобладает сырье: около 1 млрд 400 млн долларов приходится на сырую нефть, порядка 300 млн долларов - на нефтехимическую продукцию, 180 млн долларов - на нефтепродукты.",
  { { flow = "export", value = 1400000000, segment = "нефть" },
    { flow = "export", value = 300000000, segment = "нефтехимическую" },
    { flow = "export", value = 180000000, segment = "нефтепродукты" } },
  "'X приходится на A, Y - на B': each amount its own segment" }
parallel[#parallel + 1] = { "de", "2002-12-09", "Bei den Exporten dominierten Rohstoffe: 1,4 Mrd. Dollar entfielen auf Erdöl, 300 Mio. Dollar - auf Chemieprodukte, 180 Mio. Dollar - auf Düngemittel.",
  { { flow = "export", value = 1400000000, segment = "Erdöl" },
    { flow = "export", value = 300000000, segment = "Chemieprodukte" },
    { flow = "export", value = 180000000, segment = "Düngemittel" } },
  "'X entfielen auf A, Y - auf B': each amount its own segment" }
parallel[#parallel + 1] = { "en", "2002-12-09", "Raw materials dominate exports: about $1.4 billion was accounted for by crude oil, some $300 million - by machinery, $180 million - by fertilizers.",
  { { flow = "export", value = 1400000000, segment = "crude" },
    { flow = "export", value = 300000000, segment = "machinery" },
    { flow = "export", value = 180000000, segment = "fertilizers" } },
  "'X was accounted for by A, Y - by B': each amount its own segment" }
-- a verb of exceeding right before the amount: more than it
parallel[#parallel + 1] = { "ru", "2024-10-20", "Товарооборот Беларуси и Китая в 2023 году вырос на 33% и превысил $8,4 млрд.",
  { { flow = "turnover", value = 8400000000, qualifier = "over", change = { pct = 33.0 } } },
  "'превысил $8,4 млрд': over" }
parallel[#parallel + 1] = { "en", "2024-10-20", "Trade between Belarus and China exceeded $8.4 billion in 2023.",
  { { flow = "turnover", value = 8400000000, qualifier = "over" } },
  "'exceeded $8.4 billion': over" }
parallel[#parallel + 1] = { "de", "2024-10-20", "Der Handel zwischen Belarus und China überstieg 8,4 Mrd. Dollar.",
  { { flow = "turnover", value = 8400000000, qualifier = "over" } },
  "'überstieg 8,4 Mrd. Dollar': over" }
parallel[#parallel + 1] = { "de", "2006-08-20", "Der Handel mit China übertrifft den mit Japan um 16,6 Milliarden Euro.",
  {}, "'übertrifft ... um 16,6 Milliarden Euro': a difference, no figure" }
-- a dash standing for the verb of the clause before carries its direction
parallel[#parallel + 1] = { "ru", "2024-01-20", "Экспорт Китая в Россию упал на 11,3%, до $73,57 млрд, а импорт российских товаров - на 7,7%, до $90,05 млрд.",
  { { flow = "export", reporter = "CHN", partner = "RUS", value = 73570000000, change = { pct = -11.3 } },
    { flow = "import", reporter = "CHN", partner = "RUS", value = 90050000000, change = { pct = -7.7 } } },
  "'упал на 11,3%, а импорт - на 7,7%': both fell" }
parallel[#parallel + 1] = { "ru", "2024-01-20", "Поставки винограда выросли на 34,4%, бахчевых - на 63,9%, а экспорт томатов сократился на 5%.",
  { { flow = "export", value = nil, change = { pct = 34.4 } },
    { flow = "export", value = nil, change = { pct = 63.9 } },
    { flow = "export", value = nil, change = { pct = -5.0 } } },
  "the verb before the dash, not the next one" }
parallel[#parallel + 1] = { "en", "2024-01-20", "China's exports to Russia fell by 11.3% to $73.57 billion, and imports from Russia - by 7.7%, to $90.05 billion.",
  { { flow = "export", reporter = "CHN", partner = "RUS", value = 73570000000, change = { pct = -11.3 } },
    { flow = "import", reporter = "CHN", partner = "RUS", value = 90050000000, change = { pct = -7.7 } } },
  "'fell by 11.3%, and imports - by 7.7%': both fell" }
parallel[#parallel + 1] = { "de", "2024-01-20", "Die Exporte nach Russland sanken um 11,3 Prozent auf 73,57 Mrd. Dollar, die Importe – um 7,7 Prozent auf 90,05 Mrd. Dollar.",
  { { flow = "export", partner = "RUS", value = 73570000000, change = { pct = -11.3 } },
    { flow = "import", value = 90050000000, change = { pct = -7.7 } } },
  "'sanken um 11,3 Prozent, die Importe – um 7,7 Prozent': both fell" }
-- scope from a flow word that names it, and "Waren" the noun, not "waren" the verb
parallel[#parallel + 1] = { "de", "2024-08-04", "Die Warenausfuhren des Gebiets Brest sind in den ersten fünf Monaten um 11,5% auf über $1,3 Mrd. gewachsen.",
  { { flow = "export", reporter = "BY-BR", value = 1300000000, scope = "goods" } },
  "'Warenausfuhren': goods" }
parallel[#parallel + 1] = { "de", "2025-06-23", "Zuletzt lag der Umsatz deutlich darunter: 2024 kamen Belarus und das Gebiet Kemerowo auf $225 Mio., während es 2022 noch über $614 Mio. gewesen waren.",
  { { flow = "turnover", value = 225000000, scope = false },
    { flow = "turnover", value = 614000000, scope = false } },
  "'gewesen waren' is no 'Waren'" }
-- two scopes in one sentence: each figure the one nearest its flow word
parallel[#parallel + 1] = { "en", "2020-08-05", "The U.S. goods deficit narrowed to $72.2 billion in June, and the services surplus edged up to $21.5 billion.",
  { { flow = "balance", value = -72200000000, scope = "goods" },
    { flow = "balance", value = 21500000000, scope = "services" } },
  "'the goods deficit ..., the services surplus ...': each its scope" }
parallel[#parallel + 1] = { "ru", "2024-01-20", "В ноябре сальдо торговли товарами сложилось отрицательным в размере $3 461,7 млн, а сальдо торговли услугами - положительным в размере $500 млн.",
  { { flow = "balance", value = -3461700000, scope = "goods" },
    { flow = "balance", value = 500000000, scope = "services" } },
  "'сальдо торговли товарами ..., услугами ...': each its scope" }
parallel[#parallel + 1] = { "de", "2024-08-05", "Die Warenexporte stiegen im Juni auf 120 Mrd. Euro, die Exporte von Dienstleistungen auf 30 Mrd. Euro.",
  { { flow = "export", value = 120000000000, scope = "goods" },
    { flow = "export", value = 30000000000, scope = "services" } },
  "'Warenexporte ..., Exporte von Dienstleistungen ...': each its scope" }
-- the point of an abbreviation that ends the sentence is the sentence's, not the span's
parallel[#parallel + 1] = { "ru", "2024-06-10", "Экспорт в мае составил $22,7 млрд, импорт - $13,9 млрд. Положительное сальдо выросло.",
  { { flow = "export", value = 22700000000, span = "$22,7 млрд" },
    { flow = "import", value = 13900000000, span = "$13,9 млрд" } },
  "'$13,9 млрд.' at a sentence end: the span ends before the point" }
parallel[#parallel + 1] = { "en", "2024-01-10", "In 2022 trade between Russia and China increased by 29.3% to a record $190 bln.",
  { { flow = "turnover", value = 190000000000, span = "$190 bln" } },
  "'$190 bln.' at the end of the text: the span ends before the point" }
parallel[#parallel + 1] = { "de", "2021-01-28", "2020 sanken die Exporte auf fast $90 Mio. Der Handel erreichte 2 Mrd. Dollar.",
  { { flow = "export", value = 90000000, span = "fast $90 Mio" },
    { flow = "turnover", value = 2000000000, span = "2 Mrd. Dollar" } },
  "'Mio.' before a new sentence loses its point, 'Mrd. Dollar' inside one keeps it" }
-- the sentence's verb of change, far from the amount, when no other change stands between
parallel[#parallel + 1] = { "de", "2020-01-14", "Nach Angaben der Pekinger Zollbehörde verringerte sich die Lücke zwischen den Ausfuhren in die Vereinigten Staaten und den Einfuhren von dort 2019 um 8,5 Prozent auf knapp 296 Milliarden Dollar.",
  { { flow = "balance", partner = "USA", value = 296000000000, change = { pct = -8.5 } } },
  "'verringerte sich die Lücke ... um 8,5 Prozent': down" }
parallel[#parallel + 1] = { "en", "2020-01-14", "According to customs, China's trade surplus with the United States narrowed in 2019, after a year of tariffs and of talks between the two governments, by 8.5% to $296 billion.",
  { { flow = "balance", reporter = "CHN", partner = "USA", value = 296000000000, change = { pct = -8.5 } } },
  "'narrowed ... by 8.5%': down" }
parallel[#parallel + 1] = { "ru", "2020-01-14", "По данным таможни, сальдо торговли Китая с США, то есть разница между экспортом туда и импортом оттуда, сократилось в 2019 году на 8,5% до $296 млрд.",
  { { flow = "balance", reporter = "CHN", partner = "USA", value = 296000000000, change = { pct = -8.5 } } },
  "'сократилось ... на 8,5%': down" }
-- a month only ended ("bis September", "through September", "по сентябрь") is reached from January
parallel[#parallel + 1] = { "de", "2024-11-20", "Der chinesisch-kasachische Handel wuchs heuer bis September um 20 Prozent auf 31,5 Milliarden Dollar.",
  { { flow = "turnover", reporter = "CHN", partner = "KAZ", value = 31500000000, period = "2024-01..2024-09" } },
  "'heuer bis September': January to September" }
parallel[#parallel + 1] = { "en", "2024-11-20", "China-Kazakhstan trade grew 20% to $31.5 billion this year through September.",
  { { flow = "turnover", reporter = "CHN", partner = "KAZ", value = 31500000000, period = "2024-01..2024-09" } },
  "'this year through September': January to September" }
parallel[#parallel + 1] = { "ru", "2024-11-20", "С начала года по сентябрь китайско-казахстанский товарооборот вырос на 20% до $31,5 млрд.",
  { { flow = "turnover", reporter = "CHN", partner = "KAZ", value = 31500000000, period = "2024-01..2024-09" } },
  "'с начала года по сентябрь': January to September" }
-- domestic trade is no foreign trade
parallel[#parallel + 1] = { "en", "2024-05-14", "Retail turnover increased by 8% to Br40 billion. Belarus' trade with China rose 12% to $3.1 billion in January-April.",
  { { flow = "turnover", reporter = "BLR", partner = "CHN", value = 3100000000 } },
  "'retail turnover' is no trade figure" }
parallel[#parallel + 1] = { "ru", "2024-05-14", "Розничный товарооборот в январе-апреле вырос на 8% до 40 млрд рублей. Товарооборот Беларуси с Китаем вырос на 12% до $3,1 млрд.",
  { { flow = "turnover", reporter = "BLR", partner = "CHN", value = 3100000000 } },
  "'розничный товарооборот' is no trade figure" }
parallel[#parallel + 1] = { "de", "2024-05-14", "Der Einzelhandelsumsatz stieg um 8 Prozent auf 40 Mrd. Euro. Der Handel von Belarus mit China stieg um 12 Prozent auf 3,1 Mrd. Dollar.",
  { { flow = "turnover", reporter = "BLR", partner = "CHN", value = 3100000000 } },
  "'Einzelhandelsumsatz' is no trade figure" }
parallel[#parallel + 1] = { "en", "2024-05-14", "In January-April the trade of Belarus with China rose 12% to $3.1 billion.",
  { { flow = "turnover", reporter = "BLR", partner = "CHN", value = 3100000000 } },
  "'trade of Belarus with China': the reporter" }
-- a company's turnover (its revenue) and money for exporters are no trade figures
parallel[#parallel + 1] = { "de", "2024-07-05", "Berlin - Der Volkswagen-Konzern steigerte seinen Umsatz um 15 Prozent auf 322 Milliarden Euro. Die deutschen Exporte nach China sanken im Mai um 4 Prozent auf 7,9 Milliarden Euro.",
  { { flow = "export", reporter = "DEU", partner = "CHN", value = 7900000000 } },
  "a company's 'Umsatz' is its revenue" }
parallel[#parallel + 1] = { "en", "2024-07-05", "The company said its turnover rose 15% to $3.2 billion. The government will give $2 billion to exporters. Exports to China fell 4% to $7.9 billion in May.",
  { { flow = "export", partner = "CHN", value = 7900000000 } },
  "a company's turnover is its revenue; money for exporters is no export" }
parallel[#parallel + 1] = { "ru", "2024-07-05", "Оборот компании вырос на 15% до 322 млрд рублей. Правительство выделит 10 млрд рублей на поддержку экспортеров. Экспорт в Китай в мае сократился на 4% до $7,9 млрд.",
  { { flow = "export", partner = "CHN", value = 7900000000 } },
  "'оборот компании' is its revenue; money for exporters is no export" }
-- "next year" is the year after the document's; "may" the verb is no month
parallel[#parallel + 1] = { "en", "2024-11-20", "Exports to China could rise to $5 billion next year, the ministry said. Imports may fall.",
  { { flow = "export", partner = "CHN", value = 5000000000, status = "forecast", period = "2025-01..2025-12" } },
  "'next year': the year after" }
parallel[#parallel + 1] = { "de", "2024-11-20", "Die Exporte nach China werden im nächsten Jahr voraussichtlich auf 5 Mrd. Dollar steigen.",
  { { flow = "export", partner = "CHN", value = 5000000000, period = "2025-01..2025-12" } },
  "'im nächsten Jahr': the year after" }
parallel[#parallel + 1] = { "ru", "2024-11-20", "В следующем году экспорт в Китай должен вырасти до $5 млрд.",
  { { flow = "export", partner = "CHN", value = 5000000000, status = "forecast", period = "2025-01..2025-12" } },
  "'в следующем году': the year after" }
parallel[#parallel + 1] = { "en", "2024-11-20", "Exports to China may rise to $5 billion, the ministry said.",
  { { flow = "export", partner = "CHN", value = 5000000000, period = false } },
  "'may' the verb is no month" }
-- "the main partners of A were B, C and D": A the reporter, the list the partners, respectively
parallel[#parallel + 1] = { "ru", "2024-03-20", "Основными торговыми партнерами Беларуси в 2023 году стали Россия, Китай и Казахстан: товарооборот с ними составил $50,1 млрд, $8,4 млрд и $1,9 млрд соответственно.",
  { { flow = "turnover", reporter = "BLR", partner = "RUS", value = 50100000000 },
    { flow = "turnover", reporter = "BLR", partner = "CHN", value = 8400000000 },
    { flow = "turnover", reporter = "BLR", partner = "KAZ", value = 1900000000 } },
  "'партнерами Беларуси стали Россия, Китай и Казахстан ... соответственно'" }
parallel[#parallel + 1] = { "de", "2024-03-20", "Die wichtigsten Handelspartner von Belarus waren 2023 Russland, China und Kasachstan mit einem Warenumsatz von 50,1, 8,4 beziehungsweise 1,9 Milliarden Dollar.",
  { { flow = "turnover", reporter = "BLR", partner = "RUS", value = 50100000000 },
    { flow = "turnover", reporter = "BLR", partner = "CHN", value = 8400000000 },
    { flow = "turnover", reporter = "BLR", partner = "KAZ", value = 1900000000 } },
  "'Handelspartner von Belarus waren Russland, China und Kasachstan ... beziehungsweise'" }
parallel[#parallel + 1] = { "en", "2024-03-20", "Belarus' main trade partners in 2023 were Russia, China and Kazakhstan, with trade of $50.1 billion, $8.4 billion and $1.9 billion respectively.",
  { { flow = "turnover", reporter = "BLR", partner = "RUS", value = 50100000000 },
    { flow = "turnover", reporter = "BLR", partner = "CHN", value = 8400000000 },
    { flow = "turnover", reporter = "BLR", partner = "KAZ", value = 1900000000 } },
  "'Belarus' main trade partners were Russia, China and Kazakhstan ... respectively'" }
-- whose trade: the "of" or genitive after the flow word, past an article and a locating country
parallel[#parallel + 1] = { "en", "2024-01-20", "HANGZHOU, Jan. 20 (Xinhua) -- The foreign trade of east China's Zhejiang Province hit 4.9 trillion yuan in 2023, up 4.6 percent year on year.",
  { { flow = "turnover", reporter = "CN-ZJ", partner = "WLD", value = 4900000000000, change = { pct = 4.6 } } },
  "'the foreign trade of east China's Zhejiang Province': the reporter" }
parallel[#parallel + 1] = { "de", "2024-01-20", "Der Außenhandel der ostchinesischen Provinz Zhejiang erreichte 2023 4,9 Billionen Yuan, ein Plus von 4,6 Prozent.",
  { { flow = "turnover", reporter = "CN-ZJ", partner = "WLD", value = 4900000000000, change = { pct = 4.6 } } },
  "'der Außenhandel der ostchinesischen Provinz Zhejiang': the reporter" }
parallel[#parallel + 1] = { "ru", "2024-01-20", "Внешнеторговый оборот провинции Чжэцзян на востоке Китая в 2023 году достиг 4,9 трлн юаней, увеличившись на 4,6%.",
  { { flow = "turnover", reporter = "CN-ZJ", partner = "WLD", value = 4900000000000, change = { pct = 4.6 } } },
  "'внешнеторговый оборот провинции Чжэцзян': the reporter" }
-- "Q3", "H1": a quarter, a half; digits glued to a word are no amount ("G20" a group)
parallel[#parallel + 1] = { "en", "2024-12-01", "H1 exports to the U.S. hit a record $63 billion. In Q3, imports from Japan were $11.2 billion, down 5% from the same period last year.",
  { { flow = "export", partner = "USA", value = 63000000000, period = "2024-01..2024-06" },
    { flow = "import", partner = "JPN", value = 11200000000, period = "2024-07..2024-09", change = { pct = -5.0 } } },
  "'H1', 'Q3': a half and a quarter" }
parallel[#parallel + 1] = { "de", "2024-12-01", "Im Q3 2024 stiegen die Exporte nach China auf 20 Mrd. Euro.",
  { { flow = "export", partner = "CHN", value = 20000000000, period = "2024-07..2024-09" } },
  "'Q3 2024': a quarter" }
parallel[#parallel + 1] = { "ru", "2024-12-01", "Во II квартале экспорт в Китай вырос на 5% до $2 млрд.",
  { { flow = "export", partner = "CHN", value = 2000000000, period = "2024-04..2024-06" } },
  "'во II квартале': a quarter" }
-- a comparison base in the clause before is not the period of an amount after the break
parallel[#parallel + 1] = { "en", "2024-04-05", "Kazakhstan exported goods worth 1.2 trillion tenge to Uzbekistan in January-March, nearly double the figure a year earlier, while imports from Uzbekistan totalled 300 billion tenge.",
  { { flow = "export", reporter = "KAZ", partner = "UZB", value = 1200000000000, period = "2024-01..2024-03" },
    { flow = "import", reporter = "KAZ", partner = "UZB", value = 300000000000, period = "2024-01..2024-03" } },
  "'..., a year earlier, while imports ...': the base stays in its clause" }
parallel[#parallel + 1] = { "de", "2024-04-05", "Kasachstan exportierte von Januar bis März Waren für 1,2 Billionen Tenge nach Usbekistan, fast doppelt so viel wie ein Jahr zuvor, während die Importe aus Usbekistan 300 Milliarden Tenge erreichten.",
  { { flow = "export", reporter = "KAZ", partner = "UZB", value = 1200000000000, period = "2024-01..2024-03" },
    { flow = "import", reporter = "KAZ", partner = "UZB", value = 300000000000, period = "2024-01..2024-03" } },
  "'..., ein Jahr zuvor, während die Importe ...': the base stays in its clause" }
parallel[#parallel + 1] = { "ru", "2024-04-05", "Казахстан в январе-марте экспортировал в Узбекистан товаров на 1,2 трлн тенге, почти вдвое больше, чем годом ранее, тогда как импорт из Узбекистана составил 300 млрд тенге.",
  { { flow = "export", reporter = "KAZ", partner = "UZB", value = 1200000000000, period = "2024-01..2024-03" },
    { flow = "import", reporter = "KAZ", partner = "UZB", value = 300000000000, period = "2024-01..2024-03" } },
  "'..., чем годом ранее, тогда как импорт ...': the base stays in its clause" }
-- a change with no verb of its own after a change that has one: the elided verb is the same
parallel[#parallel + 1] = { "de", "2024-01-20", "Die Exporte nach Russland sanken um 11,3 Prozent auf 73,57 Mrd. Dollar, die Importe aus Russland um 7,7 Prozent auf 90,05 Mrd. Dollar.",
  { { flow = "export", partner = "RUS", value = 73570000000, change = { pct = -11.3 } },
    { flow = "import", partner = "RUS", value = 90050000000, change = { pct = -7.7 } } },
  "'sanken um 11,3 Prozent ..., die Importe um 7,7 Prozent': both fell" }
parallel[#parallel + 1] = { "en", "2024-01-20", "Exports to Russia fell by 11.3% to $73.57 billion, with imports from Russia down too, by 7.7% to $90.05 billion.",
  { { flow = "export", partner = "RUS", value = 73570000000, change = { pct = -11.3 } },
    { flow = "import", partner = "RUS", value = 90050000000, change = { pct = -7.7 } } },
  "'fell by 11.3% ..., imports ... by 7.7%': both fell" }
parallel[#parallel + 1] = { "ru", "2024-01-20", "Экспорт в Россию за девять месяцев сократился на 11,3%, до $73,57 млрд, импорт из России за тот же период, по данным таможни, на 7,7%, до $90,05 млрд.",
  { { flow = "export", partner = "RUS", value = 73570000000, change = { pct = -11.3 } },
    { flow = "import", partner = "RUS", value = 90050000000, change = { pct = -7.7 } } },
  "'сократился на 11,3%, ..., импорт ... на 7,7%': both fell" }
parallel[#parallel + 1] = { "en", "2024-06-01", "India's exports to the UAE rose to Rs 2.5 lakh crore in FY24, while imports from the UAE were worth $48 billion. Bilateral trade crossed $83 billion.",
  { { flow = "export", reporter = "IND", partner = "ARE", value = 2500000000000, currency = "INR", period = "2023-04..2024-03" },
    { flow = "import", reporter = "IND", partner = "ARE", value = 48000000000 },
    { flow = "turnover", reporter = "IND", partner = "ARE", value = 83000000000, qualifier = "over" } },
  "'Rs 2.5 lakh crore', 'crossed $83 billion'" }
-- an index after a word of growth with no preposition of change; "or 110.5%" restating money
parallel[#parallel + 1] = { "ru", "2024-05-15", "МИНСК, 15 мая (БЕЛТА) - Внешнеторговый оборот товаров и услуг Беларуси в январе-марте составил $19,8 млрд, темп роста - 104,2% к уровню аналогичного периода прошлого года. Экспорт услуг составил $2,5 млрд, или 110,5%.",
  { { flow = "turnover", reporter = "BLR", partner = "WLD", value = 19800000000, change = { pct = 4.2 }, scope = "goods_services" },
    { flow = "export", reporter = "BLR", value = 2500000000, change = { pct = 10.5 }, scope = "services" } },
  "'темп роста - 104,2% к уровню', 'или 110,5%': indexes" }
parallel[#parallel + 1] = { "en", "2024-05-15", "Belarus' foreign trade in goods and services came to $19.8 billion in January-March, or 104.2% of the level of the same period last year.",
  { { flow = "turnover", reporter = "BLR", value = 19800000000, change = { pct = 4.2 } } },
  "'or 104.2% of the level': an index" }
parallel[#parallel + 1] = { "de", "2024-05-15", "Der Außenhandelsumsatz von Belarus erreichte im ersten Quartal 19,8 Mrd. Dollar, oder 104,2 Prozent des Vorjahresniveaus.",
  { { flow = "turnover", reporter = "BLR", value = 19800000000, change = { pct = 4.2 } } },
  "'104,2 Prozent des Vorjahresniveaus': an index" }
-- the place a "from" introduces before a verb of export is the exporter (a passive's agent)
parallel[#parallel + 1] = { "de", "2024-05-08", "WIESBADEN - Im März 2024 wurden von Deutschland Waren im Wert von 138,7 Milliarden Euro exportiert und Waren im Wert von 116,3 Milliarden Euro importiert.",
  { { flow = "export", reporter = "DEU", partner = "WLD", value = 138700000000, period = "2024-03..2024-03" },
    { flow = "import", reporter = "DEU", value = 116300000000 } },
  "'wurden von Deutschland Waren ... exportiert': the exporter" }
parallel[#parallel + 1] = { "en", "2024-05-08", "In March 2024 goods worth 138.7 billion euros were exported from Germany.",
  { { flow = "export", reporter = "DEU", value = 138700000000, period = "2024-03..2024-03" } },
  "'were exported from Germany': the exporter" }
parallel[#parallel + 1] = { "ru", "2024-05-08", "В марте 2024 года из Германии было экспортировано товаров на 138,7 млрд евро.",
  { { flow = "export", reporter = "DEU", value = 138700000000, period = "2024-03..2024-03" } },
  "'из Германии было экспортировано': the exporter" }
-- an enterprise named in quotes before the flow word is the segment
parallel[#parallel + 1] = { "ru", "2024-04-03", "Холдинг «Белшина» в 2023 году экспортировал продукции на $1,2 млрд.",
  { { flow = "export", value = 1200000000, segment = "Белшина" } },
  "'холдинг «Белшина»': the segment, the Cyrillic name whole" }
parallel[#parallel + 1] = { "de", "2024-04-03", "Der Konzern „Belaz“ hat seine Exporte 2023 auf 50 Mio. Dollar gesteigert.",
  { { flow = "export", value = 50000000, segment = "Belaz" } },
  "'der Konzern „Belaz“': the segment" }
parallel[#parallel + 1] = { "en", "2024-04-03", "The holding \"Belshina\" raised its exports to $1.2 billion in 2023.",
  { { flow = "export", value = 1200000000, segment = "Belshina" } },
  "'the holding \"Belshina\"': the segment" }
-- a balance word rules the trade word a few tokens after it
parallel[#parallel + 1] = { "de", "2024-02-10", "Das Defizit der USA im Handel mit China betrug 2023 279,4 Mrd. Dollar.",
  { { flow = "balance", reporter = "USA", partner = "CHN", value = -279400000000 } },
  "'das Defizit der USA im Handel mit China': a balance" }
parallel[#parallel + 1] = { "en", "2024-02-10", "The U.S. deficit in its trade with China was $279.4 billion in 2023.",
  { { flow = "balance", reporter = "USA", partner = "CHN", value = -279400000000 } },
  "'the U.S. deficit in its trade with China': a balance" }
parallel[#parallel + 1] = { "ru", "2024-02-10", "Дефицит США в торговле с Китаем в 2023 году составил $279,4 млрд.",
  { { flow = "balance", reporter = "USA", partner = "CHN", value = -279400000000 } },
  "'дефицит США в торговле с Китаем': a balance" }
-- a sentence about a share, with a year between the share word and the percentage
parallel[#parallel + 1] = { "ru", "2024-05-10", "Удельный вес России в товарообороте Беларуси в 2023 году составил 49,2%.",
  {}, "'удельный вес ... в 2023 году составил 49,2%': a share" }
parallel[#parallel + 1] = { "en", "2024-05-10", "Russia's share in Belarus' trade was 49.2% in 2023.",
  {}, "'Russia's share in Belarus' trade was 49.2%': a share" }
parallel[#parallel + 1] = { "de", "2024-05-10", "Der Anteil Russlands am Handel von Belarus betrug 2023 49,2 Prozent.",
  {}, "'der Anteil Russlands ... betrug 2023 49,2 Prozent': a share" }
for _, c in ipairs(parallel) do cases[#cases + 1] = c end

describe("tradefig.extract", function()
  for _, c in ipairs(cases) do
    local lang, date, text, want, what = c[1], c[2], c[3], c[4], c[5]
    it("(" .. lang .. ") " .. what, function()
      local got = extract(lang, date, text)
      if #want == 0 then
        assert.same({}, got)
        return
      end
      -- figures of interest: drop change-only figures the case does not list
      assert.is_true(#got >= #want, "expected at least " .. #want .. " figures, got " .. json.encode(got))
      local k = 0
      for _, w in ipairs(want) do
        local f
        repeat
          k = k + 1
          f = got[k]
        until f == nil or (w.value == nil) == (f.value == nil)
        assert.is_not_nil(f, "missing " .. json.encode(w))
        for key, v in pairs(w) do
          if key == "period" then assert.equal(v or nil, period(f))  -- false: no period
          elseif key == "change" then assert.same(v or nil, f.change)  -- false: no change
          elseif v == false then assert.is_nil(f[key], key .. " of " .. json.encode(f))  -- false: none
          else assert.equal(v, f[key], key .. " of " .. json.encode(f)) end
        end
        assert.equal(f.span, text:sub(f.spans[1][1], f.spans[1][2]))
      end
    end)
  end

  it("merges a statement repeated in the document into one figure with both places", function()
    local f = io.open("examples/belta-minsk-china-2024-12-05.de.txt", "rb")
    local text = f:read("a")
    f:close()
    local figs = extract("de", "2024-12-05", text)
    assert.equal(2, #figs)
    assert.equal(2000000000, figs[1].value)
    assert.equal("2024-01..2024-09", period(figs[1]))
    assert.equal(2500000000, figs[2].value)
    assert.equal("2023-01..2023-12", period(figs[2]))
    assert.equal(2, #figs[2].spans)
    for _, sp in ipairs(figs[2].spans) do assert.equal("2,5 Milliarden Dollar", text:sub(sp[1], sp[2])) end
  end)

  it("detects the language when none is given", function()
    local figs = assert(tradefig.extract("Товарооборот России и Китая в 2023 году составил 240 млрд долларов.",
      { date = "2024-01-15" }))
    assert.equal("turnover", figs[1].flow)
    assert.equal("2023-01..2023-12", period(figs[1]))
  end)

  it("returns an empty list for a text without trade figures", function()
    assert.same({}, extract("en", "2024-01-01", "The weather was fine; 40 delegates came."))
    assert.same({}, extract("en", "2024-01-01", ""))
  end)

  it("survives invalid UTF-8 and NUL bytes, and says so", function()
    local figs, warn = tradefig.extract("Exports\0 of China\xFF rose to $5 billion in 2023.", { lang = "en", date = "2024-02-01" })
    assert.equal(1, #figs)
    assert.equal(5000000000, figs[1].value)
    assert.matches("invalid UTF%-8 or NUL byte at byte 8", warn)
  end)

  it("checks its arguments", function()
    assert.error_matches(function() tradefig.extract(5) end, "bad argument #1 to 'extract'")
    assert.error_matches(function() tradefig.extract("x", { date = "5.12.2024" }) end, "YYYY%-MM%-DD")
    assert.error_matches(function() tradefig.extract("x", { dat = "2024-01-01" }) end, "unknown option 'dat'")
  end)

  it("gives integer values, float changes and 1-based sentence spans", function()
    local text = "Intro. China's exports rose 5% to $20.5 billion in 2023."
    local figs = extract("en", "2024-01-01", text)
    assert.equal(1, #figs)
    assert.equal("integer", math.type(figs[1].value))
    assert.equal("float", math.type(figs[1].change.pct))
    assert.same({ 8, #text }, figs[1].sentence)
    assert.equal(figs[1].span, text:sub(figs[1].spans[1][1], figs[1].spans[1][2]))
  end)
end)

describe("tradefig.core extract binding", function()
  local core = tradefig.core

  it("runs lexicon:extract with and without gazetteer and parents", function()
    local lx, gz, parents = tradefig.lexicon("en"), tradefig.gazetteer("en"), assert(tradefig.parents())
    local text = "China's exports to Russia reached $110 billion in 2023."
    local full = assert(lx:extract(text, gz, parents, { date = "2024-01-01" }))
    assert.equal("CHN", full[1].reporter)
    assert.equal("RUS", full[1].partner)
    local bare = assert(lx:extract(text, nil, nil, { date = "2024-01-01" }))
    assert.equal(110000000000, bare[1].value)
    assert.is_nil(bare[1].reporter)
    assert.same(full, assert(lx:extract(text, gz, parents, { date = "2024-01-01", max_amounts = 100 })))
  end)

  it("builds the parents table from a loaded gazetteer", function()
    local p = assert(core.parents(tradefig.gazetteer("de")))
    local lx = tradefig.lexicon("de")
    local figs = assert(lx:extract("Der Handel zwischen Belarus und dem russischen Gebiet Kemerowo erreichte 2022 225 Millionen Dollar.",
      tradefig.gazetteer("de"), p, { date = "2023-01-10" }))
    assert.equal("RU-KEM", figs[1].partner)    -- the country before its own region is dropped
  end)

  it("reads the parents table and reports a bad one", function()
    local ok, err, code = core.parents("{\"places\": 1}", "p.json")
    assert.is_nil(ok)
    assert.equal("EPARSE", code)
    assert.matches("^p%.json: EPARSE", err)
    local p = assert(core.parents("{\"places\": []}"))
    assert.matches("tradefig.Parents", tostring(p))
    p:close()
    assert.matches("closed", tostring(p))
    local lx = tradefig.lexicon("de")
    assert.error_matches(function() lx:extract("x", nil, p) end, "closed")
    assert.error_matches(function() lx:extract({}) end, "bad argument #1 to 'extract'")
    assert.error_matches(function() lx:extract("x", nil, nil, 5) end, "bad argument #4 to 'extract'")
  end)
end)

-- The development corpora, scored with the contract's matching rule (spec/figure-schema):
-- a guard against regressions, not the quality bar (that is `make eval` on the held-out set).
describe("tradefig.extract on the labelled development corpora", function()
  local function near(a, b)
    if a == nil or b == nil then return a == b end
    return math.abs(a - b) <= math.abs(b) * 0.005
  end
  local function matches(g, p)
    for _, k in ipairs { "flow", "currency", "status" } do
      if g[k] ~= p[k] then return false end
    end
    if period(g) ~= period(p) then return false end
    if (g.segment == nil) ~= (p.segment == nil) then return false end
    if not near(p.value, g.value) then return false end
    if g.reporter == p.reporter and g.partner == p.partner then return true end
    return g.flow == "turnover" and g.reporter == p.partner and g.partner == p.reporter
  end
  local floors = { de = 0.90, en = 0.90, ru = 0.90, seed = 1.0 }
  for _, name in ipairs { "de", "en", "ru", "seed" } do
    it("keeps F1 >= " .. floors[name] .. " on " .. name, function()
      local path = name == "seed" and "spec/fixtures/corpus/seed.jsonl" or ("spec/fixtures/corpus/dev-" .. name .. ".jsonl")
      local tp, fp, fn = 0, 0, 0
      for line in io.lines(path) do
        local doc = assert(json.decode(line))
        local gold = {}
        for _, g in ipairs(doc.figures) do
          if g.value == json.null then g.value = nil end
          gold[#gold + 1] = g
        end
        local pred = assert(tradefig.extract(doc.text, { lang = doc.lang, date = doc.doc_date }))
        local used = {}
        for _, g in ipairs(gold) do
          local hit
          for k, p in ipairs(pred) do
            if not used[k] and matches(g, p) then hit = k; break end
          end
          if hit then used[hit] = true; tp = tp + 1 else fn = fn + 1 end
        end
        for k in ipairs(pred) do if not used[k] then fp = fp + 1 end end
      end
      local f1 = 2 * tp / (2 * tp + fp + fn)
      assert.is_true(f1 >= floors[name], string.format("F1 %.3f (tp %d fp %d fn %d)", f1, tp, fp, fn))
    end)
  end
end)

describe("tradefig.extract on a text longer than one piece (256 KiB)", function()
  local f = assert(io.open("examples/belta-minsk-china-2024-12-05.de.txt", "rb"))
  local article = f:read("a")
  f:close()
  local reps = 300          -- about 2.4 MB: read in ten pieces cut at line breaks
  local text = (article .. "\n\n"):rep(reps)

  it("gives the figures of the whole text, every repeat a span, with its sentence", function()
    local figs = assert(tradefig.extract(text, { lang = "de", date = "2024-12-05" }))
    assert.equal(2, #figs)
    assert.equal(2000000000, figs[1].value)
    assert.equal(reps, #figs[1].spans)        -- once per article
    assert.equal(2500000000, figs[2].value)
    assert.equal(2 * reps, #figs[2].spans)    -- twice per article (the file repeats it)
    for _, fig in ipairs(figs) do
      for _, sp in ipairs(fig.spans) do assert.equal(fig.span, text:sub(sp[1], sp[2])) end
    end
    local last = figs[2].spans[#figs[2].spans]
    assert.is_true(last[1] > 2 * 1048576)
    assert.is_true(figs[2].sentence[1] <= figs[2].spans[1][1] and figs[2].sentence[2] >= figs[2].spans[1][2])
  end)

  it("counts max_tokens over the whole text and names the byte in it", function()
    local figs, err, code = tradefig.extract(text, { lang = "de", max_tokens = 200000 })
    assert.is_nil(figs)
    assert.equal("ELIMIT", code)
    local byte = tonumber(err:match("more than 200000 tokens in one text %(byte (%d+)%)"))
    assert.is_true(byte ~= nil and byte > 1048576, err)
  end)

  it("reports invalid UTF-8 in a later piece at its byte in the text", function()
    local at = 2000000
    local bad = text:sub(1, at - 1) .. "\255" .. text:sub(at + 1)
    local figs, warn = tradefig.extract(bad, { lang = "de", date = "2024-12-05" })
    assert.equal(2, #figs)
    assert.matches("byte " .. at, warn)
  end)
end)

describe("tradefig.extract on a text without sentence ends", function()
  it("reads a 1 MB single line (cut into bounded sentences) and merges the repeated statement", function()
    local unit = "Die Ausfuhren nach China stiegen um 5 Prozent auf 2 Milliarden Dollar und "
    local text = unit:rep(math.ceil(1000000 / #unit))
    local figs = assert(tradefig.extract(text, { lang = "de", date = "2024-01-01" }))
    local stated = 0
    for _, f in ipairs(figs) do
      if f.value == 2000000000 then stated = stated + #f.spans end
    end
    assert.equal(math.ceil(1000000 / #unit), stated)
  end)

  it("stops a 100 MB single line at the command's token limit with ELIMIT and the byte", function()
    local unit = "Die Ausfuhren nach China stiegen um 5 Prozent auf 2 Milliarden Dollar und "
    local text = unit:rep(math.ceil(100 * 1048576 / #unit))
    local figs, err, code = tradefig.extract(text, { lang = "de", max_tokens = 5000000 })
    assert.is_nil(figs)
    assert.equal("ELIMIT", code)
    local byte = tonumber(err:match("more than 5000000 tokens in one text %(byte (%d+)%)"))
    assert.is_true(byte ~= nil and byte > 20 * 1048576 and byte < #text, err)
  end)

  it("refuses a text over max_tokens with ELIMIT and the byte", function()
    local text = ("2 Mrd. Dollar "):rep(10000)
    local figs, err, code = tradefig.extract(text, { lang = "de", max_tokens = 1000 })
    assert.is_nil(figs)
    assert.equal("ELIMIT", code)
    assert.matches("more than 1000 tokens in one text %(byte %d+%)", err)
  end)
end)
