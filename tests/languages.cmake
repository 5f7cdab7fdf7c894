# Voices per language: the roles speak the article's language, refusals.
add_test(NAME languages_voices
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/languages.py
          --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR})
