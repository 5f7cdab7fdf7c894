# French normalization against NeMo's French test cases (issue 22), each
# side spoken by eSpeak NG's French voice; the cases where articast reads
# differently on purpose are in data/normalize/DIVERGENCES-fr.md. Skipped
# (77) when the corpus or the scorer is missing.
add_test(NAME normalize_conformance_fr
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/tn_conformance.py
    --corpus ${PROJECT_SOURCE_DIR}/../shared/corpus/nemo-fr-tn
    --score ${PROJECT_SOURCE_DIR}/../shared/tools/tn_score.py
    --divergences ${CMAKE_CURRENT_SOURCE_DIR}/data/normalize/DIVERGENCES-fr.md
    --work ${CMAKE_CURRENT_BINARY_DIR}/tn_corpus_fr
    --voice fr
    --normalizer "${AT_CLI} normalize --lang fr"
    --core-min 95 --all-min 90)
set_tests_properties(normalize_conformance_fr PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
