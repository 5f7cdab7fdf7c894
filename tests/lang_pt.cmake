# Portuguese (issue 22): the normalizer's rules for "pt" against NeMo's
# Portuguese test cases, tn_score.py with the pt voice on both sides,
# minus the cases in data/normalize/DIVERGENCES-pt.md; skipped (77) when
# the corpus or the scorer is missing. The unit table is
# data/normalize/lang-pt.tsv (test_normalize).
add_test(NAME normalize_conformance_pt
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tn_conformance.py
    --corpus ${PROJECT_SOURCE_DIR}/../shared/corpus/nemo-pt-tn
    --score ${PROJECT_SOURCE_DIR}/../shared/tools/tn_score.py
    --divergences ${CMAKE_CURRENT_SOURCE_DIR}/data/normalize/DIVERGENCES-pt.md
    --work ${CMAKE_CURRENT_BINARY_DIR}/tn_corpus_pt
    --voice pt
    --normalizer "${AT_CLI} normalize --lang pt"
    --core-min 97 --all-min 90)
set_tests_properties(normalize_conformance_pt PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
