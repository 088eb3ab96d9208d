#include "storage/disk_scan_test_util.h"

#include <rocksdb/options.h>
#include <rocksdb/sst_file_reader.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "common/bytes.h"

namespace weerbaar::storage {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string UpperHex(std::string_view bytes) {
  std::string hex = HexEncode(AsBytes(bytes));
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return hex;
}

// Runs a command; its standard output, or an error if it cannot run or fails.
Result<std::string> Run(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return FailedPrecondition("cannot run: " + command);
  std::string out;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  const int status = pclose(pipe);
  if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return FailedPrecondition("command failed: " + command + ": " + out);
  }
  return out;
}

}  // namespace

Result<DiskScan> DiskScan::Of(const std::string& dir) {
  WB_RETURN_IF_ERROR(Run("command -v ldb >/dev/null 2>&1").status());
  DiskScan scan;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) WB_RETURN_IF_ERROR(scan.Add(entry.path().string()));
  }
  return scan;
}

Status DiskScan::Add(const std::string& path) {
  File file;
  file.name = std::filesystem::path(path).filename().string();
  file.raw = ReadAll(path);
  if (path.ends_with(".sst")) WB_RETURN_IF_ERROR(DecodeSst(file, path));
  if (path.ends_with(".log") && file.name != "LOG") WB_RETURN_IF_ERROR(DecodeWal(file, path));
  files_.push_back(std::move(file));
  return Status::Ok();
}

Status DiskScan::DecodeSst(File& file, const std::string& path) {
  rocksdb::SstFileReader reader{rocksdb::Options()};
  rocksdb::Status s = reader.Open(path);
  if (!s.ok()) return DataLoss("cannot open " + file.name + ": " + s.ToString());
  std::unique_ptr<rocksdb::Iterator> it(reader.NewIterator(rocksdb::ReadOptions()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    file.decoded.append(it->key().ToStringView());
    file.decoded.push_back('\0');
    file.decoded.append(it->value().ToStringView());
    file.decoded.push_back('\0');
    ++sst_entries_;
  }
  ++sst_files_;
  if (!it->status().ok()) return DataLoss("cannot read " + file.name);
  return Status::Ok();
}

Status DiskScan::DecodeWal(File& file, const std::string& path) {
  WB_ASSIGN_OR_RETURN(file.decoded,
                      Run("ldb dump_wal --walfile='" + path + "' --print_value --header 2>&1"));
  file.hex = true;
  // Every record line starts with "<seq>,<count>,..."; the header line does not.
  for (size_t at = file.decoded.find('\n'); at != std::string::npos;
       at = file.decoded.find('\n', at + 1)) {
    if (at + 1 < file.decoded.size() && std::isdigit(file.decoded[at + 1])) ++wal_records_;
  }
  ++wal_files_;
  return Status::Ok();
}

std::vector<std::string> DiskScan::FilesHolding(std::string_view needle) const {
  std::vector<std::string> found;
  const std::string hex = UpperHex(needle);
  for (const File& file : files_) {
    const bool in_raw = file.raw.find(needle) != std::string::npos;
    const bool in_decoded = file.hex ? file.decoded.find(hex) != std::string::npos
                                     : file.decoded.find(needle) != std::string::npos;
    if (in_raw || in_decoded) found.push_back(file.name);
  }
  return found;
}

}  // namespace weerbaar::storage
