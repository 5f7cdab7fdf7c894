# articast serve's page (GET /) in Debian's chromium with puppeteer-core
# and axe-core, against the real server, with and without --token-file
# (tests/serve_browser.py; npm installs the packages into build/npm-web,
# shared with the read-along test; skipped with the reason when chromium,
# node, npm or the registry is missing; screenshots serve-page-*.png are
# left in the build folder).
add_test(NAME serve_browser
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/serve_browser.py
          --articast ${AT_CLI} --tools ${PROJECT_SOURCE_DIR}/build/npm-web --shots ${CMAKE_BINARY_DIR})
set_tests_properties(serve_browser PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
