/*
 * Files and directories through glibc: creat/write/read/lseek, O_APPEND, stdio, stat and fstat,
 * rename, unlink, getdents64 (through readdir, names sorted), mkdir/rmdir, chdir/getcwd and the
 * errors of missing files. Works in ./fileio.tmp, which it removes again.
 */
#define _FILE_OFFSET_BITS 64
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *dir)
{
	char *names[16];
	int n = 0;
	DIR *d = opendir(dir);
	struct dirent *e;
	if (!d) {
		printf("opendir %s: errno %d\n", dir, errno);
		return;
	}
	while ((e = readdir(d)) && n < 16)
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof names[0], by_name);
	printf("%s:", dir);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

int main(void)
{
	char buf[64];
	struct stat st;
	if (mkdir("fileio.tmp", 0755) != 0)
		printf("mkdir: errno %d\n", errno);
	if (chdir("fileio.tmp") != 0)
		printf("chdir: errno %d\n", errno);
	if (getcwd(buf, sizeof buf))
		printf("cwd ends in %s\n", strrchr(buf, '/'));

	int fd = open("a.txt", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	printf("write %zd\n", write(fd, "hello, file\n", 12));
	close(fd);
	fd = open("a.txt", O_WRONLY | O_APPEND);
	printf("append %zd\n", write(fd, "second line\n", 12));
	close(fd);

	fd = open("a.txt", O_RDONLY);
	ssize_t n = read(fd, buf, sizeof buf - 1);
	buf[n < 0 ? 0 : n] = 0;
	printf("read %zd: %s", n, buf);
	printf("lseek end %ld, set 7 %ld\n", (long)lseek(fd, 0, SEEK_END), (long)lseek(fd, 7, SEEK_SET));
	n = read(fd, buf, 4);
	buf[n < 0 ? 0 : n] = 0;
	printf("read at 7: %s\n", buf);
	fstat(fd, &st);
	printf("fstat size %lld regular %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
	close(fd);

	FILE *f = fopen("b.txt", "w");
	for (int i = 1; i <= 3; i++)
		fprintf(f, "line %d\n", i);
	fclose(f);
	f = fopen("b.txt", "r");
	int lines = 0;
	while (fgets(buf, sizeof buf, f))
		lines++;
	fclose(f);
	printf("b.txt has %d lines\n", lines);

	mkdir("sub", 0755);
	printf("stat sub: dir %d\n", stat("sub", &st) == 0 && S_ISDIR(st.st_mode));
	list(".");
	printf("rename %d\n", rename("b.txt", "sub/c.txt"));
	list(".");
	list("sub");
	printf("stat b.txt: %d errno %d\n", stat("b.txt", &st), errno);
	printf("open missing: %d errno %d\n", open("missing", O_RDONLY), errno);
	printf("rmdir non-empty: %d errno %d\n", rmdir("sub"), errno);
	printf("unlink %d %d\n", unlink("sub/c.txt"), unlink("a.txt"));
	printf("unlink again: %d errno %d\n", unlink("a.txt"), errno);
	printf("rmdir %d\n", rmdir("sub"));
	list(".");
	chdir("..");
	printf("rmdir fileio.tmp %d\n", rmdir("fileio.tmp"));
	return 0;
}
