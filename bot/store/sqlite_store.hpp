#pragma once
#include <memory>
#include <string>

#include "bot/store/store.hpp"

namespace followup {

// Opens (creating if needed) the SQLite file in WAL mode and applies migrations.
std::unique_ptr<store> open_sqlite_store(const std::string& path);

}  // namespace followup
