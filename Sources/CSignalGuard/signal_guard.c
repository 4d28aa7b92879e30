#include "signal_guard.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/syscall.h>
#endif

static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
enum { fatal_count = sizeof(fatal_signals) / sizeof(fatal_signals[0]) };

static struct sigaction previous_actions[fatal_count];
static pthread_once_t install_once = PTHREAD_ONCE_INIT;

static _Thread_local volatile sig_atomic_t guard_active;
static _Thread_local int guard_depth;
static _Thread_local char crash_message[1536];
static _Thread_local size_t crash_length;
static _Thread_local char loop_message[1536];
static _Thread_local size_t loop_length;
#ifdef __linux__
static _Thread_local timer_t cpu_timer;
static _Thread_local int cpu_timer_armed;
#endif

/* Async-signal-safe: only write(2), _exit(2), sigaction(2) and raise(3). */
static void end_with(const char *message, size_t length) {
    ssize_t ignored = write(STDERR_FILENO, message, length);
    (void)ignored;
    _exit(1);
}

static void on_fatal_signal(int signal_number, siginfo_t *info, void *context) {
    (void)info;
    (void)context;
    if (guard_active) end_with(crash_message, crash_length);
    for (int i = 0; i < fatal_count; i++) {
        if (fatal_signals[i] == signal_number) sigaction(signal_number, &previous_actions[i], NULL);
    }
    /* A fault re-executes the faulting instruction on return and reaches the previous handler; a signal
       sent by abort() or kill() must be raised again. */
    if (signal_number == SIGABRT) raise(signal_number);
}

/* The CPU timer's signal; one that arrives just after the guard was left is ignored. */
static void on_cpu_limit(int signal_number) {
    (void)signal_number;
    if (guard_active) end_with(loop_message, loop_length);
}

static void install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_fatal_signal;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < fatal_count; i++) sigaction(fatal_signals[i], &action, &previous_actions[i]);
    struct sigaction limit;
    memset(&limit, 0, sizeof limit);
    limit.sa_handler = on_cpu_limit;
    sigemptyset(&limit.sa_mask);
    sigaction(SIGXCPU, &limit, NULL);
}

static size_t format(char *buffer, size_t size, const char *file, const char *what, const char *object) {
    int n = snprintf(buffer, size,
                     "Error: %s: libhdf5 %s reading '%s', so the file is damaged; restore it or write it again "
                     "(e.g. with anndata)\n", file, what, object);
    if (n < 0) return 0;
    return (size_t)n < size ? (size_t)n : size - 1;
}

/* Arms a timer on this thread's CPU clock that sends SIGXCPU to this thread after `seconds`. */
static void arm_cpu_timer(double seconds) {
#ifdef __linux__
    struct sigevent event;
    memset(&event, 0, sizeof event);
    event.sigev_notify = SIGEV_THREAD_ID;
    event.sigev_signo = SIGXCPU;
    event._sigev_un._tid = (pid_t)syscall(SYS_gettid);
    if (timer_create(CLOCK_THREAD_CPUTIME_ID, &event, &cpu_timer) != 0) return;
    struct itimerspec when;
    memset(&when, 0, sizeof when);
    when.it_value.tv_sec = (time_t)seconds;
    when.it_value.tv_nsec = (long)((seconds - (double)(time_t)seconds) * 1e9);
    if (timer_settime(cpu_timer, 0, &when, NULL) != 0) {
        timer_delete(cpu_timer);
        return;
    }
    cpu_timer_armed = 1;
#else
    (void)seconds;
#endif
}

void adapert_signal_guard_enter(const char *file, const char *object, double cpu_seconds) {
    pthread_once(&install_once, install);
    if (guard_depth++ > 0) return; /* a nested read keeps the outer read's message and timer */
    crash_length = format(crash_message, sizeof crash_message, file, "crashed", object);
    char looped[96];
    snprintf(looped, sizeof looped, "ran %.0f s of CPU without finishing, far more than the read needs,", cpu_seconds);
    loop_length = format(loop_message, sizeof loop_message, file, looped, object);
    guard_active = 1;
    /* A process started from a thread that blocks signals (libdispatch's workers do) inherits the mask. */
    sigset_t guarded;
    sigemptyset(&guarded);
    sigaddset(&guarded, SIGXCPU);
    for (int i = 0; i < fatal_count; i++) sigaddset(&guarded, fatal_signals[i]);
    pthread_sigmask(SIG_UNBLOCK, &guarded, NULL);
    arm_cpu_timer(cpu_seconds);
}

void adapert_signal_guard_leave(void) {
    if (guard_depth == 0 || --guard_depth > 0) return;
    guard_active = 0;
#ifdef __linux__
    if (cpu_timer_armed) {
        timer_delete(cpu_timer);
        cpu_timer_armed = 0;
    }
#endif
}
