/*
** runone: run a command, then print its wall time (CLOCK_MONOTONIC), its
** peak resident set (wait4's ru_maxrss, KiB), its exit status and its CPU
** time (user + system, wait4's rusage) as "seconds kib status cpu_seconds".
** On a shared machine the CPU time is the steadier measure of one core's work:
** the wall time also counts the time the program waited for the processor.
** stdout of the command goes to the file named by -o (default /dev/null).
** usage: runone [-o OUT] -- PROGRAM ARGS...
*/
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv) {
  const char *out = "/dev/null";
  struct timespec t0, t1;
  struct rusage ru;
  int i = 1, status = 0, fd;
  pid_t pid;
  if (i + 1 < argc && strcmp(argv[i], "-o") == 0) { out = argv[i + 1]; i += 2; }
  if (i < argc && strcmp(argv[i], "--") == 0) i++;
  if (i >= argc) { fprintf(stderr, "usage: runone [-o OUT] -- PROGRAM ARGS...\n"); return 2; }
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid = fork();
  if (pid < 0) { perror("fork"); return 2; }
  if (pid == 0) {
    fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) { perror(out); _exit(127); }
    dup2(fd, 1);
    close(fd);
    execvp(argv[i], argv + i);
    perror(argv[i]);
    _exit(127);
  }
  if (wait4(pid, &status, 0, &ru) < 0) { perror("wait4"); return 2; }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  printf("%.6f %ld %d %.6f\n", (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
         ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
         (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
             (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
  return 0;
}
