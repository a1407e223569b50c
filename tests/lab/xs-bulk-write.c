/*
 * xs-bulk-write: fills a lab xenstored quickly. Reads NUL-separated pairs
 * "path\0value\0path\0value\0..." from stdin and sends one XS_WRITE per pair over the
 * unix socket named by XENSTORED_PATH, pipelined (a window of requests in flight) and
 * outside any transaction.
 *
 * Why not xenstore-write: it wraps all its pairs in one transaction, and the 4.17 daemon
 * spends time quadratic in the transaction's size (61000 writes: ~12-17 s in chunks,
 * against ~1 s here). The daemon stays the real one; only the client is minimal.
 *
 * Exit: 0 all written; 1 the daemon answered an error (path and error on stderr);
 *       2 usage, input or connection problem.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <xen/io/xs_wire.h>

#define WINDOW 256

struct pending { char *path; };

static int write_all(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
    char *p = buf;
    while (len > 0) {
        ssize_t n = read(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

/* Reads one reply; returns 0 for OK, 1 for a daemon error (reported), -1 on I/O failure. */
static int read_reply(int fd, struct pending *window, uint32_t count)
{
    struct xsd_sockmsg hdr;
    char body[XENSTORE_PAYLOAD_MAX + 1];
    if (read_all(fd, &hdr, sizeof hdr) != 0 || hdr.len > XENSTORE_PAYLOAD_MAX
        || read_all(fd, body, hdr.len) != 0) {
        fprintf(stderr, "xs-bulk-write: connection to xenstored lost\n");
        return -1;
    }
    body[hdr.len] = '\0';
    const char *path = window[hdr.req_id % count].path;
    if (hdr.type == XS_ERROR) {
        fprintf(stderr, "xs-bulk-write: %s: %s\n", path, body);
        return 1;
    }
    if (hdr.type != XS_WRITE) {
        fprintf(stderr, "xs-bulk-write: %s: unexpected reply type %u\n", path, hdr.type);
        return 1;
    }
    return 0;
}

static char *read_stdin(size_t *len)
{
    size_t cap = 1 << 20, used = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (buf == NULL)
            return NULL;
        if (used == cap) {
            cap *= 2;
            char *bigger = realloc(buf, cap);
            if (bigger == NULL) {
                free(buf);
                return NULL;
            }
            buf = bigger;
        }
        ssize_t n = read(0, buf + used, cap - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            free(buf);
            return NULL;
        }
        if (n == 0)
            break;
        used += (size_t)n;
    }
    *len = used;
    return buf;
}

int main(int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "usage: XENSTORED_PATH=SOCKET xs-bulk-write < pairs (path\\0value\\0...)\n");
        return 2;
    }
    const char *sock_path = getenv("XENSTORED_PATH");
    if (sock_path == NULL || sock_path[0] == '\0') {
        fprintf(stderr, "xs-bulk-write: XENSTORED_PATH is not set\n");
        return 2;
    }
    size_t len;
    char *input = read_stdin(&len);
    if (input == NULL) {
        fprintf(stderr, "xs-bulk-write: cannot read stdin\n");
        return 2;
    }

    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (strlen(sock_path) >= sizeof addr.sun_path) {
        fprintf(stderr, "xs-bulk-write: socket path too long\n");
        return 2;
    }
    strcpy(addr.sun_path, sock_path);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        fprintf(stderr, "xs-bulk-write: cannot connect to %s: %s\n", sock_path, strerror(errno));
        return 2;
    }

    struct pending window[WINDOW];
    uint32_t sent = 0, answered = 0;
    int failed = 0;
    size_t pos = 0;
    while (pos < len) {
        char *path = input + pos;
        char *path_end = memchr(path, '\0', len - pos);
        if (path_end == NULL) {
            fprintf(stderr, "xs-bulk-write: input ends inside a path\n");
            return 2;
        }
        char *value = path_end + 1;
        char *value_end = memchr(value, '\0', (size_t)(input + len - value));
        if (value_end == NULL) {
            /* A last value without its terminating NUL is accepted. */
            value_end = input + len;
        }
        size_t payload = (size_t)(value_end - path); /* path, its NUL, value (no NUL) */
        if (payload > XENSTORE_PAYLOAD_MAX) {
            fprintf(stderr, "xs-bulk-write: %s: path and value exceed %d bytes\n", path,
                    XENSTORE_PAYLOAD_MAX);
            return 2;
        }
        if (sent - answered == WINDOW) {
            int r = read_reply(fd, window, WINDOW);
            if (r < 0)
                return 2;
            failed |= r;
            answered++;
        }
        struct xsd_sockmsg hdr = { .type = XS_WRITE, .req_id = sent, .tx_id = 0,
                                   .len = (uint32_t)payload };
        window[sent % WINDOW].path = path;
        if (write_all(fd, &hdr, sizeof hdr) != 0 || write_all(fd, path, payload) != 0) {
            fprintf(stderr, "xs-bulk-write: connection to xenstored lost\n");
            return 2;
        }
        sent++;
        pos = (size_t)(value_end - input) + 1;
    }
    while (answered < sent) {
        int r = read_reply(fd, window, WINDOW);
        if (r < 0)
            return 2;
        failed |= r;
        answered++;
    }
    close(fd);
    free(input);
    return failed ? 1 : 0;
}
