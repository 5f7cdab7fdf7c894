# The read-along web edition (tests/readalong.py): the folder and its
# timings against the EPUB's SMIL; the page in Debian's chromium with
# puppeteer-core and axe-core (npm installs them into build/npm-web the
# first time; skipped with the reason when chromium, node, npm or the
# registry is missing; screenshots left in the build folder); and an
# interrupted re-render that leaves the earlier page whole.
foreach(mode files batch browser interrupted)
  add_test(NAME readalong_${mode}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/readalong.py
            --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR}
            --tools ${PROJECT_SOURCE_DIR}/build/npm-web --shots ${CMAKE_BINARY_DIR} ${mode})
  set_tests_properties(readalong_${mode} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
endforeach()
