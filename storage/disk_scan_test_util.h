// DiskScan (storage tests): what every file of a RocksDB folder holds, to prove that
// bytes are gone. SST files are decoded with rocksdb::SstFileReader (every key and
// value, after decompression), WAL files with `ldb dump_wal` from Debian's rocksdb-tools
// (RocksDB's WAL reader is not public), and every file is also searched byte by byte.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace weerbaar::storage {

class DiskScan {
 public:
  // Reads every file under `dir`. kFailedPrecondition if `ldb` is missing or fails (a
  // proof that skipped the WAL would prove nothing).
  static Result<DiskScan> Of(const std::string& dir);

  // The files in which `needle` occurs, decoded or raw.
  std::vector<std::string> FilesHolding(std::string_view needle) const;

  size_t sst_files() const { return sst_files_; }
  size_t wal_files() const { return wal_files_; }
  // Key-value pairs read from SST files and records read from WAL files: a control
  // that the decoders did see data.
  size_t sst_entries() const { return sst_entries_; }
  size_t wal_records() const { return wal_records_; }

 private:
  struct File {
    std::string name;
    std::string raw;      // the bytes on disk
    std::string decoded;  // SST: keys and values; WAL: ldb's dump (values in upper hex)
    bool hex = false;     // decoded holds hex text
  };
  Status Add(const std::string& path);
  Status DecodeSst(File& file, const std::string& path);
  Status DecodeWal(File& file, const std::string& path);

  std::vector<File> files_;
  size_t sst_files_ = 0, wal_files_ = 0, sst_entries_ = 0, wal_records_ = 0;
};

}  // namespace weerbaar::storage
