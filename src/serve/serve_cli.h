/* `articast serve`, for the command line (serve.c). */
#ifndef AT_SERVE_CLI_H
#define AT_SERVE_CLI_H

/* Runs the service with the arguments after `articast`; argv[0] is
 * "serve". Returns the process's exit code. */
int at_cli_serve(int argc, char **argv);

#endif
