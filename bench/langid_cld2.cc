// cld2's half of bench/langid_compare.c: cld2 is C++, so it gets a C entry
// point here, built only when libcld2-dev is installed and never linked
// into the library.
#include <cstdio> // the header uses FILE without including it

#include <cld2/public/compact_lang_det.h>

extern "C" const char *langid_cld2(const char *text, int len, int *reliable)
{
    bool is_reliable = false;
    CLD2::Language l = CLD2::DetectLanguage(text, len, true, &is_reliable);
    *reliable = is_reliable ? 1 : 0;
    return CLD2::LanguageCode(l);
}
