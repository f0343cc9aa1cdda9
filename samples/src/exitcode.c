/* The value main returns must become the exit status of the process. */
#include "rt.h"

int main(void)
{
	puts("exitcode: exiting with 42");
	return 42;
}
