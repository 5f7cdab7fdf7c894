# Listening speed and voice previews (tests/rate.py): the length at rates
# 1, 2 and 3 with chapter and VTT starts on the sound's onsets, eSpeak NG's
# phonemes and the syllables at rate 3, the previews, and bad values.
foreach(mode duration intelligibility preview usage)
  add_test(NAME rate_${mode}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/rate.py
            --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR} ${mode})
endforeach()

# The measuring tools behind src/synth/speed.c's table and the choice of
# eSpeak NG's own rate up to its limit, then its speed-up (README,
# "Listening speed"). Built, not run as tests: they print figures.
foreach(tool rate_curve rate_quality)
  add_executable(${tool} ${PROJECT_SOURCE_DIR}/bench/${tool}.c)
  target_link_libraries(${tool} PRIVATE PkgConfig::ESPEAK m)
  target_compile_options(${tool} PRIVATE ${AT_WARNINGS})
  target_compile_definitions(${tool} PRIVATE _POSIX_C_SOURCE=200809L)
endforeach()
