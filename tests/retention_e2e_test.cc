// Erasure (Art. 17) and export (Art. 15/20) end to end: the real server binary, the real
// `weerbaar` CLI, and the data folder decoded file by file (storage/disk_scan_test_util.h).
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/src.hpp>  // Boost.JSON's implementation, once for this binary
#include <fstream>
#include <sstream>

#include "common/bytes.h"
#include "storage/disk_scan_test_util.h"
#include "tests/harness.h"

namespace weerbaar::testing {
namespace {

namespace json = boost::json;

constexpr char kCanary[] = "canary-5e1d-erase-me-entirely";

class RetentionE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<ServerProcess>(tmp_.Sub("data"));
    ASSERT_TRUE(server_->Start()) << server_->log();
    Ok(admin_, {"--json", "join", "--server", server_->url(), "--invite", server_->admin_invite(),
                "--name", "Admin"});
    community_ = JsonField(Ok(admin_, {"--json", "community", "create", "Buurt"}), "community_id");
    group_ = JsonField(
        Ok(admin_, {"--json", "group", "create", "--community", community_, "Straat"}), "group_id");
    for (const Cli* who : {&anna_, &bram_}) {
      std::string token = JsonField(
          Ok(admin_, {"--json", "invite", "create", "--kind", "group", "--group", group_}),
          "token");
      Ok(*who, {"--json", "join", "--server", server_->url(), "--invite", token, "--name",
                who == &anna_ ? "Anna" : "Bram"});
    }
    Ok(anna_, {"send", group_, kCanary});
  }
  void TearDown() override {
    if (HasFailure() && server_) std::cerr << "server log:\n" << server_->log();
  }

  std::string Ok(const Cli& cli, std::vector<std::string> args) {
    ProcessResult r = cli.Run(args);
    EXPECT_EQ(r.exit_code, 0) << "weerbaar " << args[1] << ": " << r.err;
    return r.out;
  }
  json::object OkJson(const Cli& cli, std::vector<std::string> args) {
    std::string out = Ok(cli, std::move(args));
    return json::parse(out).as_object();
  }
  // The files of the data folder that hold `hex_id` (as raw bytes), decoded.
  std::vector<std::string> FilesHolding(const std::string& hex_id) {
    Result<storage::DiskScan> scan = storage::DiskScan::Of(server_->data_dir());
    EXPECT_TRUE(scan.ok()) << scan.status().ToString();
    if (!scan.ok()) return {"<scan failed>"};
    EXPECT_GT(scan->sst_entries() + scan->wal_records(), 0u);  // the decoders saw data
    return scan->FilesHolding(ToString(*HexDecode(hex_id)));
  }

  TempDir tmp_;
  std::unique_ptr<ServerProcess> server_;
  Cli admin_{tmp_.Sub("admin")}, anna_{tmp_.Sub("anna")}, bram_{tmp_.Sub("bram")};
  std::string community_, group_;
};

TEST_F(RetentionE2eTest, AnErasedResidentLeavesNoTraceInAnyFileOfTheDataFolder) {
  json::object anna = OkJson(anna_, {"--json", "whoami"});
  std::string user_id(anna["user_id"].as_string()), device_id(anna["device_id"].as_string());
  uint64_t epoch_before =
      OkJson(bram_, {"--json", "group", "info", group_})["epoch"].to_number<uint64_t>();

  // Control: her ids are in the decoded files before the erasure (read while the server runs:
  // SST files are immutable, and ldb reads the live WAL).
  EXPECT_FALSE(FilesHolding(user_id).empty());
  EXPECT_FALSE(FilesHolding(device_id).empty());

  EXPECT_NE(anna_.Run({"account", "erase"}).exit_code, 0);  // no --yes, nothing happens
  json::object receipt = OkJson(anna_, {"--json", "account", "erase", "--yes"});
  EXPECT_EQ(receipt["user_id"].as_string(), user_id);
  EXPECT_EQ(receipt["devices"].to_number<uint64_t>(), 1u);
  EXPECT_EQ(receipt["messages"].to_number<uint64_t>(), 1u);
  EXPECT_GE(receipt["memberships"].to_number<uint64_t>(), 2u);
  EXPECT_GE(receipt["data_keys_destroyed"].to_number<uint64_t>(), 1u);
  json::array left = receipt["left_groups"].as_array();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(left[0].at("group_id").as_string(), group_);

  // The other member sees the change: a new epoch, and Anna is gone.
  json::object info = OkJson(bram_, {"--json", "group", "info", group_});
  EXPECT_EQ(info["epoch"].to_number<uint64_t>(), left[0].at("epoch").to_number<uint64_t>());
  EXPECT_GT(info["epoch"].to_number<uint64_t>(), epoch_before);
  EXPECT_EQ(json::serialize(info).find(user_id), std::string::npos);
  // Her device no longer authenticates.
  EXPECT_NE(anna_.Run({"group", "list"}).exit_code, 0);

  // The erasure asked for a sweep (flush and full compaction), which runs before shutdown:
  // no SST or WAL file holds her ids. RocksDB's MANIFEST still names them as the boundary
  // keys of files that compaction deleted, until the database is opened again and writes a
  // fresh MANIFEST (docs/retention.md, Known limits).
  ASSERT_EQ(server_->Stop(), 0);
  for (const std::string& id : {user_id, device_id})
    for (const std::string& file : FilesHolding(id))
      EXPECT_NE(file.find("MANIFEST-"), std::string::npos) << file;
  ASSERT_TRUE(server_->Start()) << server_->log();
  ASSERT_EQ(server_->Stop(), 0);
  EXPECT_EQ(FilesHolding(user_id), std::vector<std::string>{});
  EXPECT_EQ(FilesHolding(device_id), std::vector<std::string>{});
}

TEST_F(RetentionE2eTest, AnExportHoldsHerAccountDevicesMembershipsMessagesAndRetention) {
  std::string path = tmp_.Sub("anna-export.json");
  Ok(anna_, {"account", "export", "--out", path});
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  json::object out = json::parse(text.str()).as_object();
  json::object anna = OkJson(anna_, {"--json", "whoami"});

  EXPECT_EQ(out["format"].as_string(), "weerbaar-export-1");
  EXPECT_EQ(out["account"].at("user_id"), anna["user_id"]);
  EXPECT_EQ(out["account"].at("display_name").as_string(), "Anna");
  ASSERT_EQ(out["devices"].as_array().size(), 1u);
  EXPECT_EQ(out["devices"].at(0).at("device_id"), anna["device_id"]);
  ASSERT_EQ(out["communities"].as_array().size(), 1u);
  EXPECT_EQ(out["communities"].at(0).at("community_id").as_string(), community_);
  ASSERT_EQ(out["groups"].as_array().size(), 1u);
  EXPECT_EQ(out["groups"].at(0).at("group_id").as_string(), group_);
  ASSERT_EQ(out["messages"].as_array().size(), 1u);
  const json::value& message = out["messages"].at(0);
  EXPECT_FALSE(message.at("ciphertext").as_string().empty());
  EXPECT_EQ(message.at("ciphertext").as_string().find(kCanary), std::string::npos);
  EXPECT_TRUE(message.at("decrypted").as_bool());
  EXPECT_EQ(message.at("text").as_string(), kCanary);  // decrypted by her device, not the server
  bool chat = false;
  for (const json::value& r : out["retention"].as_array())
    chat |= r.at("data_class").as_string() == "chat-message" &&
            r.at("period_ms").to_number<uint64_t>() > 0;
  EXPECT_TRUE(chat);
  EXPECT_EQ(out["device"].at("decrypted_messages").to_number<uint64_t>(), 1u);

  // Another member's export holds none of it.
  json::object bram = json::parse(Ok(bram_, {"account", "export"})).as_object();
  EXPECT_TRUE(bram["messages"].as_array().empty());
  EXPECT_EQ(json::serialize(bram).find(kCanary), std::string::npos);
}

TEST_F(RetentionE2eTest, AnAdminSetsPoliciesResidentsSeeThemAndTheAuditVerifies) {
  Ok(admin_, {"admin", "retention", "set", "--class", "chat-message", "--default", "30d", "--min",
              "1d", "--max", "60d"});
  ProcessResult refused = anna_.Run({"admin", "retention", "set", "--class", "chat-message",
                                     "--default", "30d", "--min", "1d", "--max", "60d"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("PERMISSION_DENIED"), std::string::npos) << refused.err;
  EXPECT_NE(admin_
                .Run({"community", "retention", "set", "--community", community_, "--class",
                      "chat-message", "--period", "90d"})
                .exit_code,
            0);  // above the admin's maximum
  Ok(admin_, {"community", "retention", "set", "--community", community_, "--class", "chat-message",
              "--period", "7d"});

  std::string shown = Ok(anna_, {"retention", "show", "--community", community_});
  EXPECT_NE(shown.find("chat-message    7 days (community"), std::string::npos) << shown;
  json::array everywhere = json::parse(Ok(anna_, {"--json", "retention", "show"})).as_array();
  bool admin_default = false;
  for (const json::value& r : everywhere)
    admin_default |= r.at("data_class").as_string() == "chat-message" &&
                     r.at("period_ms").to_number<uint64_t>() == 30ull * 86'400'000 &&
                     r.at("source").as_string() == "admin";
  EXPECT_TRUE(admin_default);

  json::object audit = OkJson(admin_, {"--json", "admin", "audit", "verify"});
  EXPECT_TRUE(audit["intact"].as_bool());
  EXPECT_GE(audit["entries"].to_number<uint64_t>(), 2u);  // both changes are on the record
  EXPECT_EQ(audit["head_hash"].as_string().size(), 64u);
  EXPECT_NE(anna_.Run({"admin", "audit", "verify"}).exit_code, 0);

  std::string record = Ok(admin_, {"admin", "records-of-processing"});
  EXPECT_NE(record.find("chat-message"), std::string::npos);
  EXPECT_NE(record.find("30 days (admin"), std::string::npos) << record;
  EXPECT_NE(record.find("purpose:"), std::string::npos);
}

}  // namespace
}  // namespace weerbaar::testing
