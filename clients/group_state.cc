#include "clients/group_state.h"

#include <algorithm>
#include <vector>

#include "clients/signal_text.h"

namespace weerbaar::client {

bool SameBytes(const std::string& a, ByteView b) {
  ByteView av = AsBytes(a);
  return std::equal(av.begin(), av.end(), b.begin(), b.end());
}

GroupState* FindGroup(ClientState& state, ByteView group_id) {
  for (GroupState& g : *state.mutable_groups())
    if (SameBytes(g.group_id(), group_id)) return &g;
  return nullptr;
}

const GroupState* FindGroup(const ClientState& state, ByteView group_id) {
  for (const GroupState& g : state.groups())
    if (SameBytes(g.group_id(), group_id)) return &g;
  return nullptr;
}

GroupState& GroupFor(ClientState& state, ByteView group_id) {
  if (GroupState* g = FindGroup(state, group_id)) return *g;
  GroupState* g = state.add_groups();
  g->set_group_id(ToString(group_id));
  return *g;
}

ReceivedKey* FindReceivedKey(GroupState& group, ByteView sender_device, ByteView key_id) {
  for (ReceivedKey& k : *group.mutable_received())
    if (SameBytes(k.sender_device(), sender_device) && SameBytes(k.key_id(), key_id)) return &k;
  return nullptr;
}

void PutReceivedKey(GroupState& group, ReceivedKey key) {
  if (ReceivedKey* old =
          FindReceivedKey(group, AsBytes(key.sender_device()), AsBytes(key.key_id())))
    *old = std::move(key);
  else
    *group.add_received() = std::move(key);
  // Newest first per device, so that the ones past the limit are the oldest.
  auto& keys = *group.mutable_received();
  std::stable_sort(keys.pointer_begin(), keys.pointer_end(),
                   [](const ReceivedKey* a, const ReceivedKey* b) {
                     if (a->sender_device() != b->sender_device())
                       return a->sender_device() < b->sender_device();
                     return a->epoch() > b->epoch();
                   });
  int kept = 0, run = 0;
  for (int i = 0; i < keys.size(); ++i) {
    run = (i > 0 && keys[i].sender_device() == keys[i - 1].sender_device()) ? run + 1 : 0;
    if (run < kMaxReceivedKeysPerDevice) keys.SwapElements(kept++, i);
  }
  keys.DeleteSubrange(kept, keys.size() - kept);
}

bool AddHistory(GroupState& group, HistoryEntry entry) {
  auto& history = *group.mutable_history();
  auto pos = std::lower_bound(history.pointer_begin(), history.pointer_end(), entry.seq(),
                              [](const HistoryEntry* e, uint64_t seq) { return e->seq() < seq; });
  if (pos != history.pointer_end() && (*pos)->seq() == entry.seq()) return false;
  int index = static_cast<int>(pos - history.pointer_begin());
  *history.Add() = std::move(entry);
  // Move the new last element into its place; appends (the usual case) move nothing.
  for (int i = history.size() - 1; i > index; --i) history.SwapElements(i, i - 1);
  return true;
}

bool HasHistory(const GroupState& group, uint64_t seq) {
  const auto& h = group.history();
  auto pos = std::lower_bound(h.begin(), h.end(), seq,
                              [](const HistoryEntry& e, uint64_t s) { return e.seq() < s; });
  return pos != h.end() && pos->seq() == seq;
}

bool WasDistributedTo(const OwnSenderKey& key, ByteView device_id) {
  return std::any_of(key.distributed_to().begin(), key.distributed_to().end(),
                     [&](const std::string& d) { return SameBytes(d, device_id); });
}

void RememberNames(GroupState& group, const v1::GroupInfo& info) {
  group.set_name(info.name());
  // Former members keep their entry, so that their old messages still show a name.
  for (const v1::Member& m : info.members()) {
    MemberName* found = nullptr;
    for (MemberName& n : *group.mutable_names())
      if (n.user_id() == m.user_id()) found = &n;
    if (found == nullptr) found = group.add_names();
    found->set_user_id(m.user_id());
    found->set_display_name(m.display_name());
  }
}

std::string NameOf(const GroupState& group, ByteView user_id) {
  for (const MemberName& n : group.names())
    if (SameBytes(n.user_id(), user_id) && !n.display_name().empty()) return n.display_name();
  return HexEncode(user_id).substr(0, 8);
}

void WipeSecret(std::string& secret) {
  volatile char* p = secret.data();
  for (size_t i = 0; i < secret.size(); ++i) p[i] = 0;
  secret.clear();
}

const std::string* SentTextOf(const google::protobuf::RepeatedPtrField<SentText>& sent,
                              const std::string& sealed) {
  const std::string id = SealedBoxId(sealed);
  for (const SentText& s : sent)
    if (s.box_id() == id) return &s.text();
  return nullptr;
}

void KeepSentText(google::protobuf::RepeatedPtrField<SentText>& sent, const std::string& sealed,
                  std::string_view text) {
  SentText* kept = sent.Add();
  kept->set_box_id(SealedBoxId(sealed));
  kept->set_text(std::string(text));
}

}  // namespace weerbaar::client
