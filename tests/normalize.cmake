# Normalizer tests: the cmocka case tables, and the conformance score
# against the NeMo text-normalization corpus when it is present.
at_unit_test(test_normalize test_normalize.c)

# tn_score.py over ../shared/corpus/nemo-en-tn, minus the cases listed in
# data/normalize/DIVERGENCES.md; skipped (77) when the corpus or the
# scorer is missing.
set(AT_TN_CORPUS ${PROJECT_SOURCE_DIR}/../shared/corpus/nemo-en-tn)
set(AT_TN_SCORE ${PROJECT_SOURCE_DIR}/../shared/tools/tn_score.py)
add_test(NAME normalize_conformance
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tn_conformance.py
    --corpus ${AT_TN_CORPUS} --score ${AT_TN_SCORE}
    --divergences ${CMAKE_CURRENT_SOURCE_DIR}/data/normalize/DIVERGENCES.md
    --work ${CMAKE_CURRENT_BINARY_DIR}/tn_corpus
    --normalizer "${AT_CLI} normalize"
    --core-min 97 --all-min 90)
set_tests_properties(normalize_conformance PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)

# The throughput benchmark: built, never run by ctest.
#   make -C build bench_normalize && build/tests/bench_normalize
add_executable(bench_normalize ${PROJECT_SOURCE_DIR}/bench/bench_normalize.c)
target_link_libraries(bench_normalize PRIVATE articast_static)
target_compile_options(bench_normalize PRIVATE ${AT_WARNINGS})
target_compile_definitions(bench_normalize PRIVATE _POSIX_C_SOURCE=200809L AT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")

# One path: each paragraph of the plain-text examples, and of an article
# made of the forms issue 19 found, is spoken in the full article exactly as
# `articast normalize` says its line.
file(GLOB AT_ONE_PATH_FILES ${PROJECT_SOURCE_DIR}/examples/*.txt)
add_test(NAME normalize_one_path
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/one_path.py --articast ${AT_CLI}
          ${AT_ONE_PATH_FILES} ${CMAKE_CURRENT_SOURCE_DIR}/data/normalize/one-path.txt
          ${CMAKE_CURRENT_SOURCE_DIR}/data/normalize/one-path-dateline.txt)

# PLS lexicons: the hand-written test lexicon and the built-in one are valid
# PLS 1.0 (xmllint against tests/data/lexicon/pls.rng), and a phoneme from
# one reaches eSpeak NG as phonemes.
find_program(AT_XMLLINT xmllint)
if(AT_XMLLINT)
  add_test(NAME lexicon_pls_schema
    COMMAND ${AT_XMLLINT} --noout --relaxng ${CMAKE_CURRENT_SOURCE_DIR}/data/lexicon/pls.rng
            ${CMAKE_CURRENT_SOURCE_DIR}/data/lexicon/sample.pls ${PROJECT_SOURCE_DIR}/voices/en/pronunciations.pls)
endif()
add_test(NAME lexicon_pls_cli
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/pls_cli.py --articast ${AT_CLI}
          --source ${PROJECT_SOURCE_DIR})
