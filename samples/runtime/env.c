/*
 * The environment: environ, set by the start-up code before main, and
 * getenv.  Shared by the Codezero and the Linux builds.
 *
 * environ lives in .data, not .bss: see rt_start.c.
 */
#include "rt.h"

char **environ __attribute__((section(".data")));

char *getenv(const char *name)
{
	for (char **e = environ; *e; e++) {
		const char *n = name, *s = *e;

		while (*n && *n == *s) {
			n++;
			s++;
		}
		if (*n == '\0' && *s == '=')
			return (char *)s + 1;
	}
	return NULL;
}
