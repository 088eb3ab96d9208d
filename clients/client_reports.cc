// Client: filing reports, the taxonomy, channels and trends (docs/signals.md).
#include "clients/client.h"
#include "clients/group_state.h"
#include "crypto/consent.h"
#include "crypto/primitives.h"
#include "crypto/scrubber.h"
#include "signals/geohash.h"

namespace weerbaar::client {
namespace {

Status UnexpectedReply() { return DataLoss("unexpected reply from the server"); }

// The checks of a draft that need only the taxonomy.
Status CheckDraft(const ReportDraft& d, const signals::Category* category) {
  if (category == nullptr) return InvalidArgument("unknown category");
  if (d.text.empty()) return InvalidArgument("a report needs a text");
  if (d.text.size() > crypto::kMaxScrubInputBytes) return InvalidArgument("report text too long");
  if (d.lat.has_value() != d.lon.has_value())
    return InvalidArgument("a location needs both latitude and longitude");
  if (d.lat) WB_RETURN_IF_ERROR(signals::EncodeGeohash(*d.lat, *d.lon, 1));
  if (!d.photo.empty() && !signals::PhotoAllowedInGroup(*category))
    return PermissionDenied("a report of a category that describes a person carries no photo");
  if (d.photo.size() > kMaxReportPhotoBytes) return InvalidArgument("photo too large");
  return Status::Ok();
}

LocalReport MakeReport(ByteView group_id, const v1::GroupInfo& group, const ReportDraft& d,
                       int64_t now) {
  LocalReport r;
  r.set_report_id(ToString(crypto::RandomBytes(crypto::kReportIdBytes)));
  r.set_group_id(ToString(group_id));
  r.set_community_id(group.community_id());
  r.set_category(d.category);
  r.set_text(d.text);
  r.set_has_location(d.lat.has_value());
  r.set_lat(d.lat.value_or(0));
  r.set_lon(d.lon.value_or(0));
  r.set_happened_at_ms(static_cast<uint64_t>(d.happened_at_ms != 0 ? d.happened_at_ms : now));
  r.set_photo(d.photo);
  return r;
}

v1::GroupContent ReportContent(const LocalReport& r) {
  v1::GroupContent content;
  v1::ReportBody* body = content.mutable_report();
  body->set_report_id(r.report_id());
  body->set_category(r.category());
  body->set_text(r.text());
  if (r.has_location()) {
    body->set_lat(r.lat());
    body->set_lon(r.lon());
  }
  body->set_photo(r.photo());
  body->set_happened_at_ms(r.happened_at_ms());
  return content;
}

}  // namespace

Result<LocalReport> Client::FileReport(ByteView group_id, const ReportDraft& draft) {
  if (!joined()) return FailedPrecondition("this profile has not joined a server");
  WB_ASSIGN_OR_RETURN(const signals::Taxonomy* taxonomy, Taxonomy());
  WB_RETURN_IF_ERROR(CheckDraft(draft, taxonomy->Find(draft.category)));
  WB_ASSIGN_OR_RETURN(v1::GroupInfo group, GetGroup(group_id));
  LocalReport report = MakeReport(group_id, group, draft, options_.clock->NowMillis());
  WB_RETURN_IF_ERROR(SendContent(group_id, ReportContent(report)));
  *state_.mutable_signals()->add_reports() = report;
  WB_RETURN_IF_ERROR(Save());
  return report;
}

Result<const signals::Taxonomy*> Client::Taxonomy() {
  if (taxonomy_) return &*taxonomy_;
  v1::ClientMessage request;
  request.mutable_get_taxonomy();
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_taxonomy_json()) return UnexpectedReply();
  auto taxonomy = signals::Taxonomy::FromJson(reply.taxonomy_json().json());
  if (!taxonomy.ok()) return DataLoss("the server's taxonomy does not parse");
  taxonomy_.emplace(std::move(*taxonomy));
  return &*taxonomy_;
}

Status Client::SetTaxonomy(std::string_view overrides_json) {
  v1::ClientMessage request;
  request.mutable_set_taxonomy()->set_overrides_json(std::string(overrides_json));
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_ok()) return UnexpectedReply();
  taxonomy_.reset();
  return Status::Ok();
}

Result<HttpReply> Client::Open311(std::string_view target) {
  if (!identity_) return FailedPrecondition("this profile has not joined a server");
  WB_ASSIGN_OR_RETURN(WsUrl url, ParseWsUrl(state_.server_url()));
  const std::string full = "/open311/v2/" + std::string(target);
  return SignedHttpGet(url, full, *identity_, AsBytes(state_.server_id()),
                       options_.clock->NowMillis(), std::chrono::seconds(30));
}

Result<std::vector<signals::Suggestion>> Client::SuggestCategories(std::string_view text) {
  WB_ASSIGN_OR_RETURN(const signals::Taxonomy* taxonomy, Taxonomy());
  return signals::SuggestCategories(text, *taxonomy);
}

Result<LocalReport> Client::FindReport(ByteView report_id) const {
  for (const LocalReport& r : state_.signals().reports())
    if (SameBytes(r.report_id(), report_id)) return r;
  return NotFound("no report with that id on this device");
}

Result<std::vector<v1::ChannelInfo>> Client::ListChannels(ByteView community_id) {
  v1::ClientMessage request;
  request.mutable_list_channels()->set_community_id(ToString(community_id));
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_channel_list()) return UnexpectedReply();
  const auto& list = reply.channel_list().channels();
  return std::vector<v1::ChannelInfo>(list.begin(), list.end());
}

Result<v1::ChannelInfo> Client::LookupChannel(ByteView channel_id) {
  WB_ASSIGN_OR_RETURN(std::vector<v1::CommunitySummary> communities, ListCommunities());
  for (const v1::CommunitySummary& community : communities) {
    WB_ASSIGN_OR_RETURN(std::vector<v1::ChannelInfo> channels,
                        ListChannels(AsBytes(community.community_id())));
    for (v1::ChannelInfo& c : channels)
      if (SameBytes(c.channel_id(), channel_id)) return std::move(c);
  }
  return NotFound("no channel with that id in your communities");
}

Result<Bytes> Client::CreateChannel(const v1::CreateChannel& create) {
  v1::ClientMessage request;
  *request.mutable_create_channel() = create;
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_channel_created()) return UnexpectedReply();
  return ToBytes(reply.channel_created().channel_id());
}

Result<v1::TrendCells> Client::GetTrends(ByteView channel_id, int64_t from_ms, int64_t to_ms) {
  v1::ClientMessage request;
  v1::GetTrends* get = request.mutable_get_trends();
  get->set_channel_id(ToString(channel_id));
  get->set_from_ms(static_cast<uint64_t>(from_ms));
  get->set_to_ms(static_cast<uint64_t>(to_ms));
  WB_ASSIGN_OR_RETURN(v1::ServerMessage reply, Call(std::move(request)));
  if (!reply.has_trend_cells()) return UnexpectedReply();
  return reply.trend_cells();
}

}  // namespace weerbaar::client
