/*
 * xlu_parse_bench: the native half of the xl.cfg parse comparison (bench/compare/compare.sh).
 * Reads every *.cfg of a folder into memory, then for a number of passes parses each one with
 * libxlutil exactly as xl does (xlu_cfg_init + xlu_cfg_readdata + xlu_cfg_destroy), and prints
 * configs per second in the same format as `Vifmap.Benchmarks throughput`.
 * Build: bench/compare/build.sh (gcc -O2 against libxen-dev's libxlutil).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libxlutil.h>

struct file { char *data; int len; };

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load(const char *dir, struct file **out)
{
    DIR *d = opendir(dir);
    if (!d) { perror(dir); exit(2); }
    char **names = NULL;
    int n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l < 5 || strcmp(e->d_name + l - 4, ".cfg")) continue;
        if (n == cap) { cap = cap ? cap * 2 : 1024; names = realloc(names, cap * sizeof *names); }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);

    struct file *files = calloc(n ? n : 1, sizeof *files);
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        if (!f) { perror(path); exit(2); }
        fseek(f, 0, SEEK_END);
        long len = ftell(f);
        fseek(f, 0, SEEK_SET);
        files[i].data = malloc(len ? len : 1);
        if (fread(files[i].data, 1, len, f) != (size_t)len) { perror(path); exit(2); }
        files[i].len = (int)len;
        fclose(f);
        free(names[i]);
    }
    free(names);
    *out = files;
    return n;
}

static long parse_all(const struct file *files, int n, FILE *report)
{
    long ok = 0;
    for (int i = 0; i < n; i++) {
        XLU_Config *cfg = xlu_cfg_init(report, "bench.cfg");
        if (!cfg) { fprintf(stderr, "xlu_cfg_init failed\n"); exit(2); }
        int rc = xlu_cfg_readdata(cfg, files[i].data, files[i].len);
        if (rc) { fprintf(stderr, "config %d rejected: %d\n", i, rc); exit(1); }
        ok++;
        xlu_cfg_destroy(cfg);
    }
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 2) { fprintf(stderr, "usage: %s DIR [PASSES]\n", argv[0]); return 2; }
    int passes = argc > 2 ? atoi(argv[2]) : 20;
    struct file *files;
    int n = load(argv[1], &files);
    if (!n) { fprintf(stderr, "no *.cfg files in %s\n", argv[1]); return 2; }
    FILE *report = fopen("/dev/null", "w");

    long sink = 0;
    for (int w = 0; w < 3; w++) sink += parse_all(files, n, report);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int p = 0; p < passes; p++) sink += parse_all(files, n, report);
    clock_gettime(CLOCK_MONOTONIC, &t1);

    double seconds = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    long configs = (long)n * passes;
    printf("libxlutil: %ld configs (%d files x %d passes) in %.3f s = %.0f configs/s (parsed: %ld)\n",
           configs, n, passes, seconds, configs / seconds, sink);
    return 0;
}
