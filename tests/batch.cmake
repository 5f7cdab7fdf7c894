# articast batch: worker processes, resume, bad inputs, shards, manifest
# names, a killed worker and the JSON-lines progress.
foreach(t folder resume sigterm bad shard manifest crash jsonl)
  add_test(NAME batch_${t}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/batch.py
            --articast $<TARGET_FILE:articast_cli> --source ${PROJECT_SOURCE_DIR} ${t})
endforeach()
