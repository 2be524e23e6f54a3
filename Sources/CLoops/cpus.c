#define _GNU_SOURCE
#include "CLoops.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <unistd.h>

// The quota of the cgroup at `directory` (cgroup v2's cpu.max: "QUOTA PERIOD" or "max PERIOD"),
// as a number of processors rounded up; 0 when there is none.
static long cgroup_quota(const char *directory) {
    char path[4096];
    snprintf(path, sizeof path, "%s/cpu.max", directory);
    FILE *file = fopen(path, "r");
    if (!file) return 0;
    char quota[32] = {0};
    long period = 0;
    long processors = 0;
    if (fscanf(file, "%31s %ld", quota, &period) == 2 && strcmp(quota, "max") != 0 && period > 0) {
        long microseconds = atol(quota);
        if (microseconds > 0) processors = (microseconds + period - 1) / period;
    }
    fclose(file);
    return processors;
}

long gb_available_cpus(void) {
    long count = sysconf(_SC_NPROCESSORS_ONLN);
#if defined(__linux__)
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        long allowed = CPU_COUNT(&set);
        if (allowed > 0 && (count < 1 || allowed < count)) count = allowed;
    }
    // cgroup v2: this process's group (from /proc/self/cgroup, "0::/PATH"), and the root of
    // the hierarchy as a container sees it.
    char line[4096];
    FILE *groups = fopen("/proc/self/cgroup", "r");
    if (groups) {
        while (fgets(line, sizeof line, groups)) {
            if (strncmp(line, "0::", 3) != 0) continue;
            line[strcspn(line, "\n")] = 0;
            char directory[4200];
            snprintf(directory, sizeof directory, "/sys/fs/cgroup%s", line + 3);
            long quota = cgroup_quota(directory);
            if (quota > 0 && quota < count) count = quota;
        }
        fclose(groups);
    }
    long root = cgroup_quota("/sys/fs/cgroup");
    if (root > 0 && root < count) count = root;
    // cgroup v1: cpu.cfs_quota_us / cpu.cfs_period_us.
    FILE *quotaFile = fopen("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "r");
    FILE *periodFile = fopen("/sys/fs/cgroup/cpu/cpu.cfs_period_us", "r");
    if (quotaFile && periodFile) {
        long quota = 0, period = 0;
        if (fscanf(quotaFile, "%ld", &quota) == 1 && fscanf(periodFile, "%ld", &period) == 1 && quota > 0
            && period > 0) {
            long processors = (quota + period - 1) / period;
            if (processors < count) count = processors;
        }
    }
    if (quotaFile) fclose(quotaFile);
    if (periodFile) fclose(periodFile);
#endif
    return count < 1 ? 1 : count;
}

void gb_yield(void) { sched_yield(); }

static long requested_threads = 0;

void gb_request_threads(long count) { requested_threads = count; }

long gb_thread_count(void) { return requested_threads > 0 ? requested_threads : gb_available_cpus(); }
