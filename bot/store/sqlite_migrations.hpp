#pragma once
#include <span>
#include <string_view>

namespace followup::sqlite {
class database;

// Schema versions in order; version N is the N-th entry. Applied once each, in a transaction,
// recorded in PRAGMA user_version, so existing data survives an upgrade.
std::span<const std::string_view> migrations();

// Brings `db` to the newest version; returns the version it was at before.
int migrate(database& db);
}  // namespace followup::sqlite
