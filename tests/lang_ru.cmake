# Russian normalization (issue 22): tn_score.py over ../shared/corpus/nemo-ru-tn
# with eSpeak NG's Russian voice, minus data/normalize/DIVERGENCES-ru.md.
# NeMo's Russian lines are spoken~written, so the test turns them round
# (--swap); skipped (77) when the corpus or the scorer is missing.
add_test(NAME normalize_conformance_ru
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tn_conformance.py --swap
    --corpus ${PROJECT_SOURCE_DIR}/../shared/corpus/nemo-ru-tn
    --score ${PROJECT_SOURCE_DIR}/../shared/tools/tn_score.py
    --divergences ${CMAKE_CURRENT_SOURCE_DIR}/data/normalize/DIVERGENCES-ru.md
    --work ${CMAKE_CURRENT_BINARY_DIR}/tn_corpus_ru
    --voice ru --normalizer "${AT_CLI} normalize --lang ru"
    --core-min 88 --all-min 80)
set_tests_properties(normalize_conformance_ru PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
