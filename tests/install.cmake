# The installed library: `cmake --install` into a temporary prefix, a
# program built with its pkg-config flags renders from zero-filled options
# (tests/installed_lib.py). A sanitizer build's library needs the program
# built with the same runtime; a fuzz build's is not for linking.
if(NOT ARTICAST_FUZZ)
  set(AT_INSTALLED_CFLAGS "")
  if(ARTICAST_SANITIZE)
    set(AT_INSTALLED_CFLAGS "-fsanitize=address,undefined")
  endif()
  add_test(NAME installed_library
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/installed_lib.py
            --build ${PROJECT_BINARY_DIR} --source ${PROJECT_SOURCE_DIR}
            --cc ${CMAKE_C_COMPILER} "--cflags=${AT_INSTALLED_CFLAGS}")
endif()
