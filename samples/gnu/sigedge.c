/*
 * The corners of signal delivery, one line each: a SIGILL handler that steps over the instruction by
 * changing the saved PC in its ucontext, SIGSEGV from a jump to address 0 (an instruction fetch) and
 * from a write to the program's read-only text (SEGV_ACCERR), a handler that returns and lets the
 * store fault again, 20 times, until it makes the page writable (the store then completes), a stack
 * overflow caught by a handler on the alternate stack, handlers installed without SA_RESTORER (they
 * return through the kernel's own return code), SIGKILL that can be neither caught nor blocked, ignored
 * signals (SIG_IGN, and SIGWINCH by default), a pending signal dropped when its action becomes
 * SIG_IGN, a futex wait cut short (EINTR) and one made again by SA_RESTART (then EAGAIN: the handler
 * changed the word), wait4 cut short by a signal that is not SIGCHLD, and sigreturn with frames that
 * are not sound (SP not 8-byte aligned, SP where nothing is mapped, no VFP block): each ends its
 * child with SIGSEGV, the emulator never.
 *
 * With the argument "threads": a signal to a process whose main thread blocks it is taken by the
 * other thread (qemu-arm cannot do that: it leaves the signal pending on the thread the host gave
 * it to, so this run is checked against its expected output alone).
 * With "queue": a real-time signal sent three times while blocked is handled three times, a standard
 * one once (qemu-arm keeps one sending of each signal, so this is checked against its expected output
 * alone).
 * With "cpsr": a handler sets the saved CPSR to a privileged mode; the kernel refuses that frame
 * with SIGSEGV (qemu-arm keeps user mode and goes on, so this too is czemu and Linux only).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "sighelp.h"

static volatile sig_atomic_t caught;
static volatile int futex_word;
static volatile int handler_tid;

static void count(int sig) { (void) sig; caught++; }

/* Runs body in a child and says how the child ended. */
static void in_child(const char *what, void (*body)(void)) {
    pid_t child = fork();
    if (child == 0) {
        body();
        _exit(0);
    }
    int status;
    waitpid(child, &status, 0);
    if (WIFSIGNALED(status)) printf("%s: killed by signal %d\n", what, WTERMSIG(status));
    else printf("%s: exited with %d\n", what, WEXITSTATUS(status));
}

static void step_over(int sig, siginfo_t *info, void *context) {
    ucontext_t *uc = context;
    caught++;
    /* Linux says ILL_ILLOPC (czemu too), qemu-arm ILL_ILLOPN: either is an illegal opcode. */
    int opcode = info->si_code == ILL_ILLOPC || info->si_code == ILL_ILLOPN;
    printf("SIGILL: si_code an illegal opcode: %s, si_addr is the instruction: %s\n", opcode ? "yes" : "no",
           (unsigned long) info->si_addr == uc->uc_mcontext.arm_pc ? "yes" : "no");
    (void) sig;
    uc->uc_mcontext.arm_pc += 4; /* the sigreturn resumes after it */
}

static void sigill_step(void) {
    install_info(SIGILL, step_over, 0);
    caught = 0;
    __asm__ volatile(".inst 0xe7f000f0"); /* udf #0 */
    printf("after the undefined instruction: handled %d, went on past it\n", (int) caught);
    signal(SIGILL, SIG_DFL);
}

static sigjmp_buf back;
static volatile int fault_code;
static void *volatile fault_addr;
static void (*volatile nowhere)(void) = 0;

static void jump_back(int sig, siginfo_t *info, void *context) {
    (void) sig;
    (void) context;
    fault_code = info->si_code;
    fault_addr = info->si_addr;
    siglongjmp(back, 1);
}

static void sigsegv_kinds_step(void) {
    install_info(SIGSEGV, jump_back, 0);
    if (sigsetjmp(back, 1) == 0) nowhere();
    printf("a call to address 0: SIGSEGV at %p, %s\n", fault_addr, fault_code == SEGV_MAPERR ? "SEGV_MAPERR" : "?");
    if (sigsetjmp(back, 1) == 0) *(volatile int *) (void *) sigsegv_kinds_step = 0;
    printf("a write to the program's text: SIGSEGV at the function: %s, %s\n",
           fault_addr == (void *) sigsegv_kinds_step ? "yes" : "no", fault_code == SEGV_ACCERR ? "SEGV_ACCERR" : "?");
    signal(SIGSEGV, SIG_DFL);
}

static char *read_only;
static volatile int segv_rounds;

static void unprotect_at_20(int sig) {
    (void) sig;
    if (++segv_rounds == 20) mprotect(read_only, 4096, PROT_READ | PROT_WRITE);
}

static void refault_step(void) {
    read_only = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    install(SIGSEGV, unprotect_at_20, 0);
    *(volatile char *) read_only = 'w';
    printf("a store that faults until its handler's 20th run makes the page writable: %d SIGSEGVs, stored %s\n",
           segv_rounds, read_only[0] == 'w' ? "yes" : "no");
    signal(SIGSEGV, SIG_DFL);
    munmap(read_only, 4096);
}

static char alternate[64 * 1024];
static volatile int depth;

static void leave_overflow(int sig) { (void) sig; siglongjmp(back, 1); }

/* Deeper and deeper until the stack's 8 MiB run out (the limit is never reached first). */
static int recurse(int n) {
    volatile char pad[1024];
    if (n == 1 << 30) return 0;
    pad[0] = (char) n;
    depth++;
    return recurse(n + 1) + pad[0];
}

static void overflow_step(void) {
    stack_t ss = {alternate, 0, sizeof alternate};
    sigaltstack(&ss, NULL);
    install(SIGSEGV, leave_overflow, SA_ONSTACK);
    if (sigsetjmp(back, 1) == 0) recurse(0);
    printf("a stack overflow caught by a handler on the alternate stack, after more than 7000 calls: %s\n",
           depth > 7000 ? "yes" : "no");
    signal(SIGSEGV, SIG_DFL);
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
}

/* struct sigaction as the rt_sigaction call takes it on ARM: glibc's sigaction would add its restorer. */
struct kernel_sigaction {
    void *handler;
    unsigned long flags;
    void *restorer;
    unsigned long long mask;
};

static void counted_info(int sig, siginfo_t *info, void *context) {
    (void) sig;
    (void) info;
    (void) context;
    caught++;
}

static void no_restorer_step(void) {
    caught = 0;
    struct kernel_sigaction plain = {(void *) count, 0, NULL, 0}, with_info = {(void *) counted_info, SA_SIGINFO, NULL, 0};
    syscall(SYS_rt_sigaction, SIGUSR1, &plain, NULL, 8);
    raise(SIGUSR1);
    syscall(SYS_rt_sigaction, SIGUSR2, &with_info, NULL, 8);
    raise(SIGUSR2);
    printf("handlers without SA_RESTORER, with and without SA_SIGINFO: returned %d times\n", (int) caught);
    signal(SIGUSR1, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);
}

static void block_everything(void) {
    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    pause();
}

static void sigkill_step(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = count;
    int r = sigaction(SIGKILL, &sa, NULL);
    printf("sigaction on SIGKILL: %d %s\n", r, r < 0 && errno == EINVAL ? "EINVAL" : "?");
    sigset_t all, now;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, &now);
    sigset_t blocked;
    sigprocmask(SIG_BLOCK, NULL, &blocked);
    printf("everything blocked but SIGKILL %s and SIGSTOP %s\n", sigismember(&blocked, SIGKILL) ? "too" : "no",
           sigismember(&blocked, SIGSTOP) ? "too" : "no");
    sigprocmask(SIG_SETMASK, &now, NULL);

    pid_t child = fork();
    if (child == 0) block_everything();
    struct timespec moment = {0, 20 * 1000 * 1000};
    nanosleep(&moment, NULL);
    kill(child, SIGKILL);
    int status;
    waitpid(child, &status, 0);
    printf("SIGKILL to a child that blocks everything: killed by signal %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : -1);
}

static void ignored_step(void) {
    caught = 0;
    signal(SIGUSR1, SIG_IGN);
    raise(SIGUSR1);
    raise(SIGWINCH);
    printf("SIG_IGN and a default-ignored signal: still here\n");

    sigset_t usr2, pending;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    install(SIGUSR2, count, 0);
    sigprocmask(SIG_BLOCK, &usr2, NULL);
    raise(SIGUSR2);
    signal(SIGUSR2, SIG_IGN);
    sigpending(&pending);
    sigprocmask(SIG_UNBLOCK, &usr2, NULL);
    printf("a pending signal set to SIG_IGN: still pending %s, handled %d\n", sigismember(&pending, SIGUSR2) ? "yes" : "no",
           (int) caught);
    signal(SIGUSR1, SIG_DFL);
    signal(SIGUSR2, SIG_DFL);
}

static void change_word(int sig) { (void) sig; caught++; futex_word = 1; }

static long futex_wait(volatile int *word, int value, const struct timespec *timeout) {
    return syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, value, timeout, NULL, 0);
}

static void futex_step(void) {
    struct timespec five = {5, 0};
    caught = 0;
    futex_word = 0;
    install(SIGALRM, count, 0);
    arm(50, 0);
    long r = futex_wait(&futex_word, 0, &five);
    printf("timed futex wait cut short: %ld %s, handled %d\n", r, r < 0 && errno == EINTR ? "EINTR" : "?", (int) caught);

    caught = 0;
    install(SIGALRM, change_word, SA_RESTART);
    arm(50, 0);
    r = futex_wait(&futex_word, 0, NULL);
    printf("futex wait made again after an SA_RESTART handler: %ld %s, handled %d\n", r,
           r < 0 && errno == EAGAIN ? "EAGAIN" : "?", (int) caught);
}

static void wait4_step(void) {
    pid_t child = fork();
    if (child == 0) {
        for (;;) pause();
    }
    caught = 0;
    install(SIGALRM, count, 0);
    arm(50, 0);
    int status;
    pid_t r = waitpid(child, &status, 0);
    printf("wait4 cut short by SIGALRM: %d %s, handled %d\n", r, r < 0 && errno == EINTR ? "EINTR" : "?", (int) caught);
    kill(child, SIGTERM);
    waitpid(child, &status, 0);
}

/* sigreturn (rt, number 173) with SP at frame. */
static void rt_sigreturn_at(void *frame) {
    __asm__ volatile("mov sp, %0\n\tmov r7, #173\n\tsvc 0" : : "r"(frame) : "r7", "memory");
}

static char fake_frame[1024] __attribute__((aligned(8)));

static void misaligned(void) { rt_sigreturn_at(fake_frame + 4); }
static void unmapped(void) { rt_sigreturn_at((void *) 0x2000); }
static void no_vfp_block(void) {
    /* A user-mode CPSR, but no VFP magic in uc_regspace. */
    ((unsigned *) fake_frame)[(128 + 20 + 76) / 4] = 0x10;
    rt_sigreturn_at(fake_frame);
}

static void bad_frames_step(void) {
    in_child("rt_sigreturn with SP not 8-byte aligned", misaligned);
    in_child("rt_sigreturn with SP where nothing is mapped", unmapped);
    in_child("rt_sigreturn of a frame without its VFP block", no_vfp_block);
}

static void privileged(int sig, siginfo_t *info, void *context) {
    (void) sig;
    (void) info;
    ((ucontext_t *) context)->uc_mcontext.arm_cpsr |= 0x1f; /* system mode */
}

static void privileged_cpsr(void) {
    install_info(SIGUSR1, privileged, 0);
    raise(SIGUSR1);
    printf("went on in a privileged mode?\n");
}

static void *other_thread(void *unused) {
    (void) unused;
    while (!caught) pause();
    return NULL;
}

static void on_other(int sig) {
    (void) sig;
    handler_tid = (int) syscall(SYS_gettid);
    caught++;
}

static void threads_step(void) {
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    caught = 0;
    install(SIGUSR1, on_other, 0);
    pthread_t other;
    pthread_create(&other, NULL, other_thread, NULL);
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    struct timespec moment = {0, 20 * 1000 * 1000};
    nanosleep(&moment, NULL);
    kill(getpid(), SIGUSR1);
    pthread_join(other, NULL);
    printf("SIGUSR1 to the process, blocked by the main thread: taken by the other thread: %s\n",
           handler_tid != 0 && handler_tid != getpid() ? "yes" : "no");
}

static volatile sig_atomic_t realtime_caught;

static void count_realtime(int sig) { (void) sig; realtime_caught++; }

static void queue_step(void) {
    sigset_t both;
    sigemptyset(&both);
    sigaddset(&both, SIGRTMIN + 2);
    sigaddset(&both, SIGUSR1);
    caught = realtime_caught = 0;
    install(SIGRTMIN + 2, count_realtime, 0);
    install(SIGUSR1, count, 0);
    sigprocmask(SIG_BLOCK, &both, NULL);
    for (int i = 0; i < 3; i++) {
        raise(SIGRTMIN + 2);
        raise(SIGUSR1);
    }
    sigprocmask(SIG_UNBLOCK, &both, NULL);
    printf("sent three times while blocked: SIGRTMIN+2 handled %d times, SIGUSR1 %d time\n", (int) realtime_caught,
           (int) caught);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc > 1 && strcmp(argv[1], "threads") == 0) {
        threads_step();
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "queue") == 0) {
        queue_step();
        return 0;
    }
    if (argc > 1 && strcmp(argv[1], "cpsr") == 0) {
        in_child("a handler's frame with a privileged CPSR", privileged_cpsr);
        return 0;
    }
    sigill_step();
    sigsegv_kinds_step();
    refault_step();
    overflow_step();
    no_restorer_step();
    sigkill_step();
    ignored_step();
    futex_step();
    wait4_step();
    bad_frames_step();
    return 0;
}
