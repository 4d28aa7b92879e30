#ifndef ADAPERT_SIGNAL_GUARD_H
#define ADAPERT_SIGNAL_GUARD_H

/* A guard for calls into a C library that trusts its input file: libhdf5 1.10 follows a damaged
   global-heap reference of a variable-length string without checking it, and then crashes or loops forever.

   While a guard is entered on a thread:
   - a fatal signal raised on that thread (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT) writes
     "Error: <file>: libhdf5 crashed reading '<object>', ..." to stderr and ends the process with status 1;
   - once the thread has spent `cpu_seconds` of CPU time inside the guard (an endless loop: a stalled file
     system costs no CPU and never triggers it), the same kind of line says so and the process ends with 1 (a damaged size or an endless loop).
   Outside a guard, and on other threads, fatal signals go to the handler installed before (the Swift
   runtime's backtracer), so genuine bugs still crash loudly. Handlers are installed by the first enter. */

/* Enters the guard on the calling thread for a read of `object` in `file`. Guards nest: an inner enter and
   leave (a read inside a read) keep the outermost message and CPU budget. */
void adapert_signal_guard_enter(const char *file, const char *object, double cpu_seconds);

/* Leaves the guard on the calling thread. */
void adapert_signal_guard_leave(void);

#endif
