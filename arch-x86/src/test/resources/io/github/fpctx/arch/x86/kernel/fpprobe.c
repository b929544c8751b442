/*
 * fpprobe: runs FP-context scenarios on the live x86-64 Linux kernel of the test machine and prints the
 * FP/vector state it observes, for KernelDifferentialTest (fpctx arch-x86 tests), which runs the same scenarios
 * on the fixed x86 model and compares register by register.
 *
 * Build: gcc -O1 -o fpprobe fpprobe.c       Run: ./fpprobe      (x86-64 Linux only)
 *
 * Output, one fact per line, fields separated by one space:
 *   info <key> <value...>                      machine facts (kernel, CPU, XCR0, XSAVE layout, skips)
 *   <scenario> <what> <hex>                    an XSAVE/FXSAVE image, lowercase hex, byte 0 first
 *   <scenario> value <name> <decimal>          a scalar the scenario observed (CPU number, signal, si_code)
 *   <scenario> skip <reason...>                the scenario could not run here
 *   error <text>                               the probe itself failed
 *
 * Images the probe takes itself are hardware XSAVE64 images in standard format with RFBM = the probe's mask
 * (XCR0 without PKRU, which fpctx's layout does not model): bytes 464..511 are left zero. Images from the kernel
 * are printed as the kernel wrote them: PTRACE_GETREGSET buffers (XCR0 at 464) and signal-frame images
 * (struct _fpx_sw_bytes at 464).
 *
 * Every register image the probe loads is "W", built by build() below and printed as "image w" (the other FP user
 * of the migration scenario loads "Y", printed as "image y"). The scenario
 * code between loading W and the kernel event is one asm routine (fp_syscall): no compiler-generated code can
 * touch the FP/vector registers between XRSTOR, the SYSCALL and the XSAVE that observes the result.
 *
 * Loops are bounded; children are killed and reaped; an alarm ends the probe after 20 seconds.
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#ifndef NT_PRFPREG
#define NT_PRFPREG 2
#endif
#ifndef NT_X86_XSTATE
#define NT_X86_XSTATE 0x202
#endif
#define FP_XSTATE_MAGIC1 0x46505853U
#define BUF 16384

/* ---- the asm routines ------------------------------------------------------------------------------------ */

uint64_t xmask;                                   /* RFBM of every XSAVE/XRSTOR below */
void *live_buf;                                   /* where sig_stub saves the handler's registers on entry */
void on_signal(int sig, siginfo_t *si, void *uc); /* the C part of the handler */

void fp_load(const void *img);
void fp_save(void *img);
long fp_syscall(const void *in, void *out, long nr, long a1, long a2, long a3);
long fp_clone_thread(const void *in, void *out_parent, void *out_child, long flags, void *stack, volatile int *done);
void fp_ldmxcsr(const void *in, const uint32_t *mxcsr);
void fp_spin(const void *in, long iterations);
void sig_stub(int sig, siginfo_t *si, void *uc);

__asm__(
    ".text\n"
    /* void fp_load(const void *img): XRSTOR64 with RFBM = xmask */
    ".globl fp_load\n"
    "fp_load:\n"
    "  mov xmask(%rip), %eax\n"
    "  mov xmask+4(%rip), %edx\n"
    "  xrstor64 (%rdi)\n"
    "  ret\n"
    /* void fp_save(void *img): XSAVE64 with RFBM = xmask */
    ".globl fp_save\n"
    "fp_save:\n"
    "  mov xmask(%rip), %eax\n"
    "  mov xmask+4(%rip), %edx\n"
    "  xsave64 (%rdi)\n"
    "  ret\n"
    /* long fp_syscall(in, out, nr, a1, a2, a3): load in, syscall, save to out (in every task that returns) */
    ".globl fp_syscall\n"
    "fp_syscall:\n"
    "  push %rbx\n"
    "  push %r12\n"
    "  push %r13\n"
    "  mov %rsi, %r12\n"
    "  mov %rdx, %r13\n"
    "  mov %rdi, %rbx\n"
    "  mov xmask(%rip), %eax\n"
    "  mov xmask+4(%rip), %edx\n"
    "  xrstor64 (%rbx)\n"
    "  mov %r13, %rax\n"
    "  mov %rcx, %rdi\n"
    "  mov %r8, %rsi\n"
    "  mov %r9, %rdx\n"
    "  syscall\n"
    "  mov %rax, %r13\n"
    "  mov xmask(%rip), %eax\n"
    "  mov xmask+4(%rip), %edx\n"
    "  xsave64 (%r12)\n"
    "  mov %r13, %rax\n"
    "  pop %r13\n"
    "  pop %r12\n"
    "  pop %rbx\n"
    "  ret\n"
    /* long fp_clone_thread(in, out_parent, out_child, flags, stack, done): load in, clone(flags, stack);
       the parent saves to out_parent and returns the tid; the new thread saves to out_child, sets *done = 1
       and exits (SYS_exit: this thread only) without touching its stack */
    ".globl fp_clone_thread\n"
    "fp_clone_thread:\n"
    "  push %rbx\n"
    "  push %r12\n"
    "  push %r13\n"
    "  push %r14\n"
    "  mov %rsi, %r12\n"
    "  mov %rdx, %r13\n"
    "  mov %r9, %r14\n"
    "  mov %rdi, %rbx\n"
    "  mov %r8, %rsi\n"            /* child stack */
    "  mov %rcx, %rdi\n"           /* flags */
    "  mov xmask(%rip), %eax\n"
    "  mov xmask+4(%rip), %edx\n"
    "  xrstor64 (%rbx)\n"
    "  xor %edx, %edx\n"           /* parent_tid */
    "  xor %r10d, %r10d\n"         /* child_tid */
    "  xor %r8d, %r8d\n"           /* tls */
    "  mov $56, %eax\n"            /* SYS_clone */
    "  syscall\n"
    "  test %rax, %rax\n"
    "  jz 1f\n"
    "  mov %rax, %rbx\n"
    "  mov xmask(%rip), %eax\n"
    "  mov xmask+4(%rip), %edx\n"
    "  xsave64 (%r12)\n"
    "  mov %rbx, %rax\n"
    "  pop %r14\n"
    "  pop %r13\n"
    "  pop %r12\n"
    "  pop %rbx\n"
    "  ret\n"
    "1:\n"
    "  mov xmask(%rip), %eax\n"
    "  mov xmask+4(%rip), %edx\n"
    "  xsave64 (%r13)\n"
    "  movl $1, (%r14)\n"
    "  mov $60, %eax\n"            /* SYS_exit */
    "  xor %edi, %edi\n"
    "  syscall\n"
    "  ud2\n"
    /* void fp_ldmxcsr(in, mxcsr): load in, then LDMXCSR *mxcsr (faults with #GP on a reserved bit) */
    ".globl fp_ldmxcsr\n"
    "fp_ldmxcsr:\n"
    "  mov xmask(%rip), %eax\n"
    "  mov xmask+4(%rip), %edx\n"
    "  xrstor64 (%rdi)\n"
    "  ldmxcsr (%rsi)\n"
    "  ret\n"
    /* void fp_spin(in, n): load in, then n iterations of vector work on xmm15 (an FP user that stays busy) */
    ".globl fp_spin\n"
    "fp_spin:\n"
    "  mov xmask(%rip), %eax\n"
    "  mov xmask+4(%rip), %edx\n"
    "  xrstor64 (%rdi)\n"
    "  mov %rsi, %rcx\n"
    "2:\n"
    "  paddq %xmm14, %xmm15\n"
    "  dec %rcx\n"
    "  jnz 2b\n"
    "  ret\n"
    /* the signal handler entry: save the registers the kernel handed over, before any C code runs */
    ".globl sig_stub\n"
    "sig_stub:\n"
    "  push %rax\n"
    "  push %rdx\n"
    "  push %rcx\n"
    "  mov live_buf(%rip), %rcx\n"
    "  mov xmask(%rip), %eax\n"
    "  mov xmask+4(%rip), %edx\n"
    "  xsave64 (%rcx)\n"
    "  pop %rcx\n"
    "  pop %rdx\n"
    "  pop %rax\n"
    "  jmp on_signal\n");

/* ---- output ---------------------------------------------------------------------------------------------- */

/* Unbuffered line output (children created by raw fork/clone share no stdio buffer with the parent). */
static void out(const char *fmt, ...)
{
    char line[BUF * 2 + 256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line - 1, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    if (n > (int) sizeof line - 2) {
        n = sizeof line - 2;
    }
    line[n++] = '\n';
    for (int off = 0; off < n;) {
        ssize_t w = write(1, line + off, n - off);
        if (w <= 0) {
            if (w < 0 && errno == EINTR) {
                continue;
            }
            return;
        }
        off += w;
    }
}

static void hex(const char *scenario, const char *what, const uint8_t *img, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    char h[BUF * 2 + 1];
    if (len > BUF) {
        len = BUF;
    }
    for (size_t i = 0; i < len; i++) {
        h[2 * i] = digits[img[i] >> 4];
        h[2 * i + 1] = digits[img[i] & 15];
    }
    h[2 * len] = 0;
    out("%s %s %s", scenario, what, h);
}

/* ---- machine facts --------------------------------------------------------------------------------------- */

static uint64_t xcr0;
static unsigned comp_off[64], comp_size[64];
static size_t image_size; /* standard-format size for xmask */
static int ncpus;

static uint64_t xgetbv0(void)
{
    uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return ((uint64_t) hi << 32) | lo;
}

static void machine_info(void)
{
    struct utsname u;
    if (uname(&u) == 0) {
        out("info kernel %s %s %s", u.sysname, u.release, u.version);
    }
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[4096];
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, "model name", 10) == 0 || strncmp(line, "vendor_id", 9) == 0
                || strncmp(line, "cpu family", 10) == 0 || strncmp(line, "model\t", 6) == 0) {
            line[strcspn(line, "\n")] = 0;
            char *v = strchr(line, ':');
            char key[64];
            snprintf(key, sizeof key, "%.*s", (int) strcspn(line, "\t:"), line);
            for (char *k = key; *k; k++) {
                if (*k == ' ') {
                    *k = '_';
                }
            }
            out("info cpu_%s %s", key, v ? v + 2 : "");
        }
        if (strncmp(line, "processor", 9) == 0 && strchr(line, ':') && atoi(strchr(line, ':') + 1) > 0) {
            break; /* first CPU only */
        }
    }
    if (f) {
        fclose(f);
    }
    ncpus = (int) sysconf(_SC_NPROCESSORS_ONLN);
    out("info cpus %d", ncpus);
    unsigned a, b, c, d;
    __cpuid_count(1, 0, a, b, c, d);
    if (!(c & (1u << 27))) {
        out("error OSXSAVE is off: no XSAVE, nothing to probe");
        exit(2);
    }
    xcr0 = xgetbv0();
    out("info xcr0 0x%llx", (unsigned long long) xcr0);
    __cpuid_count(0xd, 1, a, b, c, d);
    out("info xsave_features xsaveopt=%d xsavec=%d xgetbv1=%d xsaves=%d", a & 1, !!(a & 2), !!(a & 4), !!(a & 8));
    /* what fpctx models: x87, SSE, AVX, AVX-512 (opmask, ZMM_Hi256, Hi16_ZMM); PKRU and AMX are left out */
    xmask = xcr0 & 0xe7;
    image_size = 576;
    for (int i = 2; i < 63; i++) {
        if (!(xcr0 & (1ULL << i))) {
            continue;
        }
        __cpuid_count(0xd, i, a, b, c, d);
        comp_size[i] = a;
        comp_off[i] = b;
        out("info component %d %u %u", i, a, b);
        if ((xmask & (1ULL << i)) && b + a > image_size) {
            image_size = b + a;
        }
    }
    out("info xmask 0x%llx", (unsigned long long) xmask);
    out("info image_size %zu", image_size);
    __cpuid_count(7, 0, a, b, c, d);
    if (!(xcr0 & 0xe0)) {
        out("info skip AVX-512: not enabled (CPUID.7.0:EBX.AVX512F=%d, XCR0 bits 5-7 clear); k0-k7, zmm0h-zmm15h "
            "and zmm16-zmm31 are not written and compared", !!(b & (1u << 16)));
    }
    if (!(xcr0 & 0x60000)) {
        out("info skip AMX: TILECFG/TILEDATA not in XCR0 (CPUID.7.0:EDX.AMX_TILE=%d)", !!(d & (1u << 24)));
    } else {
        out("info skip AMX: needs arch_prctl(ARCH_REQ_XCOMP_PERM); the probe leaves tiles alone");
    }
    if (xcr0 & 0x200) {
        out("info skip PKRU: in XCR0 but not in fpctx's x86_64 layout; the probe neither loads nor compares it");
    }
}

/* ---- the image W ----------------------------------------------------------------------------------------- */

static uint8_t W[BUF] __attribute__((aligned(64)));
static uint8_t HOME[BUF] __attribute__((aligned(64)));
static uint8_t Y[BUF] __attribute__((aligned(64)));

static void put(uint8_t *img, size_t off, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++) {
        img[off + i] = (uint8_t) (v >> (8 * i));
    }
}

/* W: every modelled register non-init and distinct. base selects a second pattern (Y, the other FP user). */
static void build(uint8_t *img, uint64_t base)
{
    memset(img, 0, BUF);
    fp_save(img); /* a valid image of this CPU (MXCSR_MASK) to start from */
    uint32_t mxcsr_mask;
    memcpy(&mxcsr_mask, img + 28, 4);
    memset(img, 0, 28);
    memset(img + 32, 0, 512 - 32);
    memset(img + 512, 0, 64);
    put(img, 0, 0x0f7f, 2);                 /* FCW: RC = toward zero, PC = extended, all masked */
    put(img, 2, 0x4500, 2);                 /* FSW: C3 C2 C0 set, TOP = 0 (st<i> is physical register i) */
    put(img, 4, 0xff, 1);                   /* abridged FTW: all eight valid */
    put(img, 24, base ? 0x3f80 : 0x5fc1, 4); /* MXCSR: RC = up, DAZ, IE sticky (W); RC = down (Y) */
    for (int i = 0; i < 8; i++) {
        put(img, 32 + 16 * i, 0x8000000000000000ULL | (base + 0x0123456789abcdefULL * (i + 1)), 8);
        put(img, 32 + 16 * i + 8, 0x3fff + i, 2);
    }
    for (int i = 0; i < 16; i++) {
        put(img, 160 + 16 * i, base + 0xa0a0a0a000000000ULL + 0x1111 * i, 8);
        put(img, 160 + 16 * i + 8, base + 0xb0b0b0b000000000ULL + i, 8);
    }
    uint64_t bv = 3;
    if (xmask & 4) {
        bv |= 4;
        for (int i = 0; i < 16; i++) {
            put(img, comp_off[2] + 16 * i, base + 0xc0c0c0c000000000ULL + i, 8);
            put(img, comp_off[2] + 16 * i + 8, base + 0xd0d0d0d000000000ULL + i, 8);
        }
    }
    if (xmask & 0x20) {
        bv |= 0x20;
        for (int i = 0; i < 8; i++) {
            put(img, comp_off[5] + 8 * i, base + 0xe0e0e0e000000000ULL + i, 8);
        }
    }
    if (xmask & 0x40) {
        bv |= 0x40;
        for (int i = 0; i < 16; i++) {
            for (int q = 0; q < 4; q++) {
                put(img, comp_off[6] + 32 * i + 8 * q, base + 0xf1f1f1f100000000ULL + 0x100 * i + q, 8);
            }
        }
    }
    if (xmask & 0x80) {
        bv |= 0x80;
        for (int i = 0; i < 16; i++) {
            for (int q = 0; q < 8; q++) {
                put(img, comp_off[7] + 64 * i + 8 * q, base + 0xf2f2f2f200000000ULL + 0x100 * i + q, 8);
            }
        }
    }
    put(img, 512, bv, 8);
    (void) mxcsr_mask;
}

static void home(void)
{
    fp_load(HOME);
}

/* ---- signals --------------------------------------------------------------------------------------------- */

enum { MODE_PLAIN, MODE_MODIFY, MODE_BAD_MXCSR };
static volatile int sig_mode;
static const char *sig_scenario = "";
static uint8_t LIVE[BUF] __attribute__((aligned(64)));
static uint8_t H_LIVE[BUF] __attribute__((aligned(64)));
static uint8_t FRAME[BUF];
static size_t frame_len;

/* The bytes the "modify" handler writes into the frame's xmm3 and MXCSR. */
static const uint64_t MOD_XMM3_LO = 0x1234567890abcdefULL, MOD_XMM3_HI = 0x0fedcba987654321ULL;
static const uint32_t MOD_MXCSR = 0x7f80; /* RC = toward zero, all masked */

void on_signal(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    uint8_t *fx = (uint8_t *) uc->uc_mcontext.fpregs;
    memcpy(H_LIVE, LIVE, image_size);
    uint32_t magic1, xstate_size;
    memcpy(&magic1, fx + 464, 4);
    memcpy(&xstate_size, fx + 480, 4); /* struct _fpx_sw_bytes: magic1, extended_size, xfeatures (u64), xstate_size */
    frame_len = magic1 == FP_XSTATE_MAGIC1 && xstate_size <= BUF ? xstate_size : 512;
    memcpy(FRAME, fx, frame_len);
    if (sig == SIGSEGV) {
        char name[64];
        snprintf(name, sizeof name, "%s", sig_scenario);
        hex(name, "segv_frame", FRAME, frame_len);
        hex(name, "segv_handler", H_LIVE, image_size);
        out("%s value segv_signo %d", name, si->si_signo);
        out("%s value segv_code %d", name, si->si_code);
        _exit(0);
    }
    if (sig_mode == MODE_MODIFY) {
        put(fx, 160 + 3 * 16, MOD_XMM3_LO, 8);
        put(fx, 160 + 3 * 16 + 8, MOD_XMM3_HI, 8);
        put(fx, 24, MOD_MXCSR, 4);
        hex(sig_scenario, "wrote_xmm3", fx + 160 + 3 * 16, 16);
        hex(sig_scenario, "wrote_mxcsr", fx + 24, 4);
    } else if (sig_mode == MODE_BAD_MXCSR) {
        uint32_t m;
        memcpy(&m, fx + 24, 4);
        put(fx, 24, m | 0x80000000U, 4); /* bit 31: reserved on every CPU (outside any MXCSR_MASK) */
        hex(sig_scenario, "wrote_mxcsr", fx + 24, 4);
    }
}

static void install(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = sig_stub;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

/* Runs body in a child process (so a scenario that dies or exits cannot take the probe with it). */
static void isolated(const char *scenario, void (*body)(void))
{
    pid_t p = fork();
    if (p < 0) {
        out("%s skip fork failed: %s", scenario, strerror(errno));
        return;
    }
    if (p == 0) {
        alarm(10);
        body();
        _exit(0);
    }
    int st;
    waitpid(p, &st, 0);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        out("%s value child_status %d", scenario, st);
    }
}

static void signal_body(const char *scenario, int mode)
{
    uint8_t after[BUF] __attribute__((aligned(64)));
    memset(after, 0, sizeof after);
    live_buf = LIVE;
    sig_mode = mode;
    sig_scenario = scenario;
    install(SIGUSR1);
    install(SIGSEGV);
    long pid = getpid(), tid = syscall(SYS_gettid);
    fp_syscall(W, after, SYS_tgkill, pid, tid, SIGUSR1);
    home();
    hex(scenario, "frame", FRAME, frame_len);
    hex(scenario, "handler", H_LIVE, image_size);
    hex(scenario, "after", after, image_size);
}

static void signal_plain(void) { signal_body("signal", MODE_PLAIN); }
static void signal_modify(void) { signal_body("sigreturn-modified", MODE_MODIFY); }
static void signal_bad(void) { signal_body("sigreturn-bad-mxcsr", MODE_BAD_MXCSR); }

static void ldmxcsr_body(void)
{
    live_buf = LIVE;
    sig_scenario = "ldmxcsr-reserved";
    install(SIGSEGV);
    uint32_t bad = 0x1f80U | 0x80000000U;
    hex("ldmxcsr-reserved", "wrote_mxcsr", (const uint8_t *) &bad, 4);
    fp_ldmxcsr(W, &bad);
    home();
    out("ldmxcsr-reserved skip LDMXCSR with bit 31 did not fault");
}

/* ---- fork, thread, exec, ptrace, migration --------------------------------------------------------------- */

static void fork_scenario(void)
{
    uint8_t o[BUF] __attribute__((aligned(64)));
    memset(o, 0, sizeof o);
    long r = fp_syscall(W, o, SYS_fork, 0, 0, 0);
    if (r == 0) {
        hex("fork", "child", o, image_size);
        _exit(0);
    }
    home();
    if (r < 0) {
        out("fork skip fork: %s", strerror((int) -r));
        return;
    }
    int st;
    waitpid((pid_t) r, &st, 0);
    hex("fork", "parent", o, image_size);
}

static void thread_scenario(void)
{
    static uint8_t op[BUF] __attribute__((aligned(64))), oc[BUF] __attribute__((aligned(64)));
    static uint8_t stack[65536] __attribute__((aligned(64)));
    static volatile int done;
    memset(op, 0, sizeof op);
    memset(oc, 0, sizeof oc);
    done = 0;
    long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;
    long r = fp_clone_thread(W, op, oc, flags, stack + sizeof stack, &done);
    home();
    if (r < 0) {
        out("thread skip clone: %s", strerror((int) -r));
        return;
    }
    for (long i = 0; i < 100000000L && !done; i++) {
        sched_yield();
    }
    if (!done) {
        out("thread skip the thread did not finish");
        return;
    }
    hex("thread", "child", oc, image_size);
    hex("thread", "parent", op, image_size);
}

static int getregset(pid_t p, int type, uint8_t *buf, size_t *len)
{
    struct iovec iov = { buf, BUF };
    if (ptrace(PTRACE_GETREGSET, p, (void *) (long) type, &iov) != 0) {
        return -1;
    }
    *len = iov.iov_len;
    return 0;
}

static void traced(const char *scenario, int exec)
{
    static char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) {
        out("%s skip readlink /proc/self/exe: %s", scenario, strerror(errno));
        return;
    }
    self[n] = 0;
    pid_t p = fork();
    if (p == 0) {
        uint8_t o[BUF] __attribute__((aligned(64)));
        ptrace(PTRACE_TRACEME, 0, 0, 0);
        if (exec) {
            char *argv[] = { self, "--idle", NULL };
            char *envp[] = { NULL };
            fp_syscall(W, o, SYS_execve, (long) self, (long) argv, (long) envp);
        } else {
            fp_syscall(W, o, SYS_kill, getpid(), SIGSTOP, 0);
        }
        _exit(3);
    }
    int st;
    if (waitpid(p, &st, 0) != p || !WIFSTOPPED(st)) {
        out("%s skip the child did not stop (status %d)", scenario, st);
        return;
    }
    out("%s value stop_signal %d", scenario, WSTOPSIG(st));
    uint8_t buf[BUF];
    size_t len;
    if (getregset(p, NT_X86_XSTATE, buf, &len) == 0) {
        hex(scenario, "xstate", buf, len);
    } else {
        out("%s skip PTRACE_GETREGSET NT_X86_XSTATE: %s", scenario, strerror(errno));
    }
    if (getregset(p, NT_PRFPREG, buf, &len) == 0) {
        hex(scenario, "prfpreg", buf, len);
    } else {
        out("%s skip PTRACE_GETREGSET NT_PRFPREG: %s", scenario, strerror(errno));
    }
    kill(p, SIGKILL);
    waitpid(p, &st, 0);
}

static int pin(int cpu)
{
    cpu_set_t s;
    CPU_ZERO(&s);
    CPU_SET(cpu, &s);
    return sched_setaffinity(0, sizeof s, &s);
}

static void migrate_scenario(void)
{
    if (ncpus < 2) {
        out("migrate skip one CPU online; migration needs two");
        return;
    }
    if (pin(0) != 0) {
        out("migrate skip sched_setaffinity(cpu0): %s", strerror(errno));
        return;
    }
    int fds[2];
    if (pipe(fds) != 0) {
        out("migrate skip pipe: %s", strerror(errno));
        return;
    }
    pid_t hog = fork();
    if (hog == 0) {
        /* the other FP user on cpu0: loads Y, then keeps cpu0's registers busy (bounded: ~10^9 adds) */
        alarm(10);
        pin(0);
        char c = 1;
        if (write(fds[1], &c, 1) != 1) {
            _exit(4);
        }
        fp_spin(Y, 1000000000L);
        _exit(0);
    }
    char c;
    if (read(fds[0], &c, 1) != 1) {
        out("migrate skip the other FP user did not start");
        return;
    }
    uint8_t o1[BUF] __attribute__((aligned(64))), o2[BUF] __attribute__((aligned(64)));
    memset(o1, 0, sizeof o1);
    memset(o2, 0, sizeof o2);
    cpu_set_t to1, to0;
    CPU_ZERO(&to1);
    CPU_SET(1, &to1);
    CPU_ZERO(&to0);
    CPU_SET(0, &to0);
    sched_yield(); /* let the other FP user run on cpu0 */
    long r = fp_syscall(W, o1, SYS_sched_setaffinity, 0, sizeof to1, (long) &to1);
    int cpu1 = sched_getcpu();
    home();
    struct timespec ts = { 0, 20 * 1000 * 1000 }; /* give cpu0 to the other FP user for a while */
    nanosleep(&ts, NULL);
    long r2 = fp_syscall(W, o2, SYS_sched_setaffinity, 0, sizeof to0, (long) &to0);
    int cpu0 = sched_getcpu();
    home();
    kill(hog, SIGKILL);
    waitpid(hog, NULL, 0);
    if (r != 0 || r2 != 0) {
        out("migrate skip sched_setaffinity: %ld %ld", r, r2);
        return;
    }
    out("migrate value cpu_after_first %d", cpu1);
    out("migrate value cpu_after_second %d", cpu0);
    hex("migrate", "away", o1, image_size);
    hex("migrate", "back", o2, image_size);
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--idle") == 0) {
        return 0;
    }
    alarm(20);
    machine_info();
    fp_save(HOME);
    build(W, 0);
    build(Y, 0x0101010101010101ULL);
    hex("image", "w", W, image_size);
    hex("image", "y", Y, image_size);
    fork_scenario();
    thread_scenario();
    traced("exec", 1);
    traced("ptrace", 0);
    isolated("signal", signal_plain);
    isolated("sigreturn-modified", signal_modify);
    isolated("sigreturn-bad-mxcsr", signal_bad);
    isolated("ldmxcsr-reserved", ldmxcsr_body);
    migrate_scenario();
    out("info done");
    return 0;
}
