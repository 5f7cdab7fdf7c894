# Fuzz targets, one per parser (see tests/fuzz/README.md).
#
# Each target fuzz_NAME is tests/fuzz/fuzz_NAME.c, linked with the static
# library, with its seed corpus in tests/fuzz/corpus/NAME/. Configured with
# -DARTICAST_FUZZ=ON (clang), it is a libFuzzer binary and the whole
# library is coverage-instrumented (see the top-level CMakeLists.txt);
# tests/fuzz/run.sh runs them all. Otherwise replay.c supplies main(), and
# the ctest test fuzz_NAME_replay replays the corpus (and the example
# articles and data files named with EXTRA) through the same entry point.

set(AT_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
# `cmake --build B --target fuzz_all` builds every target and nothing else.
add_custom_target(fuzz_all)

# at_fuzz_target(NAME [VARIANTS n] [EXTRA file...] [SOURCES file...]):
# VARIANTS n replays each file also n times with a leading option byte
# 0..n-1, for targets that read their options from the first byte.
# SOURCES are compiled into the target, for code outside the library
# (the service's request parser: the tool's part, which the library does
# not hold).
function(at_fuzz_target name)
  cmake_parse_arguments(F "" "VARIANTS" "EXTRA;SOURCES" ${ARGN})
  if(NOT F_VARIANTS)
    set(F_VARIANTS 0)
  endif()
  set(t fuzz_${name})
  if(ARTICAST_FUZZ)
    add_executable(${t} ${AT_FUZZ_DIR}/${t}.c ${F_SOURCES})
    target_link_options(${t} PRIVATE -fsanitize=fuzzer)
  else()
    add_executable(${t} ${AT_FUZZ_DIR}/${t}.c ${AT_FUZZ_DIR}/replay.c ${F_SOURCES})
  endif()
  target_link_libraries(${t} PRIVATE articast_static)
  add_dependencies(fuzz_all ${t})
  target_compile_options(${t} PRIVATE ${AT_WARNINGS})
  target_compile_definitions(${t} PRIVATE _POSIX_C_SOURCE=200809L AT_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
                             AT_FUZZ_VARIANTS=${F_VARIANTS})
  if(NOT ARTICAST_FUZZ)
    file(GLOB corpus ${AT_FUZZ_DIR}/corpus/${name}/*)
    add_test(NAME ${t}_replay COMMAND ${t} ${corpus} ${F_EXTRA})
  endif()
endfunction()

set(AT_EXAMPLES ${PROJECT_SOURCE_DIR}/examples)
set(AT_VOICES ${PROJECT_SOURCE_DIR}/voices)
at_fuzz_target(read VARIANTS 16
  EXTRA ${AT_EXAMPLES}/harbour-news.txt ${AT_EXAMPLES}/harbour-news.md ${AT_EXAMPLES}/harbour-news.html)
at_fuzz_target(lexicon EXTRA ${AT_VOICES}/en/lexicon.tsv)
at_fuzz_target(pls EXTRA ${AT_VOICES}/en/pronunciations.pls ${PROJECT_SOURCE_DIR}/tests/data/lexicon/sample.pls)
at_fuzz_target(voice EXTRA ${AT_VOICES}/narrator.voice ${AT_VOICES}/casting ${AT_VOICES}/en/cues.tsv)
at_fuzz_target(manifest)
at_fuzz_target(normalize VARIANTS 64)
at_fuzz_target(segment VARIANTS 8
  EXTRA ${AT_EXAMPLES}/harbour-news.txt ${AT_EXAMPLES}/harbour-news.md ${AT_EXAMPLES}/harbour-news.html
        ${AT_EXAMPLES}/harbour-festival.txt ${AT_EXAMPLES}/river-clinic.txt)
at_fuzz_target(chapters)
at_fuzz_target(feed)
# the JSON request parser of `articast serve` (src/serve/request.c needs
# jansson and util only, not libmicrohttpd or SQLite); its input carries
# two option bytes, so the seeds carry them and there are no variants
at_fuzz_target(serve_request SOURCES ${PROJECT_SOURCE_DIR}/src/serve/request.c)
target_include_directories(fuzz_serve_request PRIVATE ${PROJECT_SOURCE_DIR}/src/serve)
