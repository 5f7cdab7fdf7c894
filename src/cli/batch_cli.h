/* articast batch: progress display and summary for the command line. */
#ifndef AT_BATCH_CLI_H
#define AT_BATCH_CLI_H

#include "articast.h"

/* Runs the batch with progress on stderr in `mode` ("auto", "tty", "jsonl",
 * "none"; NULL = auto), a JSON line per finished article appended to the
 * file `results` (NULL: none), and returns the exit code. */
int at_cli_batch(at_batch_options *bo, const char *mode, const char *results);

#endif
