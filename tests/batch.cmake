# Naming and the shard hash (cmocka), then `articast batch` end to end:
# worker processes, resume, bad inputs, shards, manifest names, a killed
# worker, a timeout, the JSON-lines progress and the --results file.
at_unit_test(test_batch test_batch.c)
foreach(t folder resume sigterm bad shard manifest crash timeout jsonl
    results results_kill results_shards results_refuse results_full)
  add_test(NAME batch_${t}
    COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/batch.py
            --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR} ${t})
endforeach()

# The Slurm example on a real single-node cluster (slurm-wlm and munge,
# started privately by the test); skipped when Slurm can't be started.
add_test(NAME batch_slurm
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/slurm_batch.py
          --articast ${AT_CLI} --source ${PROJECT_SOURCE_DIR})
set_tests_properties(batch_slurm PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
