# Spanish normalization: tn_score.py over ../shared/corpus/nemo-es-tn with
# the "es" voice and `normalize --lang es`, minus the cases listed in
# data/normalize/DIVERGENCES-es.md; skipped (77) when the corpus or the
# scorer is missing. (The case table lang-es.tsv runs in test_normalize.)
add_test(NAME normalize_conformance_es
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tn_conformance.py
    --corpus ${PROJECT_SOURCE_DIR}/../shared/corpus/nemo-es-tn
    --score ${PROJECT_SOURCE_DIR}/../shared/tools/tn_score.py
    --divergences ${CMAKE_CURRENT_SOURCE_DIR}/data/normalize/DIVERGENCES-es.md
    --work ${CMAKE_CURRENT_BINARY_DIR}/tn_corpus_es
    --voice es
    --normalizer "${AT_CLI} normalize --lang es"
    --core-min 98 --all-min 90)
set_tests_properties(normalize_conformance_es PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
# (no memcheck label: CMakeLists.txt's label loop leaves normalize_conformance_* out)
