# The hardening suite (tests/README.md): one ctest test per case of
# tests/hardening.py, each an attack by a planted symlink, a signal, a
# resource limit or a hostile small input. Cases that switch to a non-root
# user skip (77) as root without setpriv.
set(AT_HARDENING_CASES
  batch_symlinks output_symlink_to_fifo batch_books batch_fifo_input batch_resume_config
  batch_default_timeout batch_timeout_leftovers sidecar_failure_keeps_output daisy_interrupted
  mode_kept kill9_leftovers sighup sigpipe sigxfsz closed_stdout fifo_output_sigterm split_fd_limit
  control_characters normalize_utf8 yaml_bounds)
foreach(c ${AT_HARDENING_CASES})
  add_test(NAME hardening_${c}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/hardening.py
            --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR} ${c})
  set_tests_properties(hardening_${c} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
endforeach()
