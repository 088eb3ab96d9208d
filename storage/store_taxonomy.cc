// The admin's taxonomy overrides (signals/taxonomy.h): stored as their JSON in `meta`,
// written with an audit entry in one atomic batch. The store keeps the text; whether it
// applies (the house rule, channel policies) is checked by the server before it asks.
#include "storage/audit.h"
#include "storage/store.h"
#include "storage/store_impl.h"
#include "storage/txn.h"
#include "storage/view.h"

namespace weerbaar::storage {
namespace {

constexpr std::string_view kTaxonomyOverridesKey = "taxonomy-overrides";
constexpr size_t kMaxOverridesBytes = 256 * 1024;  // signals::kMaxTaxonomyJsonBytes

}  // namespace

void Store::SetTaxonomyOverrides(std::string overrides_json, Id actor, Callback<Done> done) {
  impl_->Submit<Done>(
      [json = std::move(overrides_json), actor = std::move(actor)](Txn& txn) -> Result<Done> {
        if (json.empty() || json.size() > kMaxOverridesBytes)
          return InvalidArgument("taxonomy overrides size");
        WB_RETURN_IF_ERROR(txn.Put(Cf::kMeta, kTaxonomyOverridesKey, json));
        WB_RETURN_IF_ERROR(ApplyAppendAudit(
            txn, {AuditAction::kAdminAction, actor, {}, "taxonomy overrides changed"}));
        return Done{};
      },
      std::move(done));
}

Result<std::optional<std::string>> Store::TaxonomyOverrides() {
  return impl_->view().Get(Cf::kMeta, kTaxonomyOverridesKey);
}

}  // namespace weerbaar::storage
