# Adversarial growth (tests/growth.py): one ctest test per case, each
# running articast under valgrind's callgrind on the case's input at about
# 100 KB and 1 MB and checking that the 1 MB run executes at most 15 times
# the instructions of the 100 KB run. Skipped (77) without valgrind or in
# the ASan build, which valgrind cannot run. They run valgrind themselves,
# so they use the articast binary, never the memcheck wrapper that AT_CLI
# may be, and stay out of the "memcheck" label (tests/CMakeLists.txt).
# Each run has a 600 s safety bound inside the script; `ctest -L growth`
# runs them all.
set(AT_GROWTH_CASES
  yaml_alias_cycle yaml_deep_list yaml_alias_fanout yaml_long_list yaml_nested_brackets
  dr_repeated empty_quote_pairs straight_quotes zwj_words distinct_speakers given_names
  report_money report_news html_many_attributes html_deep_nesting plain_news)
foreach(c ${AT_GROWTH_CASES})
  add_test(NAME growth_${c}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/growth.py
            --articast $<TARGET_FILE:articast_cli> ${c})
  set_tests_properties(growth_${c} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 1200 LABELS growth)
endforeach()
