#include "bench/loadgen/proc.h"

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

namespace weerbaar::bench {
namespace {

Result<std::string> ReadProcFile(pid_t pid, const char* name) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/" + name);
  if (!in) return NotFound("no such process");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Result<double> CpuSeconds(pid_t pid) {
  WB_ASSIGN_OR_RETURN(std::string stat, ReadProcFile(pid, "stat"));
  // The command name (field 2) is in parentheses and may hold spaces: count from the
  // last ')'. utime and stime are fields 14 and 15, i.e. the 12th and 13th after it.
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return DataLoss("unreadable /proc stat");
  std::istringstream fields(stat.substr(close + 1));
  std::string skip;
  for (int i = 0; i < 11; ++i) fields >> skip;
  unsigned long long utime = 0, stime = 0;
  if (!(fields >> utime >> stime)) return DataLoss("unreadable /proc stat");
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

Result<int64_t> RssBytes(pid_t pid) {
  WB_ASSIGN_OR_RETURN(std::string status, ReadProcFile(pid, "status"));
  const size_t at = status.find("VmRSS:");
  if (at == std::string::npos) return DataLoss("no VmRSS in /proc status");
  std::istringstream line(status.substr(at + 6));
  int64_t kib = 0;
  if (!(line >> kib)) return DataLoss("unreadable VmRSS");
  return kib * 1024;
}

uint64_t RaiseFdLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
  limit.rlim_cur = limit.rlim_max;
  setrlimit(RLIMIT_NOFILE, &limit);
  getrlimit(RLIMIT_NOFILE, &limit);
  return limit.rlim_cur;
}

}  // namespace weerbaar::bench
