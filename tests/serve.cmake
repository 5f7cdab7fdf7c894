# articast serve's API against its contract, docs/openapi.json
# (tests/serve.py): every endpoint, each answer validated with Debian's
# python3-jsonschema (skipped with the reason when it is missing); auth;
# the request limits and paths out of --data; Range; Idempotency-Key;
# what a hostile client or local user tried (hostile).
# They run under memcheck too, so the waits are long and the renders few.
foreach(mode api auth limits range idempotency hostile)
  add_test(NAME serve_${mode}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/serve.py
            --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR} ${mode})
  set_tests_properties(serve_${mode} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 1200)
endforeach()
