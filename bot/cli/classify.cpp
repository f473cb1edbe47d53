#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "bot/cli/commands.hpp"
#include "bot/cli/rules_loading.hpp"
#include "bot/config.hpp"
#include "bot/engine/engine.hpp"
#include "bot/conversation/nlu/dates.hpp"
#include "bot/conversation/nlu/entities.hpp"

namespace followup::cli {

// One message per line in, one JSON object per line out (DESIGN.md). Dates are resolved
// against the current time in FOLLOWUP_TIMEZONE (default UTC).
int classify(const std::vector<std::string>& args) {
  // --explain: also how each clause reads on its own (for tuning the rules, not a contract).
  const bool explain = std::find(args.begin(), args.end(), "--explain") != args.end();
  // --latency: at the end, per-message time of the whole work (understanding, entities, dates,
  // JSON) on stderr, for tests/bench/classify.sh.
  const bool latency = std::find(args.begin(), args.end(), "--latency") != args.end();
  std::vector<double> micros;
  std::string error;
  auto cfg = load_config("", error);
  if (!cfg) {
    std::fprintf(stderr, "classify: %s\n", error.c_str());
    return 2;
  }
  auto r = load_rules_or_explain("classify", cfg->rules_dir);
  if (!r) return 1;
  const auto* tz = nlu::find_zone(cfg->timezone);
  if (!tz) {
    std::fprintf(stderr, "classify: unknown time zone '%s'\n", cfg->timezone.c_str());
    return 2;
  }
  knowledge k(std::move(*r));
  system_clock clk;
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto started = std::chrono::steady_clock::now();
    inbound m;
    m.text = line;
    auto u = understand(k, m);
    const auto& doc = *u.doc;
    auto entities = nlu::extract_entities(doc, 0, doc.tokens.size());
    nlu::add_dates(entities, doc, 0, doc.tokens.size(), clk.now(), *tz);
    auto intents = nlohmann::json::array();
    for (const auto& i : u.intents) intents.push_back(i.intent);
    nlohmann::json out{{"text", line},
                       {"intent", u.intent},
                       {"confidence", u.confidence},
                       {"entities", entities},
                       {"intents", intents}};
    if (explain) {
      auto clauses = nlohmann::json::array();
      for (const auto& c : k.reader.explain(doc)) {
        static constexpr const char* acts[] = {"question", "request", "statement"};
        clauses.push_back({{"text", c.text},
                           {"act", acts[static_cast<int>(c.act)]},
                           {"intent", c.intent},
                           {"confidence", c.confidence},
                           {"carries", c.carries}});
      }
      out["clauses"] = std::move(clauses);
      auto steps = nlohmann::json::array();
      for (const auto& st : u.steps) {
        steps.push_back({{"intent", st.intent},
                         {"text", std::string(doc.slice(st.tb, st.te))},
                         {"main", st.main}});
      }
      out["steps"] = std::move(steps);
    }
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    if (latency) {
      micros.push_back(std::chrono::duration<double, std::micro>(
                           std::chrono::steady_clock::now() - started)
                           .count());
    }
  }
  if (latency && !micros.empty()) {
    std::sort(micros.begin(), micros.end());
    auto at = [&](double q) {
      return micros[std::min(micros.size() - 1, static_cast<std::size_t>(q * micros.size()))];
    };
    std::fprintf(stderr, "classify latency: %zu messages, p50 %.1f us, p99 %.1f us, max %.1f us\n",
                 micros.size(), at(0.5), at(0.99), micros.back());
  }
  return 0;
}

}  // namespace followup::cli
