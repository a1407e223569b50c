/*
 * Vifmap lab shim: an LD_PRELOAD library that stands in for the Xen hypervisor so the
 * real Debian tools run on a machine without /dev/xen (see /work/shared/real-xen-lab.md):
 *
 *   - the C xenstored (xen-4.17 "-N"): it needs a libxenctrl handle, a domain-info
 *     answer for dom0, a grant-table and an event-channel handle, and the two dom0
 *     files /proc/xen/xsd_port and /proc/xen/xsd_kva;
 *   - `xl -N create` (dry run): libxl also asks for the Xen version, the host's
 *     physical info and one memory op before it prints the domain JSON.
 *
 * Every function here is written against the public headers of libxen-dev, not copied
 * from Xen. An unversioned definition in a preloaded object satisfies the binaries'
 * versioned references (VERS_4.17.0, VERS_1.0, ...), so no version script is needed.
 *
 * Environment:
 *   VIFMAP_LAB_PROC_XEN  folder that replaces /proc/xen (holds xsd_port, xsd_kva).
 *                        Unset: /proc/xen paths are opened unchanged (and fail here).
 *   VIFMAP_LAB_XL_CONF   file read instead of /etc/xen/xl.conf (so the host's global xl
 *                        defaults cannot change an oracle's answer). Unset: the real file.
 *   VIFMAP_LAB_SHIM_LOG  set to 1 to log each stand-in call on stderr.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenevtchn.h>
#include <xengnttab.h>
#include <xen/version.h>

#define LAB_PAGE_SIZE 4096
#define PROC_XEN_PREFIX "/proc/xen/"
/* xl's global defaults (vif.default.bridge, ...), compiled into xl as this path. */
#define XL_GLOBAL_CONFIG "/etc/xen/xl.conf"

/* The libraries only forward-declare their handle structs, so the shim owns the layout. */
struct xc_interface_core { int unused; };
struct xengntdev_handle { int unused; };
struct xenevtchn_handle {
    int read_fd;   /* handed to the daemon's poll loop: never readable */
    int write_fd;  /* kept open (never written) so the read end never sees EOF */
    int next_port;
};

static void lab_log(const char *fmt, ...)
{
    const char *flag = getenv("VIFMAP_LAB_SHIM_LOG");
    if (flag == NULL || flag[0] != '1')
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("vifmap-lab-shim: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* ---------------------------------------------------------------- /proc/xen redirect */

/*
 * Rewrites "/proc/xen/<name>" to "$VIFMAP_LAB_PROC_XEN/<name>" and /etc/xen/xl.conf to
 * $VIFMAP_LAB_XL_CONF. Returns path itself
 * when no redirect applies, else buf (or NULL with ENAMETOOLONG).
 */
static const char *lab_redirect(const char *path, char *buf, size_t size)
{
    if (path == NULL)
        return path;
    if (strcmp(path, XL_GLOBAL_CONFIG) == 0) {
        const char *conf = getenv("VIFMAP_LAB_XL_CONF");
        if (conf == NULL || conf[0] == '\0')
            return path;
        lab_log("redirect %s -> %s", path, conf);
        return conf;
    }
    if (strncmp(path, PROC_XEN_PREFIX, strlen(PROC_XEN_PREFIX)) != 0)
        return path;
    const char *dir = getenv("VIFMAP_LAB_PROC_XEN");
    if (dir == NULL || dir[0] == '\0')
        return path;
    int n = snprintf(buf, size, "%s/%s", dir, path + strlen(PROC_XEN_PREFIX));
    if (n < 0 || (size_t)n >= size) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    lab_log("redirect %s -> %s", path, buf);
    return buf;
}

typedef int (*open_fn)(const char *, int, ...);
typedef int (*openat_fn)(int, const char *, int, ...);
typedef FILE *(*fopen_fn)(const char *, const char *);

static int lab_open_common(const char *symbol, const char *path, int flags, mode_t mode)
{
    char buf[4096];
    open_fn real = (open_fn)dlsym(RTLD_NEXT, symbol);
    const char *target = lab_redirect(path, buf, sizeof buf);
    if (target == NULL)
        return -1;
    return real(target, flags, mode);
}

/* O_CREAT and O_TMPFILE are the flags that carry a mode argument (open(2)). */
#define LAB_TAKES_MODE(flags) (((flags) & O_CREAT) != 0 || ((flags) & O_TMPFILE) == O_TMPFILE)

int open(const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (LAB_TAKES_MODE(flags)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    return lab_open_common("open", path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (LAB_TAKES_MODE(flags)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    return lab_open_common("open64", path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
    mode_t mode = 0;
    char buf[4096];
    if (LAB_TAKES_MODE(flags)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    openat_fn real = (openat_fn)dlsym(RTLD_NEXT, "openat");
    const char *target = lab_redirect(path, buf, sizeof buf);
    if (target == NULL)
        return -1;
    return real(dirfd, target, flags, mode);
}

FILE *fopen(const char *path, const char *fmode)
{
    char buf[4096];
    fopen_fn real = (fopen_fn)dlsym(RTLD_NEXT, "fopen");
    const char *target = lab_redirect(path, buf, sizeof buf);
    if (target == NULL)
        return NULL;
    return real(target, fmode);
}

FILE *fopen64(const char *path, const char *fmode)
{
    char buf[4096];
    fopen_fn real = (fopen_fn)dlsym(RTLD_NEXT, "fopen64");
    const char *target = lab_redirect(path, buf, sizeof buf);
    if (target == NULL)
        return NULL;
    return real(target, fmode);
}

/* ---------------------------------------------------------------- syslog */

/*
 * xenstored reports to syslog (openlog + __syslog_chk, the fortified syslog). A lab daemon
 * must not write into the host's system log, so its messages go to stderr instead, which
 * xenstored-start.sh sends to DIR/xenstored.out.
 */
void openlog(const char *ident, int option, int facility)
{
    (void)ident;
    (void)option;
    (void)facility;
}

void closelog(void)
{
}

void vsyslog(int priority, const char *format, va_list ap)
{
    fprintf(stderr, "syslog(%d): ", priority);
    vfprintf(stderr, format, ap);
    size_t len = strlen(format);
    if (len == 0 || format[len - 1] != '\n')
        fputc('\n', stderr);
}

void syslog(int priority, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    vsyslog(priority, format, ap);
    va_end(ap);
}

void __syslog_chk(int priority, int flag, const char *format, ...)
{
    (void)flag;
    va_list ap;
    va_start(ap, format);
    vsyslog(priority, format, ap);
    va_end(ap);
}

void __vsyslog_chk(int priority, int flag, const char *format, va_list ap)
{
    (void)flag;
    vsyslog(priority, format, ap);
}

/* ---------------------------------------------------------------- libxenctrl */

xc_interface *xc_interface_open(xentoollog_logger *logger, xentoollog_logger *dombuild_logger,
                                unsigned open_flags)
{
    (void)logger;
    (void)dombuild_logger;
    lab_log("xc_interface_open(flags=%u)", open_flags);
    return calloc(1, sizeof(struct xc_interface_core));
}

int xc_interface_close(xc_interface *xch)
{
    lab_log("xc_interface_close");
    free(xch);
    return 0;
}

/* Every domain asked about exists and runs: the lab has no guest that could die. */
int xc_domain_getinfo(xc_interface *xch, uint32_t first_domid, unsigned int max_doms,
                      xc_dominfo_t *info)
{
    (void)xch;
    lab_log("xc_domain_getinfo(first=%u, max=%u)", first_domid, max_doms);
    if (max_doms == 0)
        return 0;
    memset(info, 0, sizeof *info);
    info->domid = first_domid;
    info->running = 1;
    info->nr_online_vcpus = 1;
    info->max_memkb = 1024 * 1024;
    info->nr_pages = 262144;
    return 1;
}

/* Answers as Xen 4.17 with empty informational strings (libxl only prints them). */
int xc_version(xc_interface *xch, int cmd, void *arg)
{
    (void)xch;
    lab_log("xc_version(cmd=%d)", cmd);
    switch (cmd) {
    case XENVER_version:
        return (4 << 16) | 17;
    case XENVER_extraversion:
        memset(arg, 0, sizeof(xen_extraversion_t));
        return 0;
    case XENVER_compile_info:
        memset(arg, 0, sizeof(xen_compile_info_t));
        return 0;
    case XENVER_capabilities:
        memset(arg, 0, sizeof(xen_capabilities_info_t));
        return 0;
    case XENVER_changeset:
        memset(arg, 0, sizeof(xen_changeset_info_t));
        return 0;
    case XENVER_platform_parameters:
        memset(arg, 0, sizeof(xen_platform_parameters_t));
        return 0;
    case XENVER_get_features:
        ((xen_feature_info_t *)arg)->submap = 0;
        return 0;
    case XENVER_pagesize:
        return LAB_PAGE_SIZE;
    case XENVER_commandline:
        memset(arg, 0, sizeof(xen_commandline_t));
        return 0;
    default:
        errno = ENOSYS;
        return -1;
    }
}

/* A 4-CPU host with 16 GiB, half free, able to run both HVM (with HAP) and PV guests. */
int xc_physinfo(xc_interface *xch, xc_physinfo_t *info)
{
    (void)xch;
    lab_log("xc_physinfo");
    memset(info, 0, sizeof *info);
    info->threads_per_core = 1;
    info->cores_per_socket = 4;
    info->nr_cpus = 4;
    info->max_cpu_id = 3;
    info->nr_nodes = 1;
    info->max_node_id = 0;
    info->cpu_khz = 2000000;
    info->capabilities = XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_hap
                         | XEN_SYSCTL_PHYSCAP_shadow;
    info->total_pages = 4194304;
    info->free_pages = 2097152;
    info->max_mfn = 4194303;
    return 0;
}

long xc_memory_op(xc_interface *xch, unsigned int cmd, void *arg, size_t len)
{
    (void)xch;
    (void)arg;
    (void)len;
    lab_log("xc_memory_op(cmd=%u)", cmd);
    return 0;
}

/* ---------------------------------------------------------------- libxengnttab */

xengnttab_handle *xengnttab_open(struct xentoollog_logger *logger, unsigned open_flags)
{
    (void)logger;
    lab_log("xengnttab_open(flags=%u)", open_flags);
    return calloc(1, sizeof(struct xengntdev_handle));
}

int xengnttab_close(xengnttab_handle *xgt)
{
    lab_log("xengnttab_close");
    free(xgt);
    return 0;
}

int xengnttab_set_max_grants(xengnttab_handle *xgt, uint32_t nr_grants)
{
    (void)xgt;
    lab_log("xengnttab_set_max_grants(%u)", nr_grants);
    return 0;
}

/* A guest's ring page: a private zeroed page nobody else writes, so the ring stays empty. */
void *xengnttab_map_grant_ref(xengnttab_handle *xgt, uint32_t domid, uint32_t ref, int prot)
{
    (void)xgt;
    lab_log("xengnttab_map_grant_ref(dom=%u, ref=%u)", domid, ref);
    void *page = mmap(NULL, LAB_PAGE_SIZE, prot | PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return page == MAP_FAILED ? NULL : page;
}

int xengnttab_unmap(xengnttab_handle *xgt, void *start_address, uint32_t count)
{
    (void)xgt;
    lab_log("xengnttab_unmap(count=%u)", count);
    return munmap(start_address, (size_t)count * LAB_PAGE_SIZE);
}

/* ---------------------------------------------------------------- libxenevtchn */

static xenevtchn_handle *lab_evtchn_new(void)
{
    xenevtchn_handle *xce = calloc(1, sizeof *xce);
    if (xce == NULL)
        return NULL;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        free(xce);
        return NULL;
    }
    xce->read_fd = fds[0];
    xce->write_fd = fds[1];
    xce->next_port = 1;
    return xce;
}

xenevtchn_handle *xenevtchn_open(struct xentoollog_logger *logger, unsigned int flags)
{
    (void)logger;
    lab_log("xenevtchn_open(flags=%u)", flags);
    return lab_evtchn_new();
}

/* Used by a live-updated daemon to re-adopt its fd; a fresh silent pipe serves as well. */
xenevtchn_handle *xenevtchn_fdopen(struct xentoollog_logger *logger, int fd, unsigned open_flags)
{
    (void)logger;
    lab_log("xenevtchn_fdopen(fd=%d, flags=%u)", fd, open_flags);
    return lab_evtchn_new();
}

int xenevtchn_close(xenevtchn_handle *xce)
{
    lab_log("xenevtchn_close");
    if (xce == NULL)
        return 0;
    close(xce->read_fd);
    close(xce->write_fd);
    free(xce);
    return 0;
}

int xenevtchn_fd(xenevtchn_handle *xce)
{
    return xce->read_fd;
}

int xenevtchn_notify(xenevtchn_handle *xce, evtchn_port_t port)
{
    (void)xce;
    lab_log("xenevtchn_notify(port=%u)", port);
    return 0;
}

xenevtchn_port_or_error_t xenevtchn_bind_interdomain(xenevtchn_handle *xce, uint32_t domid,
                                                     evtchn_port_t remote_port)
{
    lab_log("xenevtchn_bind_interdomain(dom=%u, remote=%u)", domid, remote_port);
    return xce->next_port++;
}

xenevtchn_port_or_error_t xenevtchn_bind_virq(xenevtchn_handle *xce, unsigned int virq)
{
    lab_log("xenevtchn_bind_virq(virq=%u)", virq);
    return xce->next_port++;
}

int xenevtchn_unbind(xenevtchn_handle *xce, evtchn_port_t port)
{
    (void)xce;
    lab_log("xenevtchn_unbind(port=%u)", port);
    return 0;
}

/* No event ever fires: the pipe behind xenevtchn_fd is never written. */
xenevtchn_port_or_error_t xenevtchn_pending(xenevtchn_handle *xce)
{
    (void)xce;
    errno = EAGAIN;
    return -1;
}

int xenevtchn_unmask(xenevtchn_handle *xce, evtchn_port_t port)
{
    (void)xce;
    (void)port;
    return 0;
}
