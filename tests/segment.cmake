# Segmenter: quotation spans, attribution, speakers and casting, driven by
# the cases in data/segment/cases.txt, plus the reference article.
at_unit_test(test_segment test_segment.c)
target_compile_options(test_segment PRIVATE ${AT_WARNINGS})
# Quotations and speakers in German, Spanish, French, Portuguese and
# Russian: an article of our own in each (data/segment/lang).
add_test(NAME segment_lang
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/segment_lang.py
          --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR})
set_tests_properties(segment_lang PROPERTIES LABELS memcheck)
