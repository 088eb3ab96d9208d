// What the benchmark reads about processes from /proc (Linux only).
#pragma once

#include <sys/types.h>

#include <cstdint>

#include "common/status.h"

namespace weerbaar::bench {

// User plus system CPU time of every thread of `pid` so far, in seconds (clock-tick
// resolution, usually 10 ms). kNotFound if the process is gone.
Result<double> CpuSeconds(pid_t pid);

// Resident set size (VmRSS) of `pid`, in bytes. kNotFound if the process is gone.
Result<int64_t> RssBytes(pid_t pid);

// Raises this process's soft limit of open files to its hard limit; returns the new limit.
uint64_t RaiseFdLimit();

}  // namespace weerbaar::bench
