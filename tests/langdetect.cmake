# Language detection (src/read/lang_detect.c, issue 22).

# The comparison of libexttextcat and cld2 on labelled news paragraphs:
# built, never run by ctest (the paragraphs are third-party text, kept
# outside the repository).
#   build/tests/langid_compare PARAGRAPHS.tsv
add_executable(langid_compare ${PROJECT_SOURCE_DIR}/bench/langid_compare.c)
target_link_libraries(langid_compare PRIVATE articast_static)
target_compile_options(langid_compare PRIVATE $<$<COMPILE_LANGUAGE:C>:${AT_WARNINGS}>)
find_library(AT_CLD2_LIBRARY cld2)
find_path(AT_CLD2_INCLUDE_DIR cld2/public/compact_lang_det.h)
if(AT_CLD2_LIBRARY AND AT_CLD2_INCLUDE_DIR)
  enable_language(CXX)
  target_sources(langid_compare PRIVATE ${PROJECT_SOURCE_DIR}/bench/langid_cld2.cc)
  target_include_directories(langid_compare PRIVATE ${AT_CLD2_INCLUDE_DIR})
  target_compile_definitions(langid_compare PRIVATE HAVE_CLD2=1)
  target_link_libraries(langid_compare PRIVATE ${AT_CLD2_LIBRARY})
endif()

# The article's language and a passage's, written here in seven languages
# (tests/langdetect.py --list names the cases).
foreach(c text_languages html_wrong_lang html_no_lang html_right_lang md_front_matter mixed forced no_switch
          missing_models ukrainian_in_russian)
  add_test(NAME langdetect_${c}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/langdetect.py --articast ${AT_CLI}
            --source ${PROJECT_SOURCE_DIR} ${c})
endforeach()

# The prior for near-ties (voices/langid.conf's first group): short lines
# that a small language's fingerprint scores as well as the right one.
add_test(NAME langdetect_near_ties
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/langid_ties.py $<TARGET_FILE:langid_compare>
          ${CMAKE_CURRENT_SOURCE_DIR}/data/lang/near-ties.tsv ${PROJECT_SOURCE_DIR}/voices/langid.conf)
