# Talking books: the EPUB 3 edition checked with epubcheck (0 errors, 0
# warnings; skipped only when java or epubcheck is missing), its sentence
# timing against the decoded audio, escaping of special characters, and the
# DAISY 2.02 folder (well-formed, consistent).
foreach(mode epub timing escape daisy)
  add_test(NAME talking_book_${mode}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/epub.py
            --articast $<TARGET_FILE:articast_cli> --source ${PROJECT_SOURCE_DIR} ${mode})
  set_tests_properties(talking_book_${mode} PROPERTIES SKIP_RETURN_CODE 77)
endforeach()
