/*
 * Smallest complete program: getid through the KIP, the start-up stack
 * (argc, argv, envp) and console output.  Run by czemu as "/hello" with
 * envp = { "pagerid=1" }, it prints:
 *
 *   Hello from czemu sample: thread id 2
 *   argc = 1
 *   argv[0] = /hello
 *   envp[0] = pagerid=1
 *   hello: done
 */
#include "rt.h"

int main(int argc, char **argv, char **envp)
{
	printf("Hello from czemu sample: thread id %u\n", l4_raw_tid(getpid()));
	printf("argc = %d\n", argc);
	for (int i = 0; i < argc; i++)
		printf("argv[%d] = %s\n", i, argv[i]);
	for (int i = 0; envp[i]; i++)
		printf("envp[%d] = %s\n", i, envp[i]);
	puts("hello: done");
	return 0;
}
