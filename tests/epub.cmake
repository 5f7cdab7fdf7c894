# Talking books: the EPUB 3 edition checked with epubcheck (0 errors, 0
# warnings; skipped only when java or epubcheck is missing), its sentence
# timing against the decoded audio, escaping of special characters, and the
# DAISY 2.02 folder (well-formed, consistent).
foreach(mode epub timing escape daisy dates captions)
  add_test(NAME talking_book_${mode}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/epub.py
            --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR} ${mode})
  set_tests_properties(talking_book_${mode} PROPERTIES SKIP_RETURN_CODE 77)
endforeach()

# daisy-player, Debian's DAISY reader, opens the DAISY book in a tmux
# terminal and lists its sections. It needs a sound card and a mixer: the
# shim fakes the card, a private PulseAudio null sink takes the sound.
# Skipped when daisy-player, tmux or PulseAudio is missing.
at_preload_shim(at_fake_asound fake_asound.c)
add_test(NAME talking_book_daisy_player
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/epub.py
          --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR}
          --preload $<TARGET_FILE:at_fake_asound> player)
set_tests_properties(talking_book_daisy_player PROPERTIES SKIP_RETURN_CODE 77)

# Ace by DAISY, the accessibility checker publishers use, run with
# Debian's chromium on the EPUB of the reference article and of every
# example: 0 violations, and epubcheck clean. npm installs Ace into
# build/npm-tools the first time (kept for the next build); skipped with
# the reason when chromium, npm or the registry is missing.
add_test(NAME talking_book_ace
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/epub.py
          --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR}
          --tools ${PROJECT_SOURCE_DIR}/build/npm-tools ace)
set_tests_properties(talking_book_ace PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
