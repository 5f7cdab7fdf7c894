<?xml version="1.0" encoding="UTF-8"?>
<!-- A hand-written PLS 1.0 lexicon for the tests: made-up and real
     graphemes, IPA phonemes and aliases. -->
<lexicon version="1.0"
         xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
         alphabet="ipa" xml:lang="en-US">
  <lexeme>
    <grapheme>Qatar</grapheme>
    <phoneme>ˈkʌtɑːr</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>Zelensky</grapheme>
    <grapheme>Zelenskyy</grapheme>
    <phoneme>zɛˈlɛnski</phoneme>
  </lexeme>
  <lexeme>
    <grapheme>W3C</grapheme>
    <alias>World Wide Web Consortium</alias>
  </lexeme>
  <lexeme>
    <grapheme>Brandtstadt</grapheme>
    <phoneme>ˈbrɑːntʃtɑːt</phoneme>
    <phoneme prefer="true">ˈbræntstæt</phoneme>
  </lexeme>
</lexicon>
