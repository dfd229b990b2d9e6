/*
 * replay.c — run a libFuzzer target over a corpus without libFuzzer.
 *
 * `make check` links every tests/fuzz/fuzz_*.c with this main, so the
 * seed corpus and every crash ever found are replayed as regression
 * tests on any compiler.  usage: replay_fuzz_X DIR|FILE...
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path)
{
	FILE *fp;
	uint8_t *data = NULL;
	size_t len = 0, cap = 0, n;

	if ((fp = fopen(path, "rb")) == NULL) {
		perror(path);
		return -1;
	}
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			if ((data = realloc(data, cap)) == NULL)
				abort();
		}
		n = fread(data + len, 1, cap - len, fp);
		len += n;
		if (n == 0)
			break;
	}
	fclose(fp);
	/* hand the target an exact-size copy so ASan sees overreads */
	{
		uint8_t *exact = malloc(len ? len : 1);
		if (exact == NULL)
			abort();
		memcpy(exact, data, len);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	free(data);
	return 0;
}

int
main(int argc, char **argv)
{
	int i, files = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 1;
		}
		if (S_ISDIR(st.st_mode)) {
			DIR *d = opendir(argv[i]);
			struct dirent *de;
			if (d == NULL) {
				perror(argv[i]);
				return 1;
			}
			while ((de = readdir(d)) != NULL) {
				char path[4096];
				if (de->d_name[0] == '.')
					continue;
				snprintf(path, sizeof path, "%s/%s", argv[i], de->d_name);
				if (run_file(path) != 0)
					return 1;
				files++;
			}
			closedir(d);
		} else {
			if (run_file(argv[i]) != 0)
				return 1;
			files++;
		}
	}
	return 0;
}
