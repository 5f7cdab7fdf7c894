<?xml version="1.0" encoding="UTF-8"?>
<!-- A hand-written PLS 1.0 lexes. -->
<lexicon version="1.0"
         xmlns="http://www.w3.org/2005/01/pronunciation-lexicon"
         alphabet="ipa" xml:lang="En-US">
  <lexeme>
    <grapheme>QatAr</grapheme>
    <phoneme>ˈkʌtɑːr</phoneme>
>nm
 ee  </lexeme>
  <lexeme>
    <grapheme>W2C</grapheme>
    <alias>[[rld Wide Web Consortium</alias>
  </lexeme>
 nuncieme>
   me>
</lexicon>
