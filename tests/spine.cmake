# The spine: reader and ID3 unit tests, and the integration tests that
# render the examples and check the results with independent readers.
at_unit_test(test_read test_read.c)
at_unit_test(test_id3 test_id3.c)

add_executable(wav_cues wav_cues.c)
target_link_libraries(wav_cues PRIVATE PkgConfig::SNDFILE)

add_test(NAME integration_render
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/integration.py
          --articast ${AT_CLI} --wav-cues $<TARGET_FILE:wav_cues>
          --source ${PROJECT_SOURCE_DIR} render)
add_test(NAME integration_errors
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/integration.py
          --articast ${AT_CLI} --wav-cues $<TARGET_FILE:wav_cues>
          --source ${PROJECT_SOURCE_DIR} errors)
add_test(NAME integration_seed
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/integration.py
          --articast ${AT_CLI} --wav-cues $<TARGET_FILE:wav_cues>
          --source ${PROJECT_SOURCE_DIR} seed)
set_tests_properties(integration_seed PROPERTIES SKIP_RETURN_CODE 77)

# The podcast edition: every render option, checked with ffprobe, ffmpeg's
# ebur128, and parsers of the sidecars.
add_test(NAME podcast_edition
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/podcast.py
          --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR} edition)
# The feed is checked with xmllint (and tests/podcast.xsd), feedparser
# and the Podcast Index parser (npm podcast-partytime, installed into
# build/npm-feed the first time).
add_test(NAME podcast_feed
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/podcast.py
          --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR}
          --tools ${PROJECT_SOURCE_DIR}/build/npm-feed feed)
# MP3 (and WAV) loudness within 0.2 LU of the target, by ffmpeg's ebur128.
add_test(NAME podcast_loudness
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/podcast.py
          --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR} loudness)
# --split makes its folder and keeps every script's letters in the names.
add_test(NAME podcast_split
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/podcast.py
          --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR} split)
# Transcript cues of at most two lines (32 characters for SRT, 42 for
# WebVTT), cut at phrases, spelling and timing each sentence as before.
add_test(NAME podcast_captions
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/captions.py
          --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR})
