#include "clients/group_state.h"

#include <gtest/gtest.h>

namespace weerbaar::client {
namespace {

HistoryEntry Entry(uint64_t seq, const std::string& text) {
  HistoryEntry e;
  e.set_seq(seq);
  e.set_text(text);
  return e;
}

ReceivedKey Key(char device, char key_id, uint64_t epoch) {
  ReceivedKey k;
  k.set_sender_device(std::string(16, device));
  k.set_key_id(std::string(16, key_id));
  k.set_epoch(epoch);
  return k;
}

TEST(GroupStateTest, HistoryStaysSortedBySeqWhateverTheArrivalOrder) {
  GroupState g;
  EXPECT_TRUE(AddHistory(g, Entry(8, "mine, sent before reading")));
  EXPECT_TRUE(AddHistory(g, Entry(6, "six")));
  EXPECT_TRUE(AddHistory(g, Entry(7, "seven")));
  EXPECT_TRUE(AddHistory(g, Entry(9, "nine")));
  ASSERT_EQ(g.history_size(), 4);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(g.history(i).seq(), 6u + i);
  EXPECT_TRUE(HasHistory(g, 7));
  EXPECT_FALSE(HasHistory(g, 5));
}

TEST(GroupStateTest, HistoryKeepsTheFirstEntryOfASeq) {
  GroupState g;
  EXPECT_TRUE(AddHistory(g, Entry(1, "original")));
  EXPECT_FALSE(AddHistory(g, Entry(1, "replayed")));
  ASSERT_EQ(g.history_size(), 1);
  EXPECT_EQ(g.history(0).text(), "original");
}

TEST(GroupStateTest, ReceivedKeysAreFoundByDeviceAndKeyId) {
  GroupState g;
  PutReceivedKey(g, Key('a', '1', 1));
  PutReceivedKey(g, Key('b', '1', 1));
  ReceivedKey* k = FindReceivedKey(g, AsBytes(std::string(16, 'b')), AsBytes(std::string(16, '1')));
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->sender_device(), std::string(16, 'b'));
  EXPECT_EQ(FindReceivedKey(g, AsBytes(std::string(16, 'c')), AsBytes(std::string(16, '1'))),
            nullptr);
}

TEST(GroupStateTest, KeepsOnlyTheNewestKeysOfEachDevice) {
  GroupState g;
  for (uint64_t epoch = 1; epoch <= kMaxReceivedKeysPerDevice + 2; ++epoch)
    PutReceivedKey(g, Key('a', static_cast<char>('0' + epoch), epoch));
  PutReceivedKey(g, Key('b', 'x', 1));
  ASSERT_EQ(g.received_size(), kMaxReceivedKeysPerDevice + 1);
  for (const ReceivedKey& k : g.received()) {
    if (k.sender_device() == std::string(16, 'a')) {
      EXPECT_GT(k.epoch(), 2u);
    }
  }
  EXPECT_NE(FindReceivedKey(g, AsBytes(std::string(16, 'b')), AsBytes(std::string(16, 'x'))),
            nullptr);
}

TEST(GroupStateTest, ReplacingAKeyKeepsOneCopy) {
  GroupState g;
  PutReceivedKey(g, Key('a', '1', 1));
  ReceivedKey newer = Key('a', '1', 1);
  newer.set_serialized("advanced");
  PutReceivedKey(g, newer);
  ASSERT_EQ(g.received_size(), 1);
  EXPECT_EQ(g.received(0).serialized(), "advanced");
}

TEST(GroupStateTest, NamesOfFormerMembersAreKept) {
  GroupState g;
  v1::GroupInfo info;
  info.set_name("Straat");
  v1::Member* m = info.add_members();
  m->set_user_id(std::string(16, 'a'));
  m->set_display_name("Anna");
  RememberNames(g, info);
  info.clear_members();
  RememberNames(g, info);
  EXPECT_EQ(g.name(), "Straat");
  EXPECT_EQ(NameOf(g, AsBytes(std::string(16, 'a'))), "Anna");
  EXPECT_EQ(NameOf(g, AsBytes(std::string(16, '\x01'))), "01010101");
}

TEST(GroupStateTest, FindsAndAddsGroups) {
  ClientState s;
  EXPECT_EQ(FindGroup(s, AsBytes(std::string(16, 'g'))), nullptr);
  GroupState& g = GroupFor(s, AsBytes(std::string(16, 'g')));
  g.set_cursor(4);
  EXPECT_EQ(&GroupFor(s, AsBytes(std::string(16, 'g'))), &g);
  EXPECT_EQ(s.groups_size(), 1);
}

}  // namespace
}  // namespace weerbaar::client
