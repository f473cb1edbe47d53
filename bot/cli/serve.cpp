#include <cstdio>

#include "bot/app.hpp"
#include "bot/cli/commands.hpp"
#include "bot/log.hpp"

namespace followup::cli {

int serve(const std::vector<std::string>& args) {
  std::string config_file;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--config" && i + 1 < args.size()) {
      config_file = args[++i];
    } else {
      std::fprintf(stderr, "serve: unexpected argument '%s' (usage: serve [--config FILE])\n",
                   args[i].c_str());
      return 2;
    }
  }
  std::string error;
  auto cfg = load_config(config_file, error);
  if (!cfg) {
    std::fprintf(stderr, "followup-bot: %s\n", error.c_str());
    return 2;
  }
  try {
    app server(*cfg);
    auto ep = server.start();
    std::fprintf(stderr, "Follow-Up Bot is listening on %s://%s:%u/\n",
                 cfg->tls_cert.empty() ? "http" : "https", ep.address().to_string().c_str(),
                 static_cast<unsigned>(ep.port()));
    server.run();
    return 0;
  } catch (const startup_error& e) {
    std::fprintf(stderr, "followup-bot: %s\n", e.what());
    return 1;
  }
}

}  // namespace followup::cli
