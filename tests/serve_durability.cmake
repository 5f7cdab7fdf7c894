# articast serve when it is stopped (tests/serve_durability.py), each test
# starting the real server on a loopback port:
#   serve_kill9    kill -9 with 20 jobs queued, and again with some done; the
#                  restart finishes each exactly once (logs, webhooks, MP3s)
#                  and leaves no temporary file
#   serve_webhook  signed deliveries, retries with backoff, an owed delivery
#                  surviving a kill -9; a missing or short secret is exit 2
#   serve_drain    SIGTERM finishes the running job and refuses new ones;
#                  --drain-timeout 0 requeues it for the restart
foreach(mode kill9 webhook drain)
  add_test(NAME serve_${mode}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/serve_durability.py
            --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR} ${mode})
  set_tests_properties(serve_${mode} PROPERTIES TIMEOUT 600)
endforeach()
