// Runs the built `weerbaar` binary with a temporary HOME and checks exit codes and output.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "clients/test_util.h"

namespace weerbaar::client {
namespace {

using testing::ModeOf;
using testing::TempDir;

struct CliRun {
  int exit_code = -1;
  std::string out, err;
};

std::string Quote(const std::string& arg) {
  std::string q = "'";
  for (char c : arg) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

size_t Lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }

class CliTest : public ::testing::Test {
 protected:
  CliRun Cli(const std::vector<std::string>& args) {
    std::string cmd = "HOME=" + Quote(home_.path()) + " " + Quote(WEERBAAR_CLI_PATH);
    for (const std::string& a : args) cmd += " " + Quote(a);
    cmd += " >" + Quote(files_.Sub("out")) + " 2>" + Quote(files_.Sub("err")) + " </dev/null";
    int status = std::system(cmd.c_str());
    CliRun r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = ReadAll(files_.Sub("out"));
    r.err = ReadAll(files_.Sub("err"));
    return r;
  }

  // A failure is exactly one stderr line "weerbaar: error: ..." and nothing on stdout.
  static void ExpectOneErrorLine(const CliRun& r) {
    EXPECT_EQ(Lines(r.err), 1u) << r.err;
    EXPECT_EQ(r.err.rfind("weerbaar: error: ", 0), 0u) << r.err;
    EXPECT_EQ(r.out, "");
  }

  TempDir home_, files_;
};

TEST_F(CliTest, NoCommandIsAUsageErrorOnOneLine) {
  CliRun r = Cli({});
  EXPECT_EQ(r.exit_code, 2);
  ExpectOneErrorLine(r);
}

TEST_F(CliTest, AnUnknownCommandIsAUsageError) {
  CliRun r = Cli({"frobnicate"});
  EXPECT_EQ(r.exit_code, 2);
  ExpectOneErrorLine(r);
}

TEST_F(CliTest, JoinWithoutServerIsAUsageError) {
  CliRun r = Cli({"join", "--invite", "abc"});
  EXPECT_EQ(r.exit_code, 2);
  ExpectOneErrorLine(r);
  EXPECT_NE(r.err.find("--server"), std::string::npos) << r.err;
}

TEST_F(CliTest, RefusesBadDurationsAndClassesBeforeConnecting) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"admin", "retention", "set", "--class", "chat-message",
                                 "--default", "0d", "--min", "1d", "--max", "2d"},
        {"admin", "retention", "set", "--class", "chat-message", "--default", "ten days", "--min",
         "1d", "--max", "2d"},
        {"admin", "retention", "set", "--class", "chat-message", "--default", "1d", "--min", "1d",
         "--max", "999999y"},
        {"admin", "retention", "set", "--class", "gossip", "--default", "1d", "--min", "1d",
         "--max", "2d"},
        {"community", "retention", "set", "--community", "Buurt", "--class", "chat-message"},
        {"account", "erase"}}) {
    CliRun r = Cli(args);
    EXPECT_EQ(r.exit_code, 1) << args[0];
    ExpectOneErrorLine(r);
    EXPECT_EQ(r.err.find("joined"), std::string::npos) << r.err;  // refused before the profile
  }
}

TEST_F(CliTest, AnUnknownInviteKindIsAUsageError) {
  CliRun r = Cli({"invite", "create", "--kind", "emperor"});
  EXPECT_EQ(r.exit_code, 2);
  ExpectOneErrorLine(r);
}

TEST_F(CliTest, SendWithoutTextIsAUsageError) {
  CliRun r = Cli({"send", "0123456789abcdef0123456789abcdef"});
  EXPECT_EQ(r.exit_code, 2);
  ExpectOneErrorLine(r);
}

TEST_F(CliTest, EveryCommandHasHelp) {
  for (std::vector<std::string> cmd : {std::vector<std::string>{},
                                       {"join"},
                                       {"whoami"},
                                       {"community", "create"},
                                       {"community", "list"},
                                       {"community", "area"},
                                       {"group", "create"},
                                       {"group", "list"},
                                       {"group", "info"},
                                       {"group", "remove"},
                                       {"invite", "create"},
                                       {"device", "link"},
                                       {"send"},
                                       {"read"},
                                       {"history"},
                                       {"listen"}}) {
    cmd.push_back("--help");
    CliRun r = Cli(cmd);
    EXPECT_EQ(r.exit_code, 0) << cmd.front();
    EXPECT_NE(r.out.find("--help"), std::string::npos) << cmd.front();
    EXPECT_EQ(r.err, "");
  }
}

TEST_F(CliTest, WhoamiBeforeJoiningFailsAndCreatesAPrivateProfile) {
  CliRun r = Cli({"whoami"});
  EXPECT_EQ(r.exit_code, 1);
  ExpectOneErrorLine(r);
  EXPECT_NE(r.err.find("join"), std::string::npos);
  EXPECT_EQ(ModeOf(home_.Sub(".weerbaar")), 0700u);
}

TEST_F(CliTest, GlobalFlagsWorkAfterTheCommandToo) {
  std::string profile = home_.Sub("other");
  CliRun r = Cli({"whoami", "--json", "--profile", profile});
  EXPECT_EQ(r.exit_code, 1);  // not joined; but the flags were understood
  ExpectOneErrorLine(r);
  EXPECT_EQ(ModeOf(profile), 0700u);
}

TEST_F(CliTest, JoinRefusesWssAndLeavesNoIdentity) {
  CliRun r = Cli({"join", "--server", "wss://127.0.0.1:1/", "--invite", "abc"});
  EXPECT_EQ(r.exit_code, 1);
  ExpectOneErrorLine(r);
  EXPECT_FALSE(std::filesystem::exists(home_.Sub(".weerbaar/identity.key")));
}

TEST_F(CliTest, JoinToAClosedPortFailsOnOneLineAndLeavesNoIdentity) {
  // Port 1 on loopback: nothing listens there in a test environment.
  CliRun r = Cli({"join", "--server", "ws://127.0.0.1:1/", "--invite", "abc"});
  EXPECT_EQ(r.exit_code, 1);
  ExpectOneErrorLine(r);
  EXPECT_NE(r.err.find("cannot connect"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(home_.Sub(".weerbaar/identity.key")));
}

TEST_F(CliTest, ARefusedProfileFolderIsReportedOnOneLine) {
  std::string shared = home_.Sub("shared");
  std::filesystem::create_directory(shared);
  std::filesystem::permissions(shared, std::filesystem::perms(0755));
  CliRun r = Cli({"--profile", shared, "whoami"});
  EXPECT_EQ(r.exit_code, 1);
  ExpectOneErrorLine(r);
  EXPECT_NE(r.err.find("chmod 700"), std::string::npos) << r.err;
}

TEST_F(CliTest, TheSignalCommandsHaveHelp) {
  for (std::vector<std::string> cmd : {std::vector<std::string>{"report", "file"},
                                       {"report", "preview"},
                                       {"report", "share"},
                                       {"report", "list"},
                                       {"report", "withdraw"},
                                       {"report", "answer"},
                                       {"channel", "create"},
                                       {"channel", "list"},
                                       {"channel", "invite"},
                                       {"partner", "cards"},
                                       {"partner", "status"},
                                       {"partner", "ask"},
                                       {"partner", "update"},
                                       {"trends"}}) {
    cmd.push_back("--help");
    CliRun r = Cli(cmd);
    EXPECT_EQ(r.exit_code, 0) << cmd[0] << " " << cmd[1];
    EXPECT_NE(r.out.find("--help"), std::string::npos) << cmd[0];
  }
}

TEST_F(CliTest, MissingSignalArgumentsAreUsageErrors) {
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"report", "file"},
        {"report", "share", "0123456789abcdef"},
        {"channel", "create", "Buurt", "Gemeente"},  // no --categories
        {"partner", "status", "0123456789abcdef0123456789abcdef"},
        {"report"}}) {
    CliRun r = Cli(args);
    EXPECT_EQ(r.exit_code, 2) << args.back();
    ExpectOneErrorLine(r);
  }
}

TEST_F(CliTest, BadShareIdsAndStatusesAreRefusedBeforeConnecting) {
  const std::string share = "0123456789abcdef0123456789abcdef";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"partner", "status", share, "done"},
        {"partner", "status", "0123", "resolved"},
        {"partner", "ask", "not-hex", "Welke container?"},
        {"partner", "update", "not-hex", "Opgeruimd"},
        {"report", "answer", "0123", "Die bij nummer 12."}}) {
    CliRun r = Cli(args);
    EXPECT_EQ(r.exit_code, 1) << args[2];
    ExpectOneErrorLine(r);
    EXPECT_EQ(r.err.find("joined"), std::string::npos) << r.err;  // refused before the profile
  }
  CliRun r = Cli({"partner", "status", share, "done"});
  EXPECT_NE(r.err.find("in_progress"), std::string::npos) << r.err;  // names the known ones
}

}  // namespace
}  // namespace weerbaar::client
