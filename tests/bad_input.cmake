# The bad-input suite (tests/README.md): one ctest test per case of
# tests/bad_input.py, each checking the message, the exit code and that
# nothing is left behind. Cases that need a non-root user skip as root.
set(AT_BAD_INPUT_CASES
  whitespace_only utf8_start utf8_middle utf8_end nul_bytes utf16_no_bom png_as_txt
  huge_line long_runs many_paragraphs deep_html html_no_body unbalanced_quotes long_word
  400_digits feb_31 currency_no_amount
  fifo_input fifo_input_interrupted unreadable_input readonly_output_dir
  lexicon_missing_fields unknown_voice_in_casting bitrate_999 shard_3_of_2
  markup_as_text disk_full no_side_effects
  empty_file input_directory output_missing_dir output_dev_full output_is_input no_clobber
  render_sigint render_sigterm stdout_output device_output fifo_output voice_bad_key voice_out_of_range)
# Preloaded into articast by the fifo_input case (see slow_close.c).
at_preload_shim(at_slow_close slow_close.c)
foreach(c ${AT_BAD_INPUT_CASES})
  add_test(NAME bad_input_${c}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/bad_input.py
            --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR}
            --slow-close $<TARGET_FILE:at_slow_close> ${c})
  set_tests_properties(bad_input_${c} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 600)
endforeach()
