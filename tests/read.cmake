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
add_test(NAME read_formats_bold
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/read_formats.py
          --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR} bold)
set_tests_properties(read_formats_tags PROPERTIES SKIP_RETURN_CODE 77)


# One case per article in tests/data/read: NAME.html|txt|md and what
# `articast extract` must find in it (NAME.expect; see the README there).
file(GLOB AT_READ_CASES ${CMAKE_CURRENT_SOURCE_DIR}/data/read/*.expect)
foreach(e ${AT_READ_CASES})
  get_filename_component(name ${e} NAME_WE)
  foreach(ext html txt md)
    if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/data/read/${name}.${ext})
      add_test(NAME read_case_${name}
        COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/read_cases.py --articast ${AT_CLI}
                ${CMAKE_CURRENT_SOURCE_DIR}/data/read/${name}.${ext})
    endif()
  endforeach()
endforeach()
