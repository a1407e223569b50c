/*
 * xs-introduce DOMID...: sends XS_INTRODUCE for each domain, as libxl does once a domain is
 * built (libxl_dom.c libxl__build_post -> xs_introduce_domain). With the lab shim the daemon
 * maps a zeroed page as the guest's ring and binds a dummy event channel, so each introduced
 * domain becomes a real connection inside xenstored, as on a Xen host.
 * Uses libxenstore (libxen-dev), which honours XENSTORED_PATH.
 * Exit: 0 all introduced; 1 the daemon refused one (errno on stderr); 2 usage/connection.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xenstore.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s DOMID...\n", argv[0]);
        return 2;
    }
    struct xs_handle *h = xs_open(0);
    if (!h) {
        fprintf(stderr, "xs-introduce: cannot open xenstore: %s\n", strerror(errno));
        return 2;
    }
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        unsigned int domid = (unsigned int)strtoul(argv[i], NULL, 10);
        /* mfn and event channel as a guest's start info would give them; the shim accepts any. */
        if (!xs_introduce_domain(h, domid, 0xfeffe, 1)) {
            fprintf(stderr, "xs-introduce: INTRODUCE %u: %s\n", domid, strerror(errno));
            rc = 1;
        }
    }
    xs_close(h);
    return rc;
}
