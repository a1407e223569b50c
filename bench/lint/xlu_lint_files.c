/*
 * xlu_lint_files: the Xen side of bench/lint/lint-many.sh. One process reads and parses each file
 * named on the command line, one after another, with libxlutil exactly as xl does for a config
 * (xlu_cfg_init + xlu_cfg_readfile + xlu_cfg_destroy); parse errors go to stderr as xl prints them.
 * Exit 1 if any file was rejected, as `vifmap lint` does.
 * Build: gcc -O2 -o xlu_lint_files xlu_lint_files.c -lxlutil (libxen-dev).
 */
#include <stdio.h>
#include <libxlutil.h>

int main(int argc, char **argv)
{
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        XLU_Config *cfg = xlu_cfg_init(stderr, argv[i]);
        if (!cfg) {
            fprintf(stderr, "%s: xlu_cfg_init failed\n", argv[i]);
            return 2;
        }
        if (xlu_cfg_readfile(cfg, argv[i]))
            bad = 1;
        xlu_cfg_destroy(cfg);
    }
    return bad;
}
