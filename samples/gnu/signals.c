/*
 * Signals delivered to handlers, step by step, each step one line: a handler with and without
 * SA_SIGINFO, raise, kill to a child, SIGCHLD, a timer cutting a blocking read short (EINTR) and
 * one restarted by SA_RESTART, nanosleep's time left, a periodic setitimer, a blocked signal
 * delivered once unblocked, sigsuspend, SA_NODEFER and SA_RESETHAND, a SIGSEGV handler that
 * siglongjmps out, a handler on the alternate stack, SIGPIPE, and last abort() with a SIGABRT
 * handler, after which the default action ends the program (status 134).
 *
 * The output depends on nothing but the signals' semantics, so it is the same under czemu and
 * qemu-arm. The first step comes before any stdio, so a trace of the start-up, the first handler
 * and its sigreturn compares instruction for instruction with qemu-arm's (first_signal_done marks
 * its end).
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sighelp.h"

static volatile sig_atomic_t caught, depth, deepest, ticks;
static volatile int info_signo, info_code, info_pid, info_status;
static volatile void *info_addr;
static sigjmp_buf recovery;
static char alternate[64 * 1024];
static volatile int on_alternate, reported_onstack;
static int pipe_fds[2];
/* An address no mapping covers (page 0); volatile so the compiler keeps the store. */
static int *volatile nowhere = (int *) 16;

static void count(int sig) { (void) sig; caught++; }

static void with_info(int sig, siginfo_t *info, void *context) {
    (void) context;
    caught++;
    info_signo = sig;
    info_code = info->si_code;
    info_pid = info->si_pid;
    info_status = info->si_status;
    info_addr = info->si_addr;
}

/* Where the first step ends: a trace compared with qemu-arm's stops here. */
__attribute__((noinline)) void first_signal_done(void) { __asm__ volatile(""); }

static void first_step(void) {
    signal(SIGUSR1, count); /* no SA_SIGINFO: a sigframe, left by sigreturn */
    raise(SIGUSR1);
    first_signal_done();
}

static void siginfo_step(void) {
    caught = 0;
    install_info(SIGUSR2, with_info, 0); /* an rt_sigframe, left by rt_sigreturn */
    raise(SIGUSR2);
    printf("SA_SIGINFO handler: signal %s, si_code %s, si_pid is ours: %s\n", info_signo == SIGUSR2 ? "SIGUSR2" : "?",
           info_code == SI_TKILL ? "SI_TKILL" : "?", info_pid == getpid() ? "yes" : "no");
}

static void child_says(int sig) {
    (void) sig;
    static const char line[] = "child: SIGUSR1 from its parent\n";
    write(1, line, sizeof line - 1);
    _exit(7);
}

static void kill_child_step(void) {
    int ready[2];
    pipe(ready);
    pid_t child = fork();
    if (child == 0) {
        install(SIGUSR1, child_says, 0);
        write(ready[1], "r", 1);
        for (;;) pause();
    }
    char c;
    read(ready[0], &c, 1);
    kill(child, SIGUSR1);
    int status;
    waitpid(child, &status, 0);
    printf("kill to a child: it exited with %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);

    child = fork();
    if (child == 0) {
        write(ready[1], "r", 1);
        for (;;) pause();
    }
    read(ready[0], &c, 1);
    kill(child, SIGTERM);
    waitpid(child, &status, 0);
    printf("SIGTERM to a child: killed by signal %d\n", WIFSIGNALED(status) ? WTERMSIG(status) : -1);
    close(ready[0]);
    close(ready[1]);
}

static void sigchld_step(void) {
    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    caught = 0;
    install_info(SIGCHLD, with_info, 0);
    pid_t child = fork();
    if (child == 0) _exit(3);
    while (!caught) sigsuspend(&old);
    sigprocmask(SIG_SETMASK, &old, NULL);
    waitpid(child, NULL, 0);
    printf("SIGCHLD: si_code %s, si_status %d, si_pid is the child: %s\n", info_code == CLD_EXITED ? "CLD_EXITED" : "?",
           info_status, info_pid == child ? "yes" : "no");
    signal(SIGCHLD, SIG_DFL);
}

static void write_x(int sig) { (void) sig; caught++; write(pipe_fds[1], "x", 1); }

static void interrupted_read_step(void) {
    char c;
    pipe(pipe_fds);
    caught = 0;
    install(SIGALRM, count, 0);
    arm(50, 0);
    ssize_t n = read(pipe_fds[0], &c, 1);
    printf("read cut short by SIGALRM: %zd %s, handler ran: %s\n", n, n < 0 && errno == EINTR ? "EINTR" : "?",
           caught ? "yes" : "no");

    caught = 0;
    install(SIGALRM, write_x, SA_RESTART);
    arm(50, 0);
    n = read(pipe_fds[0], &c, 1);
    printf("read with SA_RESTART: %zd byte '%c', handler ran: %s\n", n, n == 1 ? c : '?', caught ? "yes" : "no");
}

static void nanosleep_step(void) {
    struct timespec asked = {5, 0}, left = {0, 0};
    install(SIGALRM, count, 0);
    arm(50, 0);
    int r = nanosleep(&asked, &left);
    printf("nanosleep cut short: %d %s, time left between 4 and 5 s: %s\n", r, r < 0 && errno == EINTR ? "EINTR" : "?",
           left.tv_sec == 4 ? "yes" : "no");
}

static void tick(int sig) { (void) sig; ticks++; }

static void periodic_step(void) {
    install(SIGALRM, tick, 0);
    ticks = 0;
    arm(20, 20);
    while (ticks < 3) pause();
    arm(0, 0);
    struct itimerval now;
    getitimer(ITIMER_REAL, &now);
    printf("periodic setitimer: %d ticks, disarmed: %s\n", (int) ticks,
           now.it_value.tv_sec == 0 && now.it_value.tv_usec == 0 ? "yes" : "no");
}

static void blocked_step(void) {
    sigset_t usr1, pending;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    install(SIGUSR1, count, 0);
    caught = 0;
    sigprocmask(SIG_BLOCK, &usr1, NULL);
    raise(SIGUSR1);
    sigpending(&pending);
    int while_blocked = caught;
    sigprocmask(SIG_UNBLOCK, &usr1, NULL);
    printf("blocked SIGUSR1: pending %s, handled while blocked %d, once unblocked %d\n",
           sigismember(&pending, SIGUSR1) ? "yes" : "no", while_blocked, (int) caught);
}

static void sigsuspend_step(void) {
    sigset_t alrm, old, during, after;
    sigemptyset(&alrm);
    sigaddset(&alrm, SIGALRM);
    install(SIGALRM, count, 0);
    caught = 0;
    sigprocmask(SIG_BLOCK, &alrm, &old);
    arm(50, 0);
    during = old;
    sigdelset(&during, SIGALRM);
    int r = sigsuspend(&during);
    int e = errno;
    sigprocmask(SIG_BLOCK, NULL, &after);
    printf("sigsuspend: %d %s, handler ran: %s, SIGALRM blocked again: %s\n", r, e == EINTR ? "EINTR" : "?",
           caught ? "yes" : "no", sigismember(&after, SIGALRM) ? "yes" : "no");
    sigprocmask(SIG_SETMASK, &old, NULL);
}

static void nested(int sig) {
    caught++;
    depth++;
    if (depth > deepest) deepest = depth;
    if (caught == 1) raise(sig);
    depth--;
}

static void mask_flags_step(void) {
    caught = deepest = depth = 0;
    install(SIGUSR1, nested, 0);
    raise(SIGUSR1);
    printf("raise inside the handler: ran %d times, nested %d deep\n", (int) caught, (int) deepest);
    caught = deepest = depth = 0;
    install(SIGUSR1, nested, SA_NODEFER);
    raise(SIGUSR1);
    printf("with SA_NODEFER: ran %d times, nested %d deep\n", (int) caught, (int) deepest);

    caught = 0;
    install(SIGUSR1, count, SA_RESETHAND);
    raise(SIGUSR1);
    struct sigaction now;
    sigaction(SIGUSR1, NULL, &now);
    printf("SA_RESETHAND: handled %d, action now SIG_DFL: %s\n", (int) caught, now.sa_handler == SIG_DFL ? "yes" : "no");
}

static void recover(int sig, siginfo_t *info, void *context) {
    with_info(sig, info, context);
    siglongjmp(recovery, 1);
}

static void segv_step(void) {
    install_info(SIGSEGV, recover, 0);
    if (sigsetjmp(recovery, 1) == 0) {
        *nowhere = 1;
        printf("no SIGSEGV?\n");
    }
    printf("SIGSEGV at %p (%s), back by siglongjmp\n", (void *) info_addr, info_code == SEGV_MAPERR ? "SEGV_MAPERR" : "?");
    signal(SIGSEGV, SIG_DFL);
}

static void on_stack(int sig) {
    (void) sig;
    char here;
    stack_t now;
    on_alternate = &here >= alternate && &here < alternate + sizeof alternate;
    sigaltstack(NULL, &now);
    reported_onstack = (now.ss_flags & SS_ONSTACK) != 0;
}

static void altstack_step(void) {
    stack_t ss = {alternate, 0, sizeof alternate}, now;
    sigaltstack(&ss, NULL);
    install(SIGUSR2, on_stack, SA_ONSTACK);
    raise(SIGUSR2);
    sigaltstack(NULL, &now);
    printf("SA_ONSTACK: on the alternate stack %s, SS_ONSTACK there %s, and after %s\n", on_alternate ? "yes" : "no",
           reported_onstack ? "yes" : "no", now.ss_flags & SS_ONSTACK ? "yes" : "no");
    ss.ss_flags = SS_DISABLE;
    sigaltstack(&ss, NULL);
}

static void sigpipe_step(void) {
    int p[2];
    pipe(p);
    close(p[0]);
    caught = 0;
    install(SIGPIPE, count, 0);
    ssize_t n = write(p[1], "x", 1);
    printf("write to a pipe nobody reads: %zd %s, SIGPIPE handled: %s\n", n, n < 0 && errno == EPIPE ? "EPIPE" : "?",
           caught ? "yes" : "no");
    close(p[1]);
}

static void on_abort(int sig) {
    (void) sig;
    static const char line[] = "SIGABRT handler ran; abort goes on to the default action\n";
    write(1, line, sizeof line - 1);
}

int main(void) {
    first_step();
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("handler without SA_SIGINFO: SIGUSR1 caught %d time\n", (int) caught);
    siginfo_step();
    kill_child_step();
    sigchld_step();
    interrupted_read_step();
    nanosleep_step();
    periodic_step();
    blocked_step();
    sigsuspend_step();
    mask_flags_step();
    segv_step();
    altstack_step();
    sigpipe_step();
    install(SIGABRT, on_abort, 0);
    abort();
}
