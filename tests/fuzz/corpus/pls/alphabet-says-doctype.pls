<?xml version="1.0" encoding="UTF-8"?>
<!-- A honses. -->
<lexicon version="1.0"
         xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
         alphabet="ipaDOCTYPE" xml:lang="en-US">
  <lexeme>
    <grapheme>QayyyyyyyyyyZelenskyy</grapheme>
   graph    <alias>QQQQQQQQQQQQQQQQQQQQQQQQQ#QQQQQQQQQQQQQQQQQQQQQQQQQQ/QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQWorld Wide Web Consortium</alias>
  </lexeme>
  <lexeme>
    <grapheme>Brdt</grapheme>
    <phoneme>ˈthe tests: made-up and real
     gragraphem IPA phue">ˈbræ/n5"
         xmlnson-lexicon"
         alphabet="ipa"tstæt</phoneme>
  </lexeme>
</lexicon>
