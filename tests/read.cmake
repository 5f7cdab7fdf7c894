# The read stage: unit tests per reader, and command-line tests that the
# three formats of one article read the same and that its metadata lands
# in the MP3's ID3 tags.
at_unit_test(test_read_html test_read_html.c)
at_unit_test(test_read_md test_read_md.c)
at_unit_test(test_read_input test_read_input.c)

add_test(NAME read_formats_same
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/read_formats.py
          --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR} same)
add_test(NAME read_formats_tags
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/read_formats.py
          --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR} tags)
add_test(NAME read_formats_cli
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/read_formats.py
          --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR} cli)
set_tests_properties(read_formats_tags PROPERTIES SKIP_RETURN_CODE 77)

# The readers' fuzz target: replays its corpus and the examples under
# ctest; configure with -DARTICAST_FUZZ=ON (clang) for a libFuzzer build.
option(ARTICAST_FUZZ "Build the fuzz targets with libFuzzer" OFF)
add_executable(fuzz_read fuzz/fuzz_read.c)
target_link_libraries(fuzz_read PRIVATE articast_static)
target_compile_definitions(fuzz_read PRIVATE _POSIX_C_SOURCE=200809L)
target_compile_options(fuzz_read PRIVATE ${AT_WARNINGS})
if(ARTICAST_FUZZ)
  target_compile_definitions(fuzz_read PRIVATE AT_LIBFUZZER)
  target_compile_options(fuzz_read PRIVATE -fsanitize=fuzzer)
  target_link_options(fuzz_read PRIVATE -fsanitize=fuzzer)
endif()
file(GLOB AT_READ_CORPUS ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/corpus/read/*)
if(NOT ARTICAST_FUZZ)
  add_test(NAME fuzz_read_replay COMMAND fuzz_read ${AT_READ_CORPUS}
    ${PROJECT_SOURCE_DIR}/examples/harbour-news.txt ${PROJECT_SOURCE_DIR}/examples/harbour-news.md
    ${PROJECT_SOURCE_DIR}/examples/harbour-news.html)
endif()
