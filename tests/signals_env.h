// The cast of the signal-report end-to-end tests (signals_e2e_test.cc): the real server
// binary on port 0 with a temporary data folder; an admin, a leader and two residents in
// one community group, a municipality and a police channel with one partner each (joined
// through channel invites), all real clients of the client library.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "clients/client.h"
#include "tests/harness.h"

namespace weerbaar::testing {

inline constexpr double kLat = 52.36051, kLon = 4.91742;  // Oosterpark, Amsterdam
inline constexpr char kLitterText[] =
    "Vuilniszakken naast de container. Jan de Vries weet meer: 06-12345678 of "
    "jan@example.nl.";

inline client::ReportDraft Litter() { return {"zwerfafval", kLitterText, kLat, kLon, "", 0}; }

class SignalsEnv : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // A client of a new profile, joined with `invite`.
  std::unique_ptr<client::Client> Join(const std::string& who, const std::string& invite);
  std::string Invite(client::Client& issuer, v1::CreateInvite invite);
  Bytes MakeChannel(const std::string& name, v1::ChannelType type,
                    std::vector<std::string> categories, uint32_t precision);
  // Handles pushes of `who` until `expected` came (each wait bounded; no sleep).
  void ExpectPush(client::Client& who, v1::ServerMessage::BodyCase expected);
  // Anna files the litter report and shares it with the municipality (report_, share_).
  void FileAndShare();
  // The partner's cards after a full sync.
  std::vector<client::PartnerCard> Cards(client::Client& partner, const Bytes& channel);

  TempDir tmp_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<client::Client> admin_, leader_, anna_, bram_, gemeente_, politie_;
  Bytes community_, group_, municipality_, police_;
  Bytes report_, share_;
};

}  // namespace weerbaar::testing
