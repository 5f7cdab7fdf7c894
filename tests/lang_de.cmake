# German normalization: tn_score.py over ../shared/corpus/nemo-de-tn (whose
# lines are spoken~written, hence --spoken-first), minus the cases listed in
# data/normalize/DIVERGENCES-de.md; skipped (77) when the corpus or the
# scorer is missing. The rules' own cases are data/normalize/lang-de.tsv,
# run by test_normalize.
add_test(NAME normalize_conformance_de
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tn_conformance.py
    --corpus ${PROJECT_SOURCE_DIR}/../shared/corpus/nemo-de-tn
    --score ${PROJECT_SOURCE_DIR}/../shared/tools/tn_score.py
    --divergences ${CMAKE_CURRENT_SOURCE_DIR}/data/normalize/DIVERGENCES-de.md
    --work ${CMAKE_CURRENT_BINARY_DIR}/tn_corpus_de
    --normalizer "${AT_CLI} normalize --lang de" --voice de --spoken-first
    --core-min 98 --all-min 90)
set_tests_properties(normalize_conformance_de PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)

# The German rules read a megabyte without a space in linear time.
add_test(NAME normalize_de_long_runs
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/lang_de_runs.py ${AT_CLI} --limit 20)
set_tests_properties(normalize_de_long_runs PROPERTIES TIMEOUT 300)
