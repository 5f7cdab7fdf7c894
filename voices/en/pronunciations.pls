<?xml version="1.0" encoding="UTF-8"?>
<!--
  articast's built-in pronunciation lexicon (W3C PLS 1.0): names in world
  news that eSpeak NG says wrongly, with the pronunciation English-language
  broadcasters use, in IPA. Loaded after voices/en/lexicon.tsv and before a
  user's lexicon (the lexicon option), which may override any entry. Written
  for articast by its authors; each entry was checked by ear against what
  eSpeak NG says without it (`echo NAME | espeak-ng -x`).
-->
<lexicon version="1.0"
         xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
         alphabet="ipa" xml:lang="en-US">
  <!-- people -->
  <lexeme><grapheme>Condoleezza</grapheme><phoneme>ˌkɒndəˈliːzə</phoneme></lexeme>
  <lexeme><grapheme>Abramoff</grapheme><phoneme>ˈeɪbrəmɒf</phoneme></lexeme>
  <lexeme><grapheme>Guterres</grapheme><phoneme>ɡuˈtɛrɪʃ</phoneme></lexeme>
  <lexeme><grapheme>Zelensky</grapheme><grapheme>Zelenskyy</grapheme><grapheme>Zelenskiy</grapheme><phoneme>zəˈlɛnski</phoneme></lexeme>
  <lexeme><grapheme>Tokayev</grapheme><phoneme>tɒkəˈjɛf</phoneme></lexeme>
  <lexeme><grapheme>Xi</grapheme><phoneme>ʃiː</phoneme></lexeme>
  <lexeme><grapheme>Nguyen</grapheme><phoneme>ˈwɪn</phoneme></lexeme>
  <lexeme><grapheme>Buttigieg</grapheme><phoneme>ˈbuːtɪdʒɛdʒ</phoneme></lexeme>
  <lexeme><grapheme>Putin</grapheme><phoneme>ˈpuːtɪn</phoneme></lexeme>
  <lexeme><grapheme>Erdogan</grapheme><grapheme>Erdoğan</grapheme><phoneme>ˈɛərdəwɑːn</phoneme></lexeme>
  <lexeme><grapheme>Mbappe</grapheme><grapheme>Mbappé</grapheme><phoneme>əmbæˈpeɪ</phoneme></lexeme>
  <lexeme><grapheme>Scholz</grapheme><phoneme>ʃɒlts</phoneme></lexeme>
  <lexeme><grapheme>Merz</grapheme><phoneme>mɛərts</phoneme></lexeme>
  <lexeme><grapheme>Khamenei</grapheme><phoneme>ˌkɑːməˈneɪ</phoneme></lexeme>
  <lexeme><grapheme>Siobhan</grapheme><phoneme>ʃɪˈvɔːn</phoneme></lexeme>
  <lexeme><grapheme>Saoirse</grapheme><phoneme>ˈsɜːrʃə</phoneme></lexeme>
  <lexeme><grapheme>Ramaphosa</grapheme><phoneme>ˌrɑːməˈpoʊsə</phoneme></lexeme>
  <lexeme><grapheme>Lagarde</grapheme><phoneme>ləˈɡɑːrd</phoneme></lexeme>
  <lexeme><grapheme>Sunak</grapheme><phoneme>ˈsuːnæk</phoneme></lexeme>
  <lexeme><grapheme>Tedros</grapheme><phoneme>ˈtɛdrɒs</phoneme></lexeme>
  <!-- places -->
  <lexeme><grapheme>Qatar</grapheme><phoneme>ˈkʌtɑːr</phoneme></lexeme>
  <lexeme><grapheme>Astana</grapheme><phoneme>ˌæstəˈnɑː</phoneme></lexeme>
  <lexeme><grapheme>Kyiv</grapheme><phoneme>ˈkiːɪv</phoneme></lexeme>
  <lexeme><grapheme>Doha</grapheme><phoneme>ˈdoʊhɑː</phoneme></lexeme>
  <lexeme><grapheme>Beijing</grapheme><phoneme>ˌbeɪˈdʒɪŋ</phoneme></lexeme>
  <lexeme><grapheme>Kharkiv</grapheme><phoneme>ˈkɑːrkɪv</phoneme></lexeme>
  <lexeme><grapheme>Zaporizhzhia</grapheme><phoneme>ˌzæpəˈrɪʒə</phoneme></lexeme>
  <lexeme><grapheme>Mykolaiv</grapheme><phoneme>ˌmɪkəˈlaɪɪv</phoneme></lexeme>
  <lexeme><grapheme>Khartoum</grapheme><phoneme>kɑːrˈtuːm</phoneme></lexeme>
  <lexeme><grapheme>Nagorno-Karabakh</grapheme><phoneme>nəˈɡɔːrnoʊ ˌkærəˈbɑːk</phoneme></lexeme>
  <lexeme><grapheme>Reykjavik</grapheme><phoneme>ˈreɪkjəvɪk</phoneme></lexeme>
  <lexeme><grapheme>Guangzhou</grapheme><phoneme>ˌɡwɑːŋˈdʒoʊ</phoneme></lexeme>
</lexicon>
