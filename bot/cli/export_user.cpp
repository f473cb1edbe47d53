#include <cstdio>

#include <nlohmann/json.hpp>

#include "bot/cli/commands.hpp"
#include "bot/config.hpp"
#include "bot/conversation/export_document.hpp"
#include "bot/store/sqlite_store.hpp"

namespace followup::cli {

int export_user(const std::vector<std::string>& args) {
  std::string who;
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == "--user") who = args[i + 1];
  }
  auto colon = who.find(':');
  if (who.empty() || colon == std::string::npos || colon == 0 || colon + 1 == who.size()) {
    std::fprintf(stderr, "export: usage: export --user PLATFORM:ID\n");
    return 2;
  }
  std::string error;
  auto cfg = load_config("", error);
  if (!cfg) {
    std::fprintf(stderr, "export: %s\n", error.c_str());
    return 2;
  }
  try {
    auto s = open_sqlite_store(cfg->db);
    auto user = s->find_user(who.substr(0, colon), who.substr(colon + 1));
    if (!user) {
      std::fprintf(stderr, "export: no user %s in %s\n", who.c_str(), cfg->db.c_str());
      return 1;
    }
    settle_statuses(user->interviews, system_clock{}.now());
    auto doc = export_document(*user);
    std::printf("%s\n", doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "export: %s\n", e.what());
    return 1;
  }
}

}  // namespace followup::cli
