#include "bot/conversation/nlu/evaluation.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>

namespace followup::nlu {

std::vector<labelled> read_labelled(const std::string& path, std::string& error) {
  std::vector<labelled> out;
  std::ifstream in(path);
  if (!in) {
    error = path + ": cannot open";
    return out;
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1 || line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    if (tab == std::string::npos) {
      error = path + ":" + std::to_string(number) + ": expected intent<TAB>text";
      return {};
    }
    out.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  return out;
}

intent_report evaluate(const intent_classifier& c, const std::vector<labelled>& set) {
  intent_report r;
  const auto& names = c.intent_names();
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < names.size(); ++i) index[names[i]] = i;
  r.confusion.assign(names.size(), std::vector<std::size_t>(names.size(), 0));
  r.intents.resize(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) r.intents[i].name = names[i];
  auto started = std::chrono::steady_clock::now();
  for (const auto& item : set) {
    auto u = c.classify(item.text);
    auto e = index.find(item.intent);
    auto g = index.find(u.intent);
    if (e == index.end() || g == index.end()) continue;
    ++r.total;
    r.confusion[e->second][g->second]++;
    r.intents[e->second].support++;
    r.intents[g->second].predicted++;
    if (e->second == g->second) {
      ++r.correct;
      r.intents[e->second].hits++;
    } else {
      r.misses.push_back({item.text, item.intent, u.intent, u.confidence});
    }
  }
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  r.accuracy = r.total ? static_cast<double>(r.correct) / r.total : 0;
  double recall_sum = 0;
  std::size_t with_support = 0;
  for (auto& i : r.intents) {
    i.precision = i.predicted ? static_cast<double>(i.hits) / i.predicted : 0;
    i.recall = i.support ? static_cast<double>(i.hits) / i.support : 0;
    i.f1 = (i.precision + i.recall) > 0 ? 2 * i.precision * i.recall / (i.precision + i.recall) : 0;
    if (i.support) {
      recall_sum += i.recall;
      ++with_support;
      if (i.recall < r.min_recall) {
        r.min_recall = i.recall;
        r.min_recall_intent = i.name;
      }
    }
  }
  r.macro_recall = with_support ? recall_sum / with_support : 0;
  std::sort(r.misses.begin(), r.misses.end(),
            [](const auto& a, const auto& b) { return a.confidence > b.confidence; });
  return r;
}

std::string format_report(const intent_report& r, std::size_t worst) {
  std::string out;
  char buf[512];
  std::snprintf(
      buf, sizeof buf, "accuracy: %.3f  (%zu/%zu)\nmacro recall: %.3f\nlowest recall: %.3f (%s)\n",
      r.accuracy, r.correct, r.total, r.macro_recall, r.min_recall, r.min_recall_intent.c_str());
  out += buf;
  std::snprintf(buf, sizeof buf, "classification: %.1f us/message\n\n",
                r.total ? r.seconds * 1e6 / r.total : 0.0);
  out += buf;
  std::snprintf(buf, sizeof buf, "%-22s %-9s %-7s %-6s %s\n", "intent", "precision", "recall", "f1",
                "support");
  out += buf;
  for (const auto& i : r.intents) {
    if (!i.support && !i.predicted) continue;
    std::snprintf(buf, sizeof buf, "%-22s %-9.3f %-7.3f %-6.3f %zu\n", i.name.c_str(), i.precision,
                  i.recall, i.f1, i.support);
    out += buf;
  }
  out += "\nconfusion matrix (rows: expected, columns: got, by row number)\n";
  std::snprintf(buf, sizeof buf, "%-24s", "");
  out += buf;
  for (std::size_t j = 0; j < r.intents.size(); ++j) {
    std::snprintf(buf, sizeof buf, "%3zu", j + 1);
    out += buf;
  }
  out += '\n';
  for (std::size_t i = 0; i < r.intents.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%2zu %-21s", i + 1, r.intents[i].name.c_str());
    out += buf;
    for (std::size_t j = 0; j < r.intents.size(); ++j) {
      if (r.confusion[i][j] == 0) {
        out += "  .";
      } else {
        std::snprintf(buf, sizeof buf, "%3zu", r.confusion[i][j]);
        out += buf;
      }
    }
    out += '\n';
  }
  out += "\nworst misses (most confident first)\n";
  for (std::size_t k = 0; k < r.misses.size() && k < worst; ++k) {
    const auto& m = r.misses[k];
    std::snprintf(buf, sizeof buf, "  %.2f  expected %-20s got %-20s ", m.confidence,
                  m.expected.c_str(), m.got.c_str());
    out += buf;
    out += m.text.substr(0, 100);
    out += '\n';
  }
  return out;
}

}  // namespace followup::nlu
